// Applying a suggestion to a text: the replacement itself plus the article in front of it
// ("an internal customer" → "a service partner").
import { english } from '@/utils/engine/lang/english';
import type { LanguageModule } from '@/utils/engine/lang/types';
import type { Match, TextEdit } from './types';

function checkSpan(text: string, match: Pick<Match, 'start' | 'end'>): void {
  const { start, end } = match;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
    throw new RangeError(`Replacement span [${start}, ${end}) does not lie within a text of ${text.length} characters`);
  }
}

/** The whole edit: [start, end) of `text` becomes `insert`, article fix included. */
function wholeEdit(text: string, match: Pick<Match, 'start' | 'end'>, replacement: string, lang: LanguageModule): TextEdit {
  checkSpan(text, match);
  const after = text.slice(0, match.start) + replacement + text.slice(match.end);
  const fix = lang.articleFix(after, match.start);
  if (!fix) return { start: match.start, end: match.end, insert: replacement };
  return {
    start: fix.start,
    end: match.end,
    insert: fix.insert + text.slice(fix.end, match.start) + replacement,
  };
}

/**
 * Replaces a match and fixes the article before it. The returned `start`/`end` cover the whole
 * changed span of the new text, article included.
 */
export function applyReplacement(
  text: string,
  match: Pick<Match, 'start' | 'end'>,
  replacement: string,
  lang: LanguageModule = english,
): { text: string; start: number; end: number } {
  const edit = wholeEdit(text, match, replacement, lang);
  return {
    text: text.slice(0, edit.start) + edit.insert + text.slice(edit.end),
    start: edit.start,
    end: edit.start + edit.insert.length,
  };
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The smallest edit that turns `text` into the result of `applyReplacement`: the part the old
 * and new spans share at either end is left alone, so an editor keeps its formatting there
 * (`internal <a>customer</a>s` keeps its link) and the undo step is as small as the change.
 */
export function planReplacement(
  text: string,
  match: Pick<Match, 'start' | 'end'>,
  replacement: string,
  lang: LanguageModule = english,
): TextEdit {
  const edit = wholeEdit(text, match, replacement, lang);
  const old = text.slice(edit.start, edit.end);
  const insert = edit.insert;
  let head = 0;
  const max = Math.min(old.length, insert.length);
  while (head < max && old[head] === insert[head]) head++;
  while (head > 0 && isLowSurrogate(old, head)) head--;
  let tail = 0;
  while (tail < max - head && old[old.length - 1 - tail] === insert[insert.length - 1 - tail]) tail++;
  while (tail > 0 && isLowSurrogate(old, old.length - tail)) tail--;
  return {
    start: edit.start + head,
    end: edit.end - tail,
    insert: insert.slice(head, insert.length - tail),
  };
}
