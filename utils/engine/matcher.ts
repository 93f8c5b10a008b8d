// The phrase engine: rules in, matches out. Pure; the content script, the CLI and the tests all
// run this same code.
//
// How a scan works: a cheap anchor search (anchor-search.ts) finds the few places where a
// phrase can start; sticky regular expressions then check the phrase there, at the word where
// the anchor sits and at the few words before it. Regex rules (custom only) run as their own
// pass. Overlaps are settled longest-first, and each match is dressed with its suggestion in
// the writer's form.
import { compileAnchorSearch, type AnchorSearch } from './anchor-search';
import { english } from '@/utils/engine/lang/english';
import type { LanguageModule, WordForm } from '@/utils/engine/lang/types';
import { compilePattern, lookaroundTest } from './regex-source';
import { buildGroups, fingerprint, FOLDS_TO_ASCII, planRules, type Entry, type Group, type MatcherPlan, type PlanSource } from './phrase-groups';
import builtinPlan from './builtin-plan.json';
import type { Match, Rule } from './types';

export interface Matcher {
  scan(text: string): Match[];
  rules: Rule[];
  /**
   * Calls `onHit` with a position of `text` at or near which a match may start, in increasing
   * order; every match of `scan` lies in a text that has such a hit. Null when the rules cannot be
   * located this way (custom regex rules): then only `scan` decides.
   */
  locate: ((text: string, onHit: (pos: number) => void) => void) | null;
}

const BUILTIN_PLAN = builtinPlan as MatcherPlan;

interface PatternRule {
  rule: Rule;
  order: number;
  regex: RegExp;
}

interface Candidate {
  start: number;
  end: number;
  entry: Entry;
  plain: boolean;
}

/** Invisible characters that may sit inside a word (soft hyphen, zero-width space/joiners). */
const ZERO_WIDTH = /[\u200B-\u200D\u2060]/;
/**
 * ZERO_WIDTH and the two letters of FOLDS_TO_ASCII in one class: a text read once for both, as
 * a second pass over a long text cost the command line's matcher a quarter of its time.
 */
const UNUSUAL = /[\u200B-\u200D\u2060\u017F\u212A]/;
const INVISIBLE_GLOBAL = /[\u00AD\u200B-\u200D\u2060]/g;

export function compileMatcher(rules: Rule[], lang: LanguageModule = english): Matcher {
  const patterns: PatternRule[] = [];
  rules.forEach((rule, order) => {
    if (!rule.pattern) return;
    const regex = compilePattern(rule.pattern, lang);
    if (regex) patterns.push({ rule, order, regex });
  });
  // The built-in rules come planned (builtin-plan.json); any other set is planned here.
  const plan: PlanSource =
    lang === english && BUILTIN_PLAN.fingerprint === fingerprint(rules)
      ? { anchors: BUILTIN_PLAN.anchors, maxBack: BUILTIN_PLAN.maxBack, groupsOf: (anchor) => BUILTIN_PLAN.groups[anchor]! }
      : planRules(rules, lang);
  const { anchors: chosen, maxBack } = plan;
  // An anchor's regexes are made the first time a text holds it: most pages hold no phrase.
  const groupsByAnchor: (Map<number, Group> | undefined)[] = chosen.map(() => undefined);
  const groupsOf = (anchor: number) => (groupsByAnchor[anchor] ??= buildGroups(plan.groupsOf(anchor), rules));
  const search = compileAnchorSearch(chosen);

  const locate = (text: string, onHit: (pos: number) => void) => {
    if (text.indexOf('\u00AD') === -1 && !ZERO_WIDTH.test(text)) {
      search.find(text, (_, pos) => onHit(pos));
      return;
    }
    const { normalized, map } = stripInvisible(text);
    search.find(normalized, (_, pos) => onHit(map[pos]!));
  };
  return {
    rules,
    locate: patterns.length ? null : locate,
    scan(text: string): Match[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      const softHyphen = text.indexOf('\u00AD') !== -1;
      if (!softHyphen && !UNUSUAL.test(text)) {
        return finish(text, text, null, findCandidates(text, false, search, groupsOf, maxBack, patterns, lang), lang);
      }
      const folds = FOLDS_TO_ASCII.test(text);
      if (!softHyphen && !ZERO_WIDTH.test(text)) {
        return finish(text, text, null, findCandidates(text, folds, search, groupsOf, maxBack, patterns, lang), lang);
      }
      const { normalized, map } = stripInvisible(text);
      return finish(text, normalized, map, findCandidates(normalized, folds, search, groupsOf, maxBack, patterns, lang), lang);
    },
  };
}

