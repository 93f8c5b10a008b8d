// The checks of one anchor's phrases: the variants that contain an anchor word, grouped by how many
// words before the anchor they start, each group one sticky regex (and its cheap ASCII form).
// Built by the matcher the first time a text holds that anchor. Pure.
import type { LanguageModule } from '@/utils/engine/lang/types';
import { asciiLookarounds, variantSource, type Lookaround } from './regex-source';
import type { Rule } from './types';

export interface Entry {
  rule: Rule;
  order: number;
  /** The last word of the variant, in its base form: it carries number and possession. */
  head: string;
}

export interface Group {
  /**
   * The check as written: longest alternative first, one capture group per variant. Compiled
   * lazily, on the first hit `fast` cannot settle: a Unicode property class (`\p{L}`) costs
   * about half a millisecond to compile, and a page view compiles every regex afresh.
   */
  source: string;
  regex: RegExp | null;
  /** The same check with its word-boundary lookarounds cut down to ASCII (see `asciiLookarounds`). */
  fast: RegExp;
  fastSource: string;
  /** `fast` with the `u` flag, for a text with U+017F or U+212A when `fast` has none (see `fastFlags`). */
  fastUnicode: RegExp | null;
  /** `variantGroup[i]`: the capture group of variant `i` in `fast`. */
  variantGroup: number[];
  /** Capture groups in `fast` set when a lookaround looked at a non-ASCII character, with that lookaround. */
  markers: { group: number; look: Lookaround }[];
  entries: Entry[];
}

export interface Variant {
  entry: Entry;
  words: string[];
  joiners: string[];
}

/** The only characters outside ASCII that case-fold onto ASCII letters (ſ onto s, K onto k). */
export const FOLDS_TO_ASCII = /[\u017F\u212A]/;
/** A source made of ASCII, escapes and typographic punctuation only, no property class. */
const PLAIN_SOURCE = /^(?:[\x00-\x7F\u00A0\u2010-\u2015\u2018\u2019\u201C\u201D\u2026\u202F])*$/;

/**
 * The fast check's flags: without `u` when its source is plain. Under `iu` a regex costs two to
 * four times as much to compile (1–3 ms for a group in Chromium, on every page view with a hit),
 * and on a plain source the two decide alike except on the two characters of FOLDS_TO_ASCII,
 * which `iu` folds onto ASCII letters and `i` does not: a text holding one of them takes the `u`
 * form (`fastUnicode`).
 */
function fastFlags(source: string): string {
  return PLAIN_SOURCE.test(source) && !source.includes('\\p{') && !source.includes('\\u{') ? 'diy' : 'diuy';
}

/** One anchor's checks: a regex per number of words the phrase starts before the anchor. */
export function buildGroups(byWordIndex: Map<number, Variant[]>, lang: LanguageModule): Map<number, Group> {
  const groups = new Map<number, Group>();
  for (const [wordIndex, list] of byWordIndex) {
    const sources = list.map((v) => variantSource(lang, v.words, v.joiners));
    // Longest phrases first: at one start the first alternative that matches is the longest.
    // The word boundaries are the same for every alternative, so they stand once, around them all
    // (`(?<!W)(?:(a)|(b))(?!W)` tries the alternatives in the same order as `(?<!W)a(?!W)|(?<!W)b(?!W)`).
    const length = list.map((v) => v.words.join(' ').length);
    const order = sources.map((_, i) => i).sort((a, b) => length[b]! - length[a]!);
    const before = `(?<!${lang.wordClass})`;
    const after = `(?!${lang.wordClass})`;
    const source = `${before}(?:${order.map((i) => `(${sources[i]})`).join('|')})${after}`;
    const markers: Group['markers'] = [];
    const variantGroup: number[] = [];
    let groupCount = 0;
    const fastPart = (part: string) => {
      const fast = asciiLookarounds(part);
      for (const look of fast.looks) markers.push({ group: ++groupCount, look });
      return fast.source;
    };
    let fastSource = `${fastPart(before)}(?:`;
    order.forEach((i, n) => {
      variantGroup.push(++groupCount);
      fastSource += `${n > 0 ? '|' : ''}(${fastPart(sources[i]!)})`;
    });
    fastSource += `)${fastPart(after)}`;
    groups.set(wordIndex, {
      source,
      regex: null,
      // `d`: where a marker was taken is where its lookaround looked.
      fast: new RegExp(fastSource, fastFlags(fastSource)),
      fastSource,
      fastUnicode: null,
      variantGroup,
      markers,
      entries: order.map((i) => list[i]!.entry),
    });
  }
  return groups;
}
