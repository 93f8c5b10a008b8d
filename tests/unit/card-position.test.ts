import { describe, expect, it } from 'vitest';
import { placeCard, pointInRects, unionBox } from '@/utils/card/card-position';

const viewport = { width: 1000, height: 800 };
const size = { width: 300, height: 150 };
const box = (top: number, left: number, bottom: number, right: number) => ({ top, left, bottom, right });

describe('placeCard', () => {
  it.each([
    ['below when there is room', box(100, 50, 120, 200), 'below', 126, 50],
    ['above near the bottom', box(700, 50, 720, 200), 'above', 544, 50],
    ['clamped to the right edge', box(100, 900, 120, 980), 'below', 126, 692],
    ['clamped to the left margin', box(100, -40, 120, 10), 'below', 126, 8],
  ] as const)('%s', (_, anchor, side, top, left) => {
    const place = placeCard(anchor, size, viewport);
    expect(place).toEqual({ side, top, left });
  });

  it('goes beside a phrase that fills the viewport height, never over it', () => {
    const anchor = box(10, 100, 790, 300);
    const place = placeCard(anchor, size, viewport);
    expect(place.side).toBe('right');
    expect(place.left).toBeGreaterThanOrEqual(anchor.right);
  });

  it('never overlaps the anchor in any of its placements', () => {
    for (let top = 0; top < 800; top += 37) {
      for (let left = 0; left < 1000; left += 53) {
        const anchor = box(top, left, top + 18, Math.min(left + 120, 1000));
        const p = placeCard(anchor, size, viewport);
        const overlaps =
          p.left < anchor.right && p.left + size.width > anchor.left && p.top < anchor.bottom && p.top + size.height > anchor.top;
        expect(overlaps, `anchor at ${top},${left}`).toBe(false);
      }
    }
  });
});

describe('unionBox and pointInRects', () => {
  const rects = [new DOMRect(10, 10, 100, 20), new DOMRect(0, 30, 40, 20), new DOMRect(5, 5, 0, 0)];
  it('merges the line boxes of a phrase, skipping empty ones', () => {
    expect(unionBox(rects)).toEqual({ top: 10, left: 0, bottom: 50, right: 110 });
    expect(unionBox([])).toBeNull();
  });
  it.each([
    [50, 20, true],
    [20, 40, true],
    [80, 40, false],
    [200, 20, false],
  ])('point %i,%i inside: %s', (x, y, inside) => {
    expect(pointInRects(x, y, rects)).toBe(inside);
  });
});
