// The mirror of a <textarea> or <input>: a box over the field with a copy of its text (same font,
// padding, wrapping and scroll), the text transparent and the phrases underlined. The text is
// kept in blocks of whole lines, so that typing in a huge field lays out one block again.
import type { Match, TextEdit } from '@/utils/engine/types';
import { paintFor } from '@/utils/page/highlight-painter';
import type { TextField } from './editable-context';
import { placeMirror } from './field-geometry';

export const FIELD_OVERLAY_CSS = `
.field { position: fixed; overflow: hidden; pointer-events: none; transform-origin: 0 0; }
.text { box-sizing: border-box; color: transparent; margin: 0; border: 0; background: none;
  overflow: visible; pointer-events: none; }
.mark { text-decoration: underline wavy rgb(214 88 20 / 0.95); text-decoration-thickness: 1.5px;
  text-underline-offset: 2px; text-decoration-skip-ink: none; background: rgb(255 170 60 / 0.16); }
.mark.soft { text-decoration-style: dotted; text-decoration-color: rgb(160 130 20 / 0.9); background: none; }
@media (forced-colors: active) { .mark, .mark.soft { text-decoration-color: Highlight; background: none; } }
`;

/** Styles that decide where the field's text goes. */
const MIRRORED = [
  'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch', 'font-kerning',
  'font-feature-settings', 'font-variation-settings', 'line-height', 'letter-spacing', 'word-spacing',
  'text-transform', 'text-indent', 'text-align', 'tab-size', 'direction', 'unicode-bidi', 'writing-mode',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'white-space', 'word-break',
  'overflow-wrap', 'hyphens', 'text-rendering',
] as const;

/** Lines of a field's text are mirrored in blocks of about this many characters. */
const CHUNK_CHARS = 4_000;

/** A block of the mirror: lines `start`..`end` of the value it was made for. */
interface Chunk {
  start: number;
  end: number;
  /** The block the text ends with (it ends with a zero-width space). */
  last: boolean;
  /** Its marks as [start, end, soft] triples, relative to `start`. */
  spans: number[];
  el: HTMLElement;
  marks: HTMLElement[];
}

/** Whether a block's marks are `matches[from..to)`, placed relative to `at`. */
function sameSpans(spans: readonly number[], matches: readonly Match[], from: number, to: number, at: number): boolean {
  if (spans.length !== (to - from) * 3) return false;
  for (let k = from, j = 0; k < to; k++, j += 3) {
    const m = matches[k]!;
    const soft = paintFor(m.level, m.quoted) === 'flag' ? 0 : 1;
    if (spans[j] !== m.start - at || spans[j + 1] !== m.end - at || spans[j + 2] !== soft) return false;
  }
  return true;
}

/**
 * Where the mirror's blocks end (the last at `cutoff`): right after a line break, never inside a
 * phrase (one may run over a line break), about CHUNK_CHARS apart. `kept` are the ends of the
 * blocks written before, moved by the edit since: each is kept where it still ends a line and no
 * phrase runs over it, so an edit rebuilds only the block it falls in. (Cutting afresh from the
 * start instead moves every later end whenever a line break crosses a block's CHUNK_CHARS mark,
 * about once per line typed: then every block after it was written again, 3–7 ms in a 1 MB field.)
 */
