// Underlines for phrases in <textarea> and <input>, which the Highlight API cannot paint: a
// mirror of the field's text (same font, padding, wrapping, scroll) in our UI layer, with the
// text transparent and the phrases underlined. The mirror never takes pointer events or focus;
// hit-testing goes through its geometry instead.
import { isEditableField, type TextField } from './editable-context';
import { diffSpan, type TextEdit } from './plan';
import type { FieldOccurrence } from './types';
import { clipRects, firstEndingBelow, placeMirror } from './field-geometry';
import { scanField } from './field-scan';
import { fieldMarkup, scanFieldText } from './field-markup';
import { paintFor } from '@/utils/page/highlight-painter';
import type { Matcher } from '@/utils/engine/matcher';
import type { Match } from '@/utils/engine/types';
import { createUiLayer, type UiLayer, unzoomHost } from '@/utils/page/ui-layer';

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

/** Typing pauses this long before the changed part is scanned again. */
const TYPING_DEBOUNCE_MS = 150;
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

interface FieldState {
  field: TextField;
  /** The value last scanned and shown. */
  value: string | null;
  /** Rules or hidden phrases changed: the next scan reads the whole value. */
  stale: boolean;
  matches: Match[];
  occs: FieldOccurrence[];
  box: HTMLDivElement | null;
  text: HTMLDivElement | null;
  marks: HTMLElement[];
  /** The mirror's blocks of lines, in order. */
  chunks: Chunk[];
  timer: number;
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

export interface FieldOverlayOptions {
  win: Window;
  css?: string;
  matcher: () => Matcher | null;
  isHidden: (match: Match, field: Element) => boolean;
  /** A field with its card open went away. */
  onGone?: (occs: FieldOccurrence[]) => void;
}

let nextId = 1_000_000_000;

export class FieldOverlay {
  private readonly fields = new Map<TextField, FieldState>();
  private layer: UiLayer | null = null;
  private frame = 0;
  private resizeObserver: ResizeObserver | null = null;
  private readonly doc: Document;

  constructor(private readonly options: FieldOverlayOptions) {
    this.doc = options.win.document;
  }

  start(): void {
    const { win } = this.options;
    win.addEventListener('input', this.onInput, true);
    win.addEventListener('focusin', this.onFocusIn, true);
    win.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    win.addEventListener('resize', this.onViewport, { passive: true });
    const RO = (win as unknown as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (RO) this.resizeObserver = new RO(this.onViewport);
    for (const el of this.doc.querySelectorAll('textarea, input')) this.track(el);
  }

  stop(): void {
    const { win } = this.options;
    win.removeEventListener('input', this.onInput, true);
    win.removeEventListener('focusin', this.onFocusIn, true);
    win.removeEventListener('scroll', this.onScroll, { capture: true });
    win.removeEventListener('resize', this.onViewport);
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    if (this.frame) win.cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const state of this.fields.values()) win.clearTimeout(state.timer);
    this.fields.clear();
    this.layer?.remove();
    this.layer = null;
  }

  /** Scans every tracked field again (rules or hidden phrases changed). */
  refreshAll(): void {
    for (const state of this.fields.values()) {
      state.stale = true;
      this.rescan(state);
    }
  }

  /** Scans a field now (the bridge does before "Fix all", so that it works on fresh matches). */
  matchesOf(field: TextField): Match[] {
    const state = this.fields.get(field) ?? this.track(field);
    if (!state) return [];
    if (state.value !== field.value) this.rescan(state);
    return state.matches;
  }

  occurrencesOf(field: TextField): FieldOccurrence[] {
    const state = this.fields.get(field);
    return state ? state.occs : [];
  }

  /** Forgets fields that left the page. */
  pruneDetached(): void {
    for (const [field, state] of this.fields) {
      if (field.isConnected) continue;
      this.forget(state);
      this.options.onGone?.(state.occs);
    }
  }

  hitTest(x: number, y: number): FieldOccurrence | undefined {
    for (const state of this.fields.values()) {
      if (!state.box || state.marks.length === 0) continue;
      const clip = state.box.getBoundingClientRect();
      if (x < clip.left || x > clip.right || y < clip.top || y > clip.bottom) continue;
      // Something on top of the field (a dialog, a menu) has the pointer, not the field.
      const top = this.doc.elementFromPoint(x, y);
      if (top !== state.field && !(top && top.shadowRoot && top.contains(state.field))) continue;
      const marks = state.marks;
      let i = firstEndingBelow(marks.length, (k) => marks[k]!.getBoundingClientRect().bottom, y);
      for (; i < marks.length; i++) {
        const rects = clipRects(marks[i]!.getClientRects(), clip);
        if (rects.length && rects[0]!.top > y + 1) break;
        if (rects.some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1)) {
          return state.occs[i];
        }
      }
    }
    return undefined;
  }

