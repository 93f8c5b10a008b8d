// The checks of the phrases: the variants are grouped by the anchor word they contain and by how
// many words before the anchor they start, each group one sticky regex (and its cheap ASCII form).
//
// Planning (tokenising every variant, choosing anchors, writing the sources) is pure string work
// that a content script would redo, cold, on every page view: for the built-in rules it is done
// once, by `npm run rules:plan`, into builtin-plan.json. The matcher turns a plan into regexes
// the first time a text holds that anchor. Pure.
import type { LanguageModule } from '@/utils/engine/lang/types';
import { anchorKeys, asciiLookarounds, chooseAnchors, variantSource, type Lookaround } from './regex-source';
import type { Rule } from './types';

export interface Entry {
  rule: Rule;
  order: number;
  /** The last word of the variant, in its base form: it carries number and possession. */
  head: string;
}

/** One group as data (JSON): its sources, capture groups and entries by rule index. */
export interface GroupPlan {
  /** Words before the anchor's word where the group's phrases start. */
  wordIndex: number;
  /** The check as written: longest alternative first, one capture group per variant. */
  source: string;
  /** The same check with its word-boundary lookarounds cut down to ASCII (see `asciiLookarounds`). */
  fastSource: string;
  flags: string;
  /** `variantGroup[i]`: the capture group of variant `i` in the fast check. */
  variantGroup: number[];
  /** Capture groups in the fast check set when a lookaround looked at a non-ASCII character, with that lookaround. */
  markers: { group: number; look: Lookaround }[];
  entries: { order: number; head: string }[];
}

/** The anchors of a rule set and, for each, its groups (computed on demand). */
export interface PlanSource {
  anchors: string[];
  maxBack: number;
  groupsOf(anchor: number): GroupPlan[];
}

/** A whole plan as data, as builtin-plan.json holds it. */
export interface MatcherPlan {
  /** The rules it was made from (`fingerprint`): a plan is used only for the same rules. */
  fingerprint: string;
  anchors: string[];
  maxBack: number;
  groups: GroupPlan[][];
}

export interface Group extends Omit<GroupPlan, 'entries'> {
  /** Compiled on the first hit `fast` cannot settle (a Unicode property class is costly to compile). */
  regex: RegExp | null;
  fast: RegExp;
  /** `fast` with the `u` flag, for a text with U+017F or U+212A when `fast` has none (see `fastFlags`). */
  fastUnicode: RegExp | null;
  entries: Entry[];
}

/** What the plan depends on in the rules: their order, ids and variants. */
export function fingerprint(rules: Rule[]): string {
  return rules.map((r) => `${r.id}\u0001${(r.variants ?? []).join('\u0002')}`).join('\u0003');
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

interface Variant {
  order: number;
  words: string[];
  joiners: string[];
}

/** Plans the rules' variants: anchors now, each anchor's groups when first asked for. */
export function planRules(rules: Rule[], lang: LanguageModule): PlanSource {
  const variants: Variant[] = [];
  rules.forEach((rule, order) => {
    for (const variant of rule.variants ?? []) {
      const { words, joiners } = lang.tokenize(variant);
      if (words.length > 0) variants.push({ order, words, joiners });
    }
  });
  // Few, long anchor words that cover every variant (for the built-ins: "customer", "internal"
  // and "service"); each variant goes with the first of its words that holds one.
  const keys = variants.map((v) => anchorKeys(lang, v.words));
  const anchors = chooseAnchors(keys);
  const byAnchor: Map<number, Variant[]>[] = anchors.map(() => new Map());
  let maxBack = 0;
  variants.forEach((v, i) => {
    const k = keys[i]!;
    for (let w = 0; w < k.length; w++) {
      const anchor = anchors.findIndex((c) => k[w]!.startsWith(c));
      if (anchor < 0) continue;
      const list = byAnchor[anchor]!.get(w);
      if (list) list.push(v);
      else byAnchor[anchor]!.set(w, [v]);
      maxBack = Math.max(maxBack, w);
      return;
    }
  });
  const planned: (GroupPlan[] | undefined)[] = [];
  return { anchors, maxBack, groupsOf: (anchor) => (planned[anchor] ??= planGroups(byAnchor[anchor]!, lang)) };
}

/** The whole plan as data (for builtin-plan.json). */
export function planAll(rules: Rule[], lang: LanguageModule): MatcherPlan {
  const plan = planRules(rules, lang);
  return { fingerprint: fingerprint(rules), anchors: plan.anchors, maxBack: plan.maxBack, groups: plan.anchors.map((_, a) => plan.groupsOf(a)) };
}

function planGroups(byWordIndex: Map<number, Variant[]>, lang: LanguageModule): GroupPlan[] {
  const groups: GroupPlan[] = [];
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
    const markers: GroupPlan['markers'] = [];
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
    const entries = order.map((i) => ({ order: list[i]!.order, head: list[i]!.words[list[i]!.words.length - 1]! }));
    groups.push({ wordIndex, source, fastSource, flags: fastFlags(fastSource), variantGroup, markers, entries });
  }
  return groups;
}

/** An anchor's groups as regexes, by word index. */
export function buildGroups(plans: GroupPlan[], rules: Rule[]): Map<number, Group> {
  const groups = new Map<number, Group>();
  for (const plan of plans) {
    groups.set(plan.wordIndex, {
      ...plan,
      regex: null,
      // `d`: where a marker was taken is where its lookaround looked.
      fast: new RegExp(plan.fastSource, plan.flags),
      fastUnicode: null,
      entries: plan.entries.map(({ order, head }) => ({ rule: rules[order]!, order, head })),
    });
  }
  return groups;
}