export function chunkEnds(value: string, matches: readonly Match[], cutoff: number, kept: readonly number[] = []): number[] {
  const ends: number[] = [];
  let at = 0;
  let k = 0;
  let mi = 0;
  /** The phrase running over `end`, if any (matches are in order and do not overlap). */
  const across = (end: number): Match | undefined => {
    let j = mi;
    while (j < matches.length && matches[j]!.end <= end) j++;
    return j < matches.length && matches[j]!.start < end ? matches[j] : undefined;
  };
  const lineEnd = (from: number) => {
    const nl = value.indexOf('\n', from);
    return nl < 0 || nl >= cutoff ? cutoff : nl + 1;
  };
  while (at < cutoff || ends.length === 0) {
    let end = -1;
    while (k < kept.length && kept[k]! <= at) k++;
    for (; k < kept.length && kept[k]! < cutoff && kept[k]! - at <= 2 * CHUNK_CHARS; k++) {
      const e = kept[k]!;
      if (value.charCodeAt(e - 1) === 10 && !across(e)) {
        end = e;
        k++;
        break;
      }
    }
    if (end < 0) {
      end = lineEnd(Math.min(cutoff, at + CHUNK_CHARS));
      for (let m = across(end); m && end < cutoff; m = across(end)) end = lineEnd(m.end);
    }
    ends.push(end);
    at = end;
    while (mi < matches.length && matches[mi]!.end <= at) mi++;
  }
  return ends;
}

export class FieldMirror {
  readonly box: HTMLDivElement;
  private readonly text: HTMLDivElement;
  /** The marks, in the order of the matches they show. */
  marks: HTMLElement[] = [];
  /** The blocks of lines, in order. */
  private chunks: Chunk[] = [];

  constructor(
    private readonly doc: Document,
    mount: Element,
  ) {
    this.box = doc.createElement('div');
    this.box.className = 'field';
    this.box.setAttribute('aria-hidden', 'true');
    this.text = doc.createElement('div');
    this.text.className = 'text';
    this.box.append(this.text);
    mount.append(this.box);
  }

  remove(): void {
    this.box.remove();
  }

  /**
   * Writes the mirror as blocks of whole lines (each its own layout), reusing the blocks whose
   * text and marks did not change: after a keystroke in a huge field only one block is new,
   * and the browser lays out only that one again. With `edit` (the one span that changed since
   * the blocks were made), a block wholly before or after that span has the text of the block
   * at its old place: no text is compared, copied or hashed but the new block's.
   */
  render(value: string, matches: readonly Match[], edit: TextEdit | null): void {
    const text = this.text;
    // Text after the last phrase's line moves nothing: leaving it out spares the layout.
    const lastEnd = matches.length ? matches[matches.length - 1]!.end : 0;
    const nl = value.indexOf('\n', lastEnd);
    const cutoff = nl < 0 ? value.length : nl;
    const olds = edit ? this.chunks : [];
    const editEnd = edit ? edit.start + edit.insert.length : 0;
    const delta = edit ? edit.insert.length - (edit.end - edit.start) : 0;
    // The blocks written before end where they did, moved by the edit, wherever they still can.
    // (The block the edit falls in keeps its end too: cut afresh, that end moved whenever a line
    // break crossed the CHUNK_CHARS mark, and the next block had to be written again.)
    const keptEnds: number[] = [];
    if (edit) {
      for (const c of olds) {
        if (c.end <= edit.start) keptEnds.push(c.end);
        else if (c.end >= edit.end) keptEnds.push(c.end + delta);
      }
    }
    const ends = chunkEnds(value, matches, cutoff, keptEnds);
    const chunks: Chunk[] = [];
    let fresh = false;
    let oi = 0;
    let at = 0;
    let mi = 0;
    for (const end of ends) {
      const first = mi;
      while (mi < matches.length && matches[mi]!.start < end) mi++;
      const last = end === cutoff;
      // Where the same text was before the edit, if it is wholly outside the edited span.
      const was = !edit ? -1 : end <= edit.start ? at : at >= editEnd ? at - delta : -1;
      let reused: Chunk | undefined;
      if (was >= 0) {
        while (oi < olds.length && olds[oi]!.start < was) oi++;
        const c = olds[oi];
        if (c && c.start === was && c.end - c.start === end - at && c.last === last && sameSpans(c.spans, matches, first, mi, at)) {
          reused = c;
          oi++;
        }
      }
      if (reused) {
        reused.start = at;
        reused.end = end;
        chunks.push(reused);
      } else {
        fresh = true;
        const el = this.doc.createElement('div');
        const marks: HTMLElement[] = [];
        const spans: number[] = [];
        let pos = at;
        for (let k = first; k < mi; k++) {
          const m = matches[k]!;
          if (m.start > pos) el.append(value.slice(pos, m.start));
          const soft = paintFor(m.level, m.quoted) === 'flag' ? 0 : 1;
          const mark = this.doc.createElement('span');
          mark.className = soft ? 'mark soft' : 'mark';
          mark.textContent = value.slice(m.start, m.end);
          el.append(mark);
          marks.push(mark);
          spans.push(m.start - at, m.end - at, soft);
          pos = m.end;
        }
        if (end > pos) el.append(value.slice(pos, end));
        // The last block: a final line break needs something after it to take up its line.
        if (last) el.append('\u200B');
        chunks.push({ start: at, end, last, spans, el, marks });
      }
      at = end;
    }
    // Change only the blocks that differ, so the others keep their layout (and are not moved:
    // a block taken out and put back is laid out again).
    const kept = new Set<Element>();
    for (const c of chunks) kept.add(c.el);
    for (const c of this.chunks) if (!kept.has(c.el)) c.el.remove();
    if (fresh || text.childElementCount !== chunks.length) {
      let child = text.firstElementChild;
      for (const c of chunks) {
        if (child === c.el) {
          child = child.nextElementSibling;
          continue;
        }
        text.insertBefore(c.el, child);
      }
      while (child) {
        const next = child.nextElementSibling;
        child.remove();
        child = next;
      }
    }
    this.chunks = chunks;
    this.marks = chunks.length === 1 ? chunks[0]!.marks : chunks.flatMap((c) => c.marks);
  }