  private track(el: Element): FieldState | undefined {
    if (!isEditableField(el)) return undefined;
    let state = this.fields.get(el);
    if (!state) {
      state = {
        field: el, value: null, stale: false, matches: [], occs: [], box: null, text: null, marks: [], chunks: [], timer: 0,
      };
      this.fields.set(el, state);
      this.rescan(state);
    }
    return state;
  }

  private forget(state: FieldState): void {
    this.options.win.clearTimeout(state.timer);
    if (state.box) this.resizeObserver?.unobserve(state.field);
    state.box?.remove();
    this.fields.delete(state.field);
  }

  private fieldOf(event: Event): TextField | undefined {
    const target = (event.composedPath?.()[0] ?? event.target) as Element | null;
    return isEditableField(target) ? target : undefined;
  }

  private readonly onInput = (event: Event) => {
    const field = this.fieldOf(event);
    if (!field) return;
    const state = this.track(field);
    if (!state) return;
    // Per keystroke only a timer is set; the scan waits for a pause in typing.
    const { win } = this.options;
    win.clearTimeout(state.timer);
    state.timer = win.setTimeout(() => {
      state.timer = 0;
      this.rescan(state);
    }, TYPING_DEBOUNCE_MS);
  };

  private readonly onFocusIn = (event: Event) => {
    const field = this.fieldOf(event);
    if (!field) return;
    const state = this.track(field);
    // A script may have set the value since we last looked.
    if (state && state.value !== field.value) this.rescan(state);
  };

  private readonly onScroll = (event: Event) => {
    const target = event.target as Element | Document | null;
    if (target && target !== this.doc && this.fields.has(target as TextField)) {
      this.place(this.fields.get(target as TextField)!);
      return;
    }
    this.onViewport();
  };

  private readonly onViewport = () => {
    if (this.frame) return;
    this.frame = this.options.win.requestAnimationFrame(() => {
      this.frame = 0;
      for (const state of this.fields.values()) {
        if (state.field.isConnected) this.place(state);
      }
    });
  };

  private rescan(state: FieldState): void {
    const matcher = this.options.matcher();
    const { field } = state;
    if (!matcher || !field.isConnected) return;
    const perf = this.options.win.performance;
    const began = perf.now();
    // The value is read once; the edit since the last scan is found without walking 1 MB of it.
    const value = field.value;
    const prev = state.value;
    const edit = prev === null ? null : diffSpan(prev, value);
    const kind = fieldMarkup(field, value);
    const result = scanField(state.stale ? null : prev, state.matches, value, (t) => scanFieldText(kind, t, matcher), edit ?? undefined);
    state.value = value;
    state.stale = false;
    state.matches = result.matches.filter((m) => m.level !== 'partner' && !this.options.isHidden(m, field));
    state.occs = this.occurrencesFor(state);
    this.render(state, edit);
    perf.measure('partner-lens:field-scan', {
      start: began,
      end: perf.now(),
      detail: { scanned: result.scanned, length: value.length, matches: state.matches.length },
    });
  }

  /** Keeps occurrence objects across rescans where the phrase stayed, so an open card stays valid. */
  private occurrencesFor(state: FieldState): FieldOccurrence[] {
    // Same phrase, in the same order: the occurrence the card shows, moved by typing before it.
    const olds = state.occs;
    const matches = state.matches;
    let same = olds.length === matches.length;
    for (let i = 0; same && i < matches.length; i++) {
      same = olds[i]!.match.rule === matches[i]!.rule && olds[i]!.match.text === matches[i]!.text;
    }
    let next: (match: Match) => FieldOccurrence | undefined;
    if (same) {
      // The usual keystroke: the same phrases as before, each keeps its occurrence.
      let i = 0;
      next = () => olds[i++];
    } else {
      const old = new Map<string, Map<string, FieldOccurrence[]>>();
      for (const occ of olds) {
        let byText = old.get(occ.match.rule);
        if (!byText) old.set(occ.match.rule, (byText = new Map()));
        const list = byText.get(occ.match.text);
        if (list) list.push(occ);
        else byText.set(occ.match.text, [occ]);
      }
      const taken = new Map<FieldOccurrence[], number>();
      next = (match) => {
        const list = old.get(match.rule)?.get(match.text);
        if (!list) return undefined;
        const k = taken.get(list) ?? 0;
        taken.set(list, k + 1);
        return list[k];
      };
    }
    let range: Range | null = null;
    return matches.map((match) => {
      const prev = next(match);
      if (prev) {
        prev.match = match;
        prev.paint = paintFor(match.level, match.quoted);
        return prev;
      }
      if (!range) {
        range = this.doc.createRange();
        range.selectNode(state.field);
      }
      const occ: FieldOccurrence = {
        id: nextId++,
        match,
        range,
        paint: paintFor(match.level, match.quoted),
        container: state.field,
        block: { text: '', container: state.field, nodes: [], starts: [] },
        field: state.field,
        rects: () => this.rectsOf(state, occ),
      };
      return occ;
    });
  }

