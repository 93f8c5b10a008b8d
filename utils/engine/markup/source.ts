// Phrases in markup source (wikitext, Markdown): found in the words people read, reported as
// spans of the source, fixed by the smallest source edit that leaves markup as it was. Pure.
import { applyReplacement, planReplacement } from '@/utils/engine/suggest';
import type { TextEdit } from '@/utils/engine/types';
import type { Match } from '@/utils/engine/types';
import { readMarkdown } from './markdown';
import { mapEdit, readableSpan, sourceSpan, type Readable } from './readable';
import { readWikitext } from './wikitext';

export type MarkupKind = 'wikitext' | 'markdown' | 'plain';

export function readSource(source: string, kind: MarkupKind): Readable | null {
  if (kind === 'wikitext') return readWikitext(source);
  if (kind === 'markdown') return readMarkdown(source);
  return null;
}

/** Guesses the markup of a source text from the constructs only that markup uses. */
export function detectMarkup(text: string): MarkupKind {
  const sample = text.length > 50_000 ? text.slice(0, 50_000) : text;
  const count = (re: RegExp) => sample.match(re)?.length ?? 0;
  const wiki =
    count(/'''?[^'\n]+'''?/g) + count(/\[\[[^\]\n]+\]\]/g) + count(/\{\{[^}]*\}\}/g) + count(/^=={0,5}[^=\n]+={2,6}\s*$/gm) +
    count(/^\{\|/gm) + count(/<\/?(?:nowiki|ref|syntaxhighlight)\b/g);
  const md =
    count(/\*\*[^*\n]+\*\*/g) + count(/\]\([^)\n]*\)/g) + count(/^#{1,6}\s/gm) + count(/^ {0,3}(?:```|~~~)/gm) +
    count(/`[^`\n]+`/g) + count(/^ {0,3}[-*+]\s/gm) / 2;
  if (wiki === 0 && md === 0) return 'plain';
  return wiki >= md ? 'wikitext' : 'markdown';
}

/** Matches of a readable text, moved to source offsets (`text` is the source slice). */
export function scanSource(source: string, kind: MarkupKind, scan: (text: string) => Match[]): Match[] {
  const r = readSource(source, kind);
  if (!r) return scan(source);
  return scan(r.text).map((m) => {
    const span = sourceSpan(r, m.start, m.end);
    return { ...m, start: span.start, end: span.end, text: source.slice(span.start, span.end) };
  });
}

/** The edit that a fix planned on readable text (see planFix) makes in the readable text. */
function readableFix(text: string, span: { start: number; end: number }, replacement: string): TextEdit {
  const minimal = planReplacement(text, span, replacement);
  const applied = applyReplacement(text, span, replacement);
  const start = Math.min(minimal.start, span.end);
  return { start, end: span.end, insert: applied.text.slice(start, applied.end) };
}

/**
 * The source edit that replaces a match (in source offsets, from scanSource) with `replacement`,
 * or null when it cannot be done without changing markup.
 */
export function planSourceFix(
  source: string,
  kind: MarkupKind,
  match: Pick<Match, 'start' | 'end'>,
  replacement: string,
): TextEdit | null {
  const r = readSource(source, kind);
  if (!r) return null;
  const span = readableSpan(r, match.start, match.end);
  if (!span) return null;
  return mapEdit(source, r, readableFix(r.text, span, replacement));
}

/**
 * "Fix all" in a source text: every match gets its suggestion through planSourceFix; returns the
 * whole new source and how many were fixed (matches whose fix would touch markup are left).
 */
export function fixAllSource(
  source: string,
  kind: MarkupKind,
  matches: readonly Pick<Match, 'start' | 'end' | 'suggestion'>[],
): { text: string; count: number } {
  const r = readSource(source, kind);
  if (!r) return { text: source, count: 0 };
  const edits: TextEdit[] = [];
  for (const m of matches) {
    if (!m.suggestion) continue;
    const span = readableSpan(r, m.start, m.end);
    const edit = span && mapEdit(source, r, readableFix(r.text, span, m.suggestion));
    if (edit) edits.push(edit);
  }
  edits.sort((a, b) => b.start - a.start);
  let text = source;
  let count = 0;
  let lastStart = Infinity;
  for (const e of edits) {
    if (e.end > lastStart) continue;
    text = text.slice(0, e.start) + e.insert + text.slice(e.end);
    lastStart = e.start;
    count++;
  }
  return { text, count };
}