function stripInvisible(text: string): { normalized: string; map: Int32Array } {
  const map = new Int32Array(text.length + 1);
  let normalized = '';
  let n = 0;
  let from = 0;
  INVISIBLE_GLOBAL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INVISIBLE_GLOBAL.exec(text))) {
    normalized += text.slice(from, m.index);
    for (let i = from; i < m.index; i++) map[n++] = i;
    from = m.index + 1;
  }
  normalized += text.slice(from);
  for (let i = from; i < text.length; i++) map[n++] = i;
  map[n] = text.length;
  return { normalized, map: map.subarray(0, n + 1) };
}

function isSeparator(c: number): boolean {
  // White space (incl. NBSP and line breaks), hyphens, en dash, slash.
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 45 || c === 47 || c === 0x2010 ||
    c === 0x2011 || c === 0x2013 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

/** Start of the word before the one that starts at `s`, or -1. */
function previousWordStart(text: string, s: number, lang: LanguageModule): number {
  let i = s;
  while (i > 0 && isSeparator(text.charCodeAt(i - 1))) i--;
  if (i === s || i === 0) return -1;
  const end = i;
  while (i > 0 && (lang.isWordCharAt(text, i - 1) || (isApostrophe(text.charCodeAt(i - 1)) && i - 1 > 0 && lang.isWordCharAt(text, i - 2)))) i--;
  return i === end ? -1 : i;
}

function findCandidates(
  text: string,
  /** Whether the text holds a letter of FOLDS_TO_ASCII (then a plain group's fast check takes its `u` form). */
  folds: boolean,
  search: AnchorSearch,
  groupsOf: (anchor: number) => Map<number, Group>,
  maxBack: number,
  patterns: PatternRule[],
  lang: LanguageModule,
): Candidate[] {
  const candidates: Candidate[] = [];
  search.find(text, (anchor, pos) => {
    if (pos > 0 && lang.isWordCharAt(text, pos - 1)) return;
    const groups = groupsOf(anchor);
    let s = pos;
    for (let k = 0; k <= maxBack; k++) {
      if (k > 0) {
        s = previousWordStart(text, s, lang);
        if (s < 0) break;
      }
      const group = groups.get(k);
      if (!group) continue;
      const fast = folds && !group.fast.unicode ? (group.fastUnicode ??= new RegExp(group.fastSource, 'diuy')) : group.fast;
      fast.lastIndex = s;
      let m = fast.exec(text);
      if (!m) continue;
      let entry: Entry | undefined;
      if (!lookaroundsHold(group, m, text)) {
        // A lookaround looked at a non-ASCII letter, mark or digit: the original check decides.
        group.regex ??= new RegExp(group.source, 'iuy');
        group.regex.lastIndex = s;
        m = group.regex.exec(text);
        if (!m) continue;
        let g = 1;
        while (g < m.length && m[g] === undefined) g++;
        entry = group.entries[g - 1];
      } else {
        const i = group.variantGroup.findIndex((g) => m![g] !== undefined);
        entry = group.entries[i];
      }
      candidates.push({ start: s, end: s + m[0].length, entry: entry!, plain: true });
    }
  });
  for (const { rule, order, regex } of patterns) {
    regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = regex.exec(text))) {
      if (m[0].length === 0) {
        // One character on (a whole surrogate pair: under `u` a start inside one steps back).
        regex.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
        continue;
      }
      candidates.push({ start: m.index, end: m.index + m[0].length, entry: { rule, order, head: '' }, plain: false });
    }
  }
  return candidates;
}

const lookaroundTests = new Map<string, RegExp>();

