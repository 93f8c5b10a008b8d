// When the hover card opens and closes: the timers both ways, and a frame that an earlier move
// asked for, which must not close a card the pointer has just reached.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPointerHandlers } from '@/utils/content/pointer';
import type { CardController } from '@/utils/card/card-controller';
import type { Occurrence, PageScanner } from '@/utils/page/page-scanner';

const PHRASE_RIGHT = 100; // x < 100 is on the phrase (the field hit test stands in for layout)

function setup() {
  const host = document.createElement('partner-lens-ui');
  const page = document.createElement('p');
  document.body.append(page, host);
  const occ = { id: 1 } as unknown as Occurrence;
  const frames: FrameRequestCallback[] = [];
  const closed: unknown[] = [];
  const card = {
    current: null as Occurrence | null,
    owns: (target: EventTarget | null) => target === host,
    open(o: Occurrence) {
      this.current = o;
    },
    close(opts: unknown) {
      this.current = null;
      closed.push(opts);
    },
  };
  const win = {
    document,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id: number) => clearTimeout(id),
    requestAnimationFrame: (cb: FrameRequestCallback) => frames.push(cb),
  } as unknown as Window;
  const handlers = createPointerHandlers({
    win,
    scanner: () => ({}) as PageScanner,
    card: () => card as unknown as CardController,
    openCard: () => card as unknown as CardController,
    fieldHitTest: (x) => (x < PHRASE_RIGHT ? occ : undefined),
  });
  const move = (x: number, target: EventTarget) =>
    handlers.onPointerMove({ clientX: x, clientY: 10, target } as unknown as PointerEvent);
  const frame = () => frames.splice(0).forEach((f) => f(0));
  return { host, page, occ, card, closed, move, frame };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('pointer: the hover card', () => {
  it('opens after a moment on a phrase and closes a moment after the pointer leaves it', () => {
    const t = setup();
    t.move(50, t.page);
    t.frame();
    vi.advanceTimersByTime(300);
    expect(t.card.current).toBe(t.occ);
    t.move(200, t.page);
    t.frame();
    vi.advanceTimersByTime(300);
    expect(t.card.current).toBe(t.occ);
    vi.advanceTimersByTime(200);
    expect(t.card.current).toBeNull();
  });

  it.each([
    { case: 'the pointer reaches the card after leaving the phrase', beforeCard: [200] },
    { case: 'the pointer reaches the card before the frame of a move off the phrase', beforeCard: [200], frameAfterCard: true },
    { case: 'several moves off the phrase, then the card, then the frame', beforeCard: [150, 200, 250], frameAfterCard: true },
  ])('stays open when $case', ({ beforeCard, frameAfterCard }) => {
    const t = setup();
    t.move(50, t.page);
    t.frame();
    vi.advanceTimersByTime(300);
    expect(t.card.current).toBe(t.occ);
    for (const x of beforeCard) t.move(x, t.page);
    if (!frameAfterCard) t.frame();
    t.move(300, t.host);
    t.frame();
    vi.advanceTimersByTime(2000);
    expect(t.card.current).toBe(t.occ);
    expect(t.closed).toEqual([]);
  });
});