  /** Lays the mirror over `field` (`restyle`: copy the field's text styles again). */
  place(field: TextField, restyle = false): void {
    const { box, text } = this;
    const win = this.doc.defaultView!;
    const cs = win.getComputedStyle(field);
    const px = (v: string) => parseFloat(v) || 0;
    const rect = field.getBoundingClientRect();
    const hidden = rect.width === 0 || rect.height === 0 || cs.visibility === 'hidden';
    box.style.display = hidden ? 'none' : '';
    if (hidden) return;
    const p = placeMirror({
      rect,
      border: {
        top: px(cs.borderTopWidth),
        right: px(cs.borderRightWidth),
        bottom: px(cs.borderBottomWidth),
        left: px(cs.borderLeftWidth),
      },
      offsetWidth: field.offsetWidth,
      offsetHeight: field.offsetHeight,
      clientWidth: field.clientWidth,
      clientHeight: field.clientHeight,
      scrollLeft: field.scrollLeft,
      scrollTop: field.scrollTop,
    });
    box.style.left = `${p.left}px`;
    box.style.top = `${p.top}px`;
    box.style.width = `${p.width}px`;
    box.style.height = `${p.height}px`;
    box.style.transform = p.scaleX !== 1 || p.scaleY !== 1 ? `scale(${p.scaleX}, ${p.scaleY})` : '';
    if (restyle || text.style.width !== `${p.width}px`) {
      for (const name of MIRRORED) text.style.setProperty(name, cs.getPropertyValue(name));
      text.style.width = `${p.width}px`;
      if (field.localName === 'input') {
        // A single line, centred in the box as the browser centres it in an input.
        text.style.whiteSpace = 'pre';
        text.style.height = `${p.height}px`;
        text.style.lineHeight = `${Math.max(0, p.height - px(cs.paddingTop) - px(cs.paddingBottom))}px`;
      } else {
        text.style.whiteSpace = 'pre-wrap';
        if (cs.overflowWrap === 'normal' && cs.wordWrap !== 'break-word') text.style.overflowWrap = 'normal';
        else text.style.overflowWrap = 'break-word';
      }
    }
    text.style.transform = `translate(${p.shiftX}px, ${p.shiftY}px)`;
  }
}
