// Source markup read as the words people see, with the way back: every readable character
// knows the source character it came from, so a phrase found in the readable text is a span of
// the source, and a fix planned on the readable text becomes the smallest source edit. Pure.
import type { TextEdit } from '@/utils/engine/types';

/** Stands for hidden content (code, templates, files): no phrase is read across it. */
export const HIDDEN = '\uFFFC';

/**
 * Readable text that must not be edited in place: the target of an unlabelled link
 * (`[[internal customer]]s`, rewritten as a labelled link instead) or literal text (`<nowiki>`).
 */
export interface Atom {
  /** Readable span. */
  start: number;
  end: number;
  /** Source span. */
  sourceStart: number;
  sourceEnd: number;
  /** How to rewrite the atom with a new label; absent: never edited. */
  relabel?: (label: string) => string;
}

export interface Readable {
  text: string;
  /** `sources[i]`: the source offset of readable character `i`. */
  sources: Int32Array;
  atoms: Atom[];
}

/** Collects readable characters and their source offsets. */
export class ReadableBuilder {
  private readonly parts: string[] = [];
  private readonly offsets: number[] = [];
  readonly atoms: Atom[] = [];

  get length(): number {
    return this.offsets.length;
  }

  /** Source characters shown as they are. */
  keep(source: string, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(source.slice(start, end));
    for (let i = start; i < end; i++) this.offsets.push(i);
  }

  /** Text shown for source at `at` that is spelled differently there (an entity, a hidden run). */
  put(text: string, at: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) this.offsets.push(at);
  }

  hidden(at: number): void {
    this.put(HIDDEN, at);
  }

  /**
   * Appends `piece`, read from `source.slice(start, …)` on its own, with its offsets (and atoms)
   * shifted back to those of the whole source.
   */
  appendPiece(source: string, start: number, piece: Readable): void {
    const base = this.length;
    for (let k = 0; k < piece.text.length; k++) {
      const at = piece.sources[k]! + start;
      if (piece.text[k] === source[at]) this.keep(source, at, at + 1);
      else this.put(piece.text[k]!, at);
    }
    for (const a of piece.atoms) {
      this.atoms.push({ ...a, start: a.start + base, end: a.end + base, sourceStart: a.sourceStart + start, sourceEnd: a.sourceEnd + start });
    }
  }

  build(): Readable {
    return { text: this.parts.join(''), sources: Int32Array.from(this.offsets), atoms: this.atoms };
  }
}

/** The source span of a readable span (from its first character to just after its last). */
export function sourceSpan(r: Readable, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start > 0 ? r.sources[start - 1]! + 1 : (r.sources[0] ?? 0);
    return { start: at, end: at };
  }
  return { start: r.sources[start]!, end: r.sources[end - 1]! + 1 };
}

/** The readable span whose source span is exactly [start, end), or null. */
export function readableSpan(r: Readable, start: number, end: number): { start: number; end: number } | null {
  const s = r.sources;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  if (s[lo] !== start) return null;
  let e = lo;
  while (e < s.length && s[e]! < end) e++;
  if (e === lo || s[e - 1]! + 1 !== end) return null;
  return { start: lo, end: e };
}

function commonEnds(a: string, b: string): { head: number; tail: number } {
  const max = Math.min(a.length, b.length);
  let head = 0;
  while (head < max && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < max - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head, tail };
}

/**
 * The source edit for an edit of the readable text, or null when no edit of the source can make
 * it without touching markup (the readable span crosses hidden source, or literal text).
 */
export function mapEdit(source: string, r: Readable, edit: TextEdit): TextEdit | null {
  let { start, end, insert } = edit;
  const atom = r.atoms.find((a) => start < a.end && end > a.start);
  if (atom) {
    if (!atom.relabel || start < atom.start || end > atom.end) return null;
    const label = r.text.slice(atom.start, start) + insert + r.text.slice(end, atom.end);
    return { start: atom.sourceStart, end: atom.sourceEnd, insert: atom.relabel(label) };
  }
  const fits = () => {
    const span = sourceSpan(r, start, end);
    return source.slice(span.start, span.end) === r.text.slice(start, end) ? span : null;
  };
  let span = fits();
  if (!span) {
    // Leave out what the old and new words share at either end: `''internal customer''s`
    // changes `customer` only, inside the emphasis.
    const { head, tail } = commonEnds(r.text.slice(start, end), insert);
    start += head;
    end -= tail;
    insert = insert.slice(head, insert.length - tail);
    span = fits();
  }
  if (!span) return null;
  return { start: span.start, end: span.end, insert };
}
