// Underlines for phrases in <textarea> and <input>, which the Highlight API cannot paint: a
// mirror of the field's text (same font, padding, wrapping, scroll) in our UI layer, with the
// text transparent and the phrases underlined. The mirror never takes pointer events or focus;
// hit-testing goes through its geometry instead.
import { isEditableField, type TextField } from './editable-context';
import { diffSpan } from '@/utils/engine/text-edit';
import type { FieldOccurrence } from './types';
import { clipRects, firstEndingBelow } from './field-geometry';
import { FIELD_OVERLAY_CSS, FieldMirror } from './field-mirror';
import { scanField } from './field-scan';
import { fieldMarkup, scanFieldText } from './field-markup';
import { paintFor } from '@/utils/page/highlight-painter';
import type { Matcher } from '@/utils/engine/matcher';
import type { Match, TextEdit } from '@/utils/engine/types';
import { createUiLayer, type UiLayer, unzoomHost } from '@/utils/page/ui-layer';

/** Typing pauses this long before the changed part is scanned again. */
const TYPING_DEBOUNCE_MS = 150;

interface FieldState {
  field: TextField;
  /** The value last scanned and shown. */
  value: string | null;
  /** Rules or hidden phrases changed: the next scan reads the whole value. */
  stale: boolean;
  matches: Match[];
  occs: FieldOccurrence[];
  /** Present while the field has phrases to underline. */
  mirror: FieldMirror | null;
  timer: number;
  /**
   * The mirror is behind `matches` (a scan after typing writes it in the next frame): the edit
   * since it was written, or null when that is not one span (two scans in one frame).
   */
  behind?: { edit: TextEdit | null };
}

export interface FieldOverlayOptions {
  win: Window;
  css?: string;
  matcher: () => Matcher | null;
  isHidden: (match: Match, field: Element) => boolean;
  /** The field's value changed by `edit` since its last scan (hidden occurrences move with it). */
  onEdit?: (field: TextField, edit: TextEdit) => void;
  /** A field with its card open went away. */
  onGone?: (occs: FieldOccurrence[]) => void;
}

let nextId = 1_000_000_000;

export class FieldOverlay {
  private readonly fields = new Map<TextField, FieldState>();
  private layer: UiLayer | null = null;
  private frame = 0;
  /** The frame that writes the mirrors of the fields scanned after typing. */
  private writeFrame = 0;
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
    if (this.writeFrame) win.cancelAnimationFrame(this.writeFrame);
    this.frame = 0;
    this.writeFrame = 0;
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
      this.catchUp(state);
      if (!state.mirror || state.mirror.marks.length === 0) continue;
      const clip = state.mirror.box.getBoundingClientRect();
      if (x < clip.left || x > clip.right || y < clip.top || y > clip.bottom) continue;
      // Something on top of the field (a dialog, a menu) has the pointer, not the field.
      const top = this.doc.elementFromPoint(x, y);
      if (top !== state.field && !(top && top.shadowRoot && top.contains(state.field))) continue;
      const marks = state.mirror.marks;
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
        field: el, value: null, stale: false, matches: [], occs: [], mirror: null, timer: 0,
      };
      this.fields.set(el, state);
      this.rescan(state);
    }
    return state;
  }

  private forget(state: FieldState): void {
    this.options.win.clearTimeout(state.timer);
    if (state.mirror) this.resizeObserver?.unobserve(state.field);
    state.mirror?.remove();
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
      // The mirror is written in the next frame: the scan's task stays short while the writer types.
      this.rescan(state, true);
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

  private rescan(state: FieldState, writeLater = false): void {
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
    if (edit && (edit.start !== edit.end || edit.insert !== '')) this.options.onEdit?.(field, edit);
    state.matches = result.matches.filter((m) => m.level !== 'partner' && !this.options.isHidden(m, field));
    state.occs = this.occurrencesFor(state);
    // Two scans before one write leave no single span between the mirror and the value.
    state.behind = state.behind ? { edit: null } : { edit };
    // After typing the mirror is written in the next frame; after a scan of its own (start, focus,
    // refresh, "Fix all"), at once.
    if (writeLater) this.writeNextFrame();
    else this.catchUp(state);
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
    this.catchUp(state);
    if (!state.mirror || !state.field.isConnected) return [];
    this.place(state);
    const i = state.occs.indexOf(occ);
    const mark = i >= 0 ? state.mirror.marks[i] : undefined;
    if (!mark) return [];
    const clip = state.mirror.box.getBoundingClientRect();
    const Rect = (this.options.win as unknown as { DOMRect: typeof DOMRect }).DOMRect;
    return clipRects(mark.getClientRects(), clip).map((r) => new Rect(r.left, r.top, r.width, r.height));
  }

  private writeNextFrame(): void {
    if (this.writeFrame) return;
    const { win } = this.options;
    this.writeFrame = win.requestAnimationFrame(() => {
      this.writeFrame = 0;
      for (const s of this.fields.values()) this.catchUp(s);
    });
  }

  /** Writes a mirror that is behind its field's matches (after a scan, before its marks are read, each frame). */
  private catchUp(state: FieldState): void {
    const behind = state.behind;
    if (!behind) return;
    state.behind = undefined;
    if (!state.field.isConnected) return;
    const perf = this.options.win.performance;
    const began = perf.now();
    this.render(state, behind.edit);
    perf.measure('partner-lens:field-write', { start: began, end: perf.now() });
  }

  private render(state: FieldState, edit: TextEdit | null): void {
    if (state.matches.length === 0) {
      if (state.mirror) this.resizeObserver?.unobserve(state.field);
      state.mirror?.remove();
      state.mirror = null;
      return;
    }
    const fresh = !state.mirror;
    if (!state.mirror) {
      this.layer ??= createUiLayer(this.doc, this.options.css ?? FIELD_OVERLAY_CSS);
      state.mirror = new FieldMirror(this.doc, this.layer.mount);
      this.resizeObserver?.observe(state.field);
    }
    state.mirror.render(state.value ?? '', state.matches, fresh ? null : edit);
    // Placement reads layout: after the first time, leave it to the next frame rather than force it now.
    if (fresh) this.place(state, true);
    else this.onViewport();
  }

  private place(state: FieldState, restyle = false): void {
    if (!state.mirror) return;
    if (this.layer) unzoomHost(this.layer.host);
    state.mirror.place(state.field, restyle);
  }
}