/** Whether every lookaround that looked at a non-ASCII character on the matched path agrees with its original class. */
function lookaroundsHold(group: Group, m: RegExpExecArray, text: string): boolean {
  for (const { group: g, look } of group.markers) {
    const at = m.indices?.[g];
    if (!at) continue;
    const key = `${look.behind ? '<' : '>'}${look.items}`;
    let test = lookaroundTests.get(key);
    if (!test) lookaroundTests.set(key, (test = lookaroundTest(look)));
    test.lastIndex = at[0];
    // A negative lookaround: it held if its class does not match there.
    if (test.test(text)) return false;
  }
  return true;
}

/** Longest wins; among equals the earlier, then the rule listed first. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const accepted: Candidate[] = [];
  let i = 0;
  while (i < candidates.length) {
    let j = i + 1;
    let clusterEnd = candidates[i]!.end;
    while (j < candidates.length && candidates[j]!.start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, candidates[j]!.end);
      j++;
    }
    if (j === i + 1) {
      accepted.push(candidates[i]!);
    } else {
      const cluster = candidates
        .slice(i, j)
        .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.entry.order - b.entry.order);
      const kept: Candidate[] = [];
      for (const c of cluster) if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
      kept.sort((a, b) => a.start - b.start);
      accepted.push(...kept);
    }
    i = j;
  }
  return accepted;
}

const CLOSERS: Record<string, string> = {
  '\u201C': '\u201D\u201C',
  '"': '"\u201D',
  '\u2018': '\u2019',
  "'": "'\u2019",
  '\u00AB': '\u00BB',
  '\u00BB': '\u00AB',
  '\u201E': '\u201C\u201D',
  '\u201A': '\u2018\u2019',
  '\u2039': '\u203A',
};
const TRAILING_PUNCTUATION = /^[,.;:!?\u2026]{0,3}/;
const GUILLEMET_SPACE = /[ \u00A0\u202F]/;

/** Whether [start, end) is wrapped in quotation marks, and where the phrase really ends. */
function quotedSpan(text: string, start: number, end: number): { quoted: boolean; end: number } {
  let open = start - 1;
  let opener = text[open];
  if (opener !== undefined && GUILLEMET_SPACE.test(opener) && (text[open - 1] === '\u00AB' || text[open - 1] === '\u00BB')) {
    opener = text[--open];
  }
  if (opener === undefined) return { quoted: false, end };
  const closers = CLOSERS[opener];
  if (!closers) return { quoted: false, end };
  const closes = (at: number): boolean => {
    let p = at + (TRAILING_PUNCTUATION.exec(text.slice(at, at + 3))?.[0].length ?? 0);
    if (opener === '\u00AB' || opener === '\u00BB') while (p < text.length && GUILLEMET_SPACE.test(text[p]!)) p++;
    const c = text[p];
    return c !== undefined && closers.includes(c);
  };
  if (closes(end)) return { quoted: true, end };
  // ‘internal customers’: the closing quote was taken for a plural possessive apostrophe.
  const last = text[end - 1];
  if (last !== undefined && closers.includes(last) && /s$/i.test(text.slice(end - 2, end - 1))) {
    return { quoted: true, end: end - 1 };
  }
  return { quoted: false, end };
}

function finish(
  original: string,
  text: string,
  map: Int32Array | null,
  candidates: Candidate[],
  lang: LanguageModule,
): Match[] {
  const accepted = resolveOverlaps(candidates);
  const matches: Match[] = [];
  for (const c of accepted) {
    const { quoted, end } = quotedSpan(text, c.start, c.end);
    const written = text.slice(c.start, end);
    const start = map ? map[c.start]! : c.start;
    const origEnd = map ? map[end - 1]! + 1 : end;
    const rule = c.entry.rule;
    const form: WordForm = c.plain ? lang.formOf(written, c.entry.head) : { plural: false, possessive: false };
    const style = lang.caseOf(written);
    const dress = (phrase: string) => lang.applyCase(lang.inflect(phrase, form), style);
    const match: Match = {
      rule: rule.id,
      level: rule.level,
      start,
      end: origEnd,
      text: original.slice(start, origEnd),
      alternatives: rule.level === 'partner' ? [] : (rule.alternatives ?? []).map(dress),
      quoted,
      reason: rule.reason,
    };
    if (rule.level !== 'partner' && rule.suggestion) match.suggestion = dress(rule.suggestion);
    matches.push(match);
  }
  return matches;
}
