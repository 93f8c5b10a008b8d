// What to write into an editor, worked out on plain text before anything touches the page.
// Pure: the adapters, the overlay and the unit tests share these.
import { t } from '@/utils/i18n/i18n';
import { applyReplacement, planReplacement } from '@/utils/engine/suggest';
import { diffSpan } from '@/utils/engine/text-edit';
import type { Match, TextEdit } from '@/utils/engine/types';

/**
 * The edit for one replacement. The part the old and new text share at the front is left alone
 * (the editor keeps its formatting there), but the edit runs to the end of the replacement so
 * that the caret, which editors leave after inserted text, ends just after the new phrase.
 */
export function planFix(text: string, match: Pick<Match, 'start' | 'end'>, replacement: string): TextEdit {
  const minimal = planReplacement(text, match, replacement);
  const applied = applyReplacement(text, match, replacement);
  const start = Math.min(minimal.start, match.end);
  return { start, end: match.end, insert: applied.text.slice(start, applied.end) };
}

/** Applies an edit to a text. */
export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
}

/** The matches "Fix all in this field" changes: flag-level uses with a suggestion, never quoted mentions. */
export function fixableForAll(matches: readonly Match[]): Match[] {
  return matches.filter((m) => m.level === 'flag' && !m.quoted && !!m.suggestion);
}

/**
 * "Fix all" as one edit: every match gets its suggestion (article fix included), and the result
 * is written as a single replacement of the span from the first change to the last, so that a
 * native text field records one undo step. Null when there is nothing to change.
 */
export function planFixAll(text: string, matches: readonly Match[]): { edit: TextEdit; count: number } | null {
  const todo = fixableForAll(matches).sort((a, b) => b.start - a.start);
  let next = text;
  let count = 0;
  let lastStart = Infinity;
  for (const m of todo) {
    // Overlapping matches cannot both be applied; the scanner never yields them, but be safe.
    if (m.end > lastStart || next.slice(m.start, m.end) !== m.text) continue;
    next = applyReplacement(next, m, m.suggestion!).text;
    lastStart = m.start;
    count++;
  }
  if (count === 0 || next === text) return null;
  return { edit: diffSpan(text, next), count };
}

/** Characters an editor may add or drop without changing what the writer wrote. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/** Text as an editor's DOM holds it, compared loosely: no-break spaces and caret markers aside. */
export function normalizeText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\u00A0/g, ' ');
}

/**
 * Whether the text now at a match's place is still the matched text. A fix planned on old text
 * would land in the wrong place, so a stale one is refused rather than applied.
 */
export function isStillThere(current: string, match: Pick<Match, 'start' | 'end' | 'text'>): boolean {
  return current.slice(match.start, match.end) === match.text;
}

/** The same check for text read back from a DOM range, where white space may be spelled differently. */
export function sameWords(a: string, b: string): boolean {
  const squash = (s: string) => normalizeText(s).replace(/\s+/g, '');
  return squash(a) === squash(b);
}

/** The replacements the card offers for a match, suggestion first, each once. */
export function replacementsFor(match: Match): string[] {
  if (match.level === 'partner' || match.quoted || !match.suggestion) return [];
  const out: string[] = [];
  for (const r of [match.suggestion, ...match.alternatives]) if (r && !out.includes(r)) out.push(r);
  return out;
}

/** A short description of a fix for the card's status line. */
export function describeFix(from: string, to: string): string {
  return t('fixReplaced', [from, to]);
}
