// How rules become regular expressions: a variant's source, the cheap ASCII form of its word
// boundaries, the anchor words a scan looks for first, and custom patterns. Pure.
import { english } from '@/utils/engine/lang/english';
import type { LanguageModule } from '@/utils/engine/lang/types';

const APOSTROPHES = /['\u2019]/;

/** A variant as a regex source, without the word boundaries at its ends (its group adds them). */
export function variantSource(lang: LanguageModule, words: string[], joiners: string[]): string {
  let source = '';
  words.forEach((word, i) => {
    if (i > 0) source += lang.separatorPattern(joiners[i - 1] ?? ' ');
    source += lang.wordPattern(word, i === words.length - 1);
  });
  return source;
}

/** A negative lookaround over a class made only of `\p{L}`, `\p{M}`, `\p{N}` and `_`. */
const PROPERTY_LOOKAROUND = /\(\?(<?)!\[((?:\\p\{[LMN]\}|_)+)\]\)/g;
const ASCII_PART: Record<string, string> = { '\\p{L}': 'A-Za-z', '\\p{M}': '', '\\p{N}': '0-9', _: '_' };

/**
 * Cheap to compile, exact on ASCII: each `(?!W)` / `(?<!W)` over such a class becomes its ASCII
 * part, followed by an empty capture group taken only when the character looked at is not
 * ASCII. On ASCII the two classes decide alike (under the `iu` flags, so do U+017F and U+212A,
 * the only other characters that fold to ASCII letters); so when no such group is set on the
 * matched path, every lookaround on it decided as the original would, every path tried before it
 * failed in the original too (the ASCII lookarounds refuse less), and the match is the
 * original's. When one is set, the character it looked at is checked against the original class
 * (`lookaroundTest`): most often it is punctuation (’ ” —) and the match stands; only when it is a
 * letter, mark or digit does the original regex decide.
 */
export function asciiLookarounds(source: string): { source: string; looks: Lookaround[] } {
  const looks: Lookaround[] = [];
  const out = source.replace(PROPERTY_LOOKAROUND, (_, behind: string, items: string) => {
    looks.push({ behind: !!behind, items });
    const ascii = items.match(/\\p\{[LMN]\}|_/g)!.map((item) => ASCII_PART[item]).join('');
    const check = behind ? '(?<=[^\\x00-\\x7F])' : '(?=[^\\x00-\\x7F])';
    return `(?${behind}![${ascii}])(?:${check}()|)`;
  });
  return { source: out, looks };
}

/** One word-boundary lookaround of a variant, in the order of its marker group: which side it looks at, and its class's items. */
export interface Lookaround {
  behind: boolean;
  items: string;
}

/**
 * The lookaround's original check at `pos`, for one non-ASCII character: a sticky regex over the
 * class alone, without the `i` flag (property classes are closed under case). Compiling this is
 * a hundredth of compiling a whole group's regex with its classes under `iu`.
 */
export function lookaroundTest(look: Lookaround): RegExp {
  return new RegExp(look.behind ? `(?<=[${look.items}])` : `[${look.items}]`, 'uy');
}

/** What each word of a variant is certain to start with in the text, lower case. */
export function anchorKeys(lang: LanguageModule, words: string[]): string[] {
  return words.map((word, i) => {
    let w = word.toLowerCase();
    if (i === words.length - 1) {
      const plural = english === lang ? english.pluralize(w) : w;
      let p = 0;
      while (p < w.length && p < plural.length && w[p] === plural[p]) p++;
      w = w.slice(0, p);
    }
    return w.split(APOSTROPHES)[0] ?? '';
  });
}

/** Greedy set cover: the key that covers most uncovered variants, longer and later ones first. */
export function chooseAnchors(keys: string[][]): string[] {
  const chosen: string[] = [];
  const uncovered = new Set(keys.map((_, i) => i));
  const pool = new Map<string, number>();
  keys.forEach((k) => k.forEach((key, pos) => key && pool.set(key, Math.max(pool.get(key) ?? 0, pos))));
  while (uncovered.size > 0) {
    let best = '';
    let bestCount = 0;
    for (const [candidate, pos] of pool) {
      let count = 0;
      for (const i of uncovered) if (keys[i]!.some((key) => key.startsWith(candidate))) count++;
      const better =
        count > bestCount ||
        (count === bestCount &&
          count > 0 &&
          (candidate.length > best.length ||
            (candidate.length === best.length && pos > (pool.get(best) ?? 0))));
      if (better) {
        best = candidate;
        bestCount = count;
      }
    }
    if (bestCount === 0) break;
    chosen.push(best);
    for (const i of [...uncovered]) if (keys[i]!.some((key) => key.startsWith(best))) uncovered.delete(i);
  }
  return chosen;
}

/**
 * A regex rule as the matcher runs it: global, case-insensitive, whole words (lookarounds at
 * both ends), with the `u` flag where the source allows it. Null when it does not compile.
 */
export function compilePattern(source: string, lang: LanguageModule = english): RegExp | null {
  try {
    return new RegExp(`(?<!${lang.wordClass})(?:${source})(?!${lang.wordClass})`, 'giu');
  } catch {
    try {
      const w = '[0-9A-Za-z_\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]';
      return new RegExp(`(?<!${w})(?:${source})(?!${w})`, 'gi');
    } catch {
      return null;
    }
  }
}