  private rectsOf(state: FieldState, occ: FieldOccurrence): DOMRectReadOnly[] {
    if (!state.box || !state.field.isConnected) return [];
    this.place(state);
    const i = state.occs.indexOf(occ);
    const mark = i >= 0 ? state.marks[i] : undefined;
    if (!mark) return [];
    const clip = state.box.getBoundingClientRect();
    const Rect = (this.options.win as unknown as { DOMRect: typeof DOMRect }).DOMRect;
    return clipRects(mark.getClientRects(), clip).map((r) => new Rect(r.left, r.top, r.width, r.height));
  }

  private render(state: FieldState, edit: TextEdit | null): void {
    if (state.matches.length === 0) {
      if (state.box) this.resizeObserver?.unobserve(state.field);
      state.box?.remove();
      state.box = state.text = null;
      state.marks = [];
      state.chunks = [];
      return;
    }
    const fresh = !state.box;
    if (!state.box) {
      this.layer ??= createUiLayer(this.doc, this.options.css ?? FIELD_OVERLAY_CSS);
      state.box = this.doc.createElement('div');
      state.box.className = 'field';
      state.box.setAttribute('aria-hidden', 'true');
      state.text = this.doc.createElement('div');
      state.text.className = 'text';
      state.box.append(state.text);
      this.layer.mount.append(state.box);
      this.resizeObserver?.observe(state.field);
    }
    this.renderChunks(state, fresh ? null : edit);
    // Placement reads layout: after the first time, leave it to the next frame rather than force it now.
    if (fresh) this.place(state, true);
    else this.onViewport();
  }

  /**
   * Writes the mirror as blocks of whole lines (each its own layout), reusing the blocks whose
   * text and marks did not change: after a keystroke in a huge field only one block is new,
   * and the browser lays out only that one again. With `edit` (the one span that changed since
   * the blocks were made), a block wholly before or after that span has the text of the block
   * at its old place: no text is compared, copied or hashed but the new block's.
   */
  private renderChunks(state: FieldState, edit: TextEdit | null): void {
    const value = state.value ?? '';
    const text = state.text!;
    const matches = state.matches;
    // Text after the last phrase's line moves nothing: leaving it out spares the layout.
    const lastEnd = matches.length ? matches[matches.length - 1]!.end : 0;
    const nl = value.indexOf('\n', lastEnd);
    const cutoff = nl < 0 ? value.length : nl;
    const olds = edit ? state.chunks : [];
    const editEnd = edit ? edit.start + edit.insert.length : 0;
    const delta = edit ? edit.insert.length - (edit.end - edit.start) : 0;
    const chunks: Chunk[] = [];
    let fresh = false;
    let oi = 0;
    let at = 0;
    let mi = 0;
    while (at < cutoff || chunks.length === 0) {
      // Cut after a line break, never inside a phrase (a phrase may run over a line break).
      let end = value.indexOf('\n', Math.min(cutoff, at + CHUNK_CHARS));
      end = end < 0 || end >= cutoff ? cutoff : end + 1;
      for (let k = mi; k < matches.length && matches[k]!.start < end; k++) {
        if (matches[k]!.end > end) {
          const next = value.indexOf('\n', matches[k]!.end);
          end = next < 0 || next >= cutoff ? cutoff : next + 1;
        }
      }
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
      if (end >= cutoff) break;
    }
    // Change only the blocks that differ, so the others keep their layout (and are not moved:
    // a block taken out and put back is laid out again).
    const kept = new Set<Element>();
    for (const c of chunks) kept.add(c.el);
    for (const c of state.chunks) if (!kept.has(c.el)) c.el.remove();
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
    state.chunks = chunks;
    state.marks = chunks.length === 1 ? chunks[0]!.marks : chunks.flatMap((c) => c.marks);
  }

  private place(state: FieldState, restyle = false): void {
    const { field, box, text } = state;
    if (!box || !text) return;
    if (this.layer) unzoomHost(this.layer.host);
    const win = this.options.win;
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
