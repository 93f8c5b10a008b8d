// The maths of the field overlay, apart from the DOM so that it can be tested on its own.

export interface FieldMetrics {
  /** getBoundingClientRect() of the field (border box, transforms and zoom included). */
  rect: { left: number; top: number; width: number; height: number };
  /** Border widths in CSS pixels of the field itself (before any transform). */
  border: { top: number; right: number; bottom: number; left: number };
  offsetWidth: number;
  offsetHeight: number;
  /** The padding box without scroll bars. */
  clientWidth: number;
  clientHeight: number;
  scrollLeft: number;
  scrollTop: number;
}

export interface MirrorPlacement {
  /** Where the clipping box (the field's padding box) goes, in viewport pixels. */
  left: number;
  top: number;
  /** Its size in the field's own CSS pixels; `scale` maps them to the viewport. */
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  /** How far the mirrored text is shifted, in the field's CSS pixels (its scroll position). */
  shiftX: number;
  shiftY: number;
}

/**
 * Places a mirror over a field's padding box. A transformed or zoomed field reports a bounding
 * box that differs from its layout size: the ratio is the scale to apply to the mirror.
 */
export function placeMirror(m: FieldMetrics): MirrorPlacement {
  const scaleX = m.offsetWidth > 0 ? m.rect.width / m.offsetWidth : 1;
  const scaleY = m.offsetHeight > 0 ? m.rect.height / m.offsetHeight : 1;
  return {
    left: m.rect.left + m.border.left * scaleX,
    top: m.rect.top + m.border.top * scaleY,
    width: m.clientWidth,
    height: m.clientHeight,
    scaleX: finiteOr(scaleX, 1),
    scaleY: finiteOr(scaleY, 1),
    shiftX: -m.scrollLeft,
    shiftY: -m.scrollTop,
  };
}

function finiteOr(n: number, fallback: number): number {
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/** The parts of `rects` inside `clip` (text scrolled out of a field is not there to point at). */
export function clipRects(rects: ArrayLike<Omit<Rect, 'width' | 'height'>>, clip: Omit<Rect, 'width' | 'height'>): Rect[] {
  const out: Rect[] = [];
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    const left = Math.max(r.left, clip.left);
    const right = Math.min(r.right, clip.right);
    const top = Math.max(r.top, clip.top);
    const bottom = Math.min(r.bottom, clip.bottom);
    if (right > left && bottom > top) out.push({ left, top, right, bottom, width: right - left, height: bottom - top });
  }
  return out;
}

/**
 * The first index whose box ends at or below `y`, for boxes in reading order (their bottoms
 * never go up). Binary search: a field may hold thousands of marks.
 */
export function firstEndingBelow(count: number, bottomOf: (i: number) => number, y: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bottomOf(mid) < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The region of a field's text to scan again after an edit: the changed span with a margin on
 * both sides wide enough for any phrase and the context its match looks at (articles, quotes).
 * `edge` is the part of each margin where new matches are not trusted (cut off by the window).
 */
export function rescanWindow(
  length: number,
  changeStart: number,
  changeEnd: number,
  pad: number,
  edge: number,
): { start: number; end: number; trustFrom: number; trustTo: number } {
  const start = Math.max(0, changeStart - pad);
  const end = Math.min(length, changeEnd + pad);
  return {
    start,
    end,
    trustFrom: start === 0 ? 0 : start + edge,
    trustTo: end === length ? length : end - edge,
  };
}
