// Where the card goes: beside the phrase, never over it, inside the viewport.

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const GAP = 6;
const MARGIN = 8;

/**
 * `anchor` is the phrase's box (its first and last line rectangles merged), `size` the card's,
 * `viewport` the visible area. Below the phrase when it fits, else above, else beside.
 */
export function placeCard(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { top: number; left: number; side: 'below' | 'above' | 'right' | 'left' } {
  const clampLeft = (x: number) => Math.max(MARGIN, Math.min(x, viewport.width - size.width - MARGIN));
  const clampTop = (y: number) => Math.max(MARGIN, Math.min(y, viewport.height - size.height - MARGIN));
  if (anchor.bottom + GAP + size.height <= viewport.height - MARGIN) {
    return { top: anchor.bottom + GAP, left: clampLeft(anchor.left), side: 'below' };
  }
  if (anchor.top - GAP - size.height >= MARGIN) {
    return { top: anchor.top - GAP - size.height, left: clampLeft(anchor.left), side: 'above' };
  }
  if (anchor.right + GAP + size.width <= viewport.width - MARGIN) {
    return { top: clampTop(anchor.top), left: anchor.right + GAP, side: 'right' };
  }
  return { top: clampTop(anchor.top), left: Math.max(MARGIN, anchor.left - GAP - size.width), side: 'left' };
}

export function unionBox(rects: ArrayLike<DOMRectReadOnly>): Box | null {
  let box: Box | null = null;
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    if (r.width === 0 && r.height === 0) continue;
    box = box
      ? {
          top: Math.min(box.top, r.top),
          left: Math.min(box.left, r.left),
          bottom: Math.max(box.bottom, r.bottom),
          right: Math.max(box.right, r.right),
        }
      : { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
  }
  return box;
}

export function pointInRects(x: number, y: number, rects: ArrayLike<DOMRectReadOnly>, slop = 1): boolean {
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    if (x >= r.left - slop && x <= r.right + slop && y >= r.top - slop && y <= r.bottom + slop) return true;
  }
  return false;
}
