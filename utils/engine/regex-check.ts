// Checks for users' and administrators' rules before they are saved or used: a rule must have
// a sane shape, and a regular expression must compile, must not match the empty string and
// must not take catastrophically long (it runs on every page the user opens).
import { compilePattern } from './regex-source';
import type { Level, Rule } from './types';

export type PatternCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };
export type RuleCheck = { ok: true; rule: Rule } | { ok: false; reason: string };

/** Longest a probe may take before the pattern counts as catastrophic. */
const BUDGET_MS = 50;
const PROBE_CHARS = 100_000;
const MAX_PATTERN = 1000;

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Characters the pattern itself is made of (literals, and one stand-in per common class). */
function probeAlphabet(source: string): string[] {
  const chars = new Set<string>();
  const classes: Record<string, string> = { s: ' ', d: '1', w: 'w', S: 'x', D: 'x', W: '-', b: 'b', n: '\n', t: '\t' };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[++i];
      if (next !== undefined) chars.add(classes[next] ?? next);
    } else if (!'()[]{}|?*+^$.,:=!<>-'.includes(ch)) {
      chars.add(ch);
    }
  }
  chars.add('a');
  chars.add(' ');
  return [...chars].slice(0, 12);
}

function runProbe(regex: RegExp, text: string): number {
  const t0 = now();
  regex.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text))) {
    if (m[0].length === 0) regex.lastIndex = m.index + 1;
    if (now() - t0 > BUDGET_MS) break;
  }
  return now() - t0;
}

/**
 * Times the pattern on growing probe texts (a character of its own, repeated, then a mismatch),
 * stopping as soon as the time, or the time the next size would take at the growth seen so
 * far, goes over the budget: exponential and polynomial patterns are caught long before a
 * probe could hang the caller.
 */
function catastrophic(regex: RegExp, source: string): string | null {
  const alphabet = probeAlphabet(source);
  const units = [...alphabet, alphabet.filter((c) => c !== ' ').join(''), alphabet.join('')];
  const sizes: number[] = [];
  for (let n = 2; n <= 32; n += 2) sizes.push(n);
  for (let n = 64; n < PROBE_CHARS; n *= 2) sizes.push(n);
  sizes.push(PROBE_CHARS);
  for (const unit of units) {
    if (!unit) continue;
    for (const tail of ['!', '\u0001']) {
      let previous = 0;
      let previousSize = 0;
      for (const size of sizes) {
        const text = unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size) + tail;
        let ms = runProbe(regex, text);
        // A busy machine (garbage collection, another process) can stall one run: a pattern is
        // refused only when a second run agrees.
        const suspicious = (t: number) =>
          t > BUDGET_MS || (previous > 2 && previousSize > 0 && t / previous > 2.5);
        if (suspicious(ms)) ms = Math.min(ms, runProbe(regex, text));
        if (ms > BUDGET_MS) {
          return `it takes more than ${BUDGET_MS} ms on a text of ${size.toLocaleString('en')} characters ("${describe(unit)}" repeated), so it could freeze pages`;
        }
        if (previous > 2 && previousSize > 0) {
          const growth = ms / previous;
          const steps = Math.log(PROBE_CHARS / size) / Math.log(size / previousSize);
          // Faster than linear growth that would pass the budget before the full probe size.
          if (growth > 2.5 && ms * Math.pow(growth, Math.min(steps, 1)) > BUDGET_MS) {
            return `its running time grows much faster than the text ("${describe(unit)}" repeated): it would take far more than ${BUDGET_MS} ms on ${PROBE_CHARS.toLocaleString('en')} characters`;
          }
        }
        previous = ms;
        previousSize = size;
      }
    }
  }
  return null;
}

function describe(unit: string): string {
  return JSON.stringify(unit.slice(0, 12)).slice(1, -1);
}

export function checkPattern(source: string): PatternCheck {
  if (typeof source !== 'string' || source.trim() === '') {
    return { ok: false, reason: 'The pattern is empty.' };
  }
  if (source.length > MAX_PATTERN) {
    return { ok: false, reason: `The pattern is longer than ${MAX_PATTERN} characters.` };
  }
  try {
    new RegExp(source, 'i');
  } catch (e) {
    try {
      new RegExp(source, 'iu');
    } catch {
      return { ok: false, reason: `The pattern is not a valid regular expression: ${(e as Error).message}` };
    }
  }
  const regex = compilePattern(source);
  if (!regex) return { ok: false, reason: 'The pattern is not a valid regular expression.' };
  const bare = new RegExp(source, regex.flags);
  for (const sample of ['', ' ', 'a', 'internal customer', '\n']) {
    bare.lastIndex = 0;
    const m = bare.exec(sample);
    if (m && m[0].length === 0) {
      return {
        ok: false,
        reason: 'The pattern can match an empty string (an empty match marks nothing and repeats everywhere); make at least one part of it required.',
      };
    }
  }
  // Timed as the matcher runs it: whole words, which also keeps `\w+ing` linear.
  const slow = catastrophic(regex, source);
  if (slow) return { ok: false, reason: `The pattern is too slow: ${slow}.` };
  regex.lastIndex = 0;
  return { ok: true, regex };
}

const ID_RE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;
const LEVELS: readonly Level[] = ['flag', 'hint', 'partner'];
const MAX_TEXT = 300;
const MAX_LIST = 50;

function line(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max && !/[\r\n]/.test(v);
}

/** Checks a rule from the options page, a `--rules` file or a managed policy. */
export function validateRule(input: unknown): RuleCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: 'A rule must be an object with id, level, reason and variants or pattern.' };
  }
  const r = input as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) {
    const shown = typeof r.id === 'string' ? `"${r.id.slice(0, 40)}"` : 'missing';
    return { ok: false, reason: `Rule id ${shown}: an id is 1 to 64 letters, digits or - _ . : (starting with a letter or digit).` };
  }
  const fail = (problem: string): RuleCheck => ({ ok: false, reason: `Rule "${r.id as string}": ${problem}` });
  if (typeof r.level !== 'string' || !LEVELS.includes(r.level as Level)) {
    return fail('level must be "flag", "hint" or "partner".');
  }
  if (!line(r.reason)) return fail(`reason must be one line of text (at most ${MAX_TEXT} characters).`);
  if (r.variants === undefined && r.pattern === undefined) return fail('it needs phrase variants or a pattern.');
  let variants: string[] | undefined;
  if (r.variants !== undefined) {
    if (!Array.isArray(r.variants) || r.variants.length === 0 || r.variants.length > MAX_LIST) {
      return fail(`variants must be a list of 1 to ${MAX_LIST} phrases.`);
    }
    variants = [];
    for (const v of r.variants) {
      if (!line(v, 100)) return fail('each variant must be a phrase of at most 100 characters on one line.');
      if (!/[\p{L}\p{N}]/u.test(v)) return fail(`variant "${v}" has no letters or digits.`);
      variants.push(v.trim());
    }
  }
  let pattern: string | undefined;
  if (r.pattern !== undefined) {
    if (typeof r.pattern !== 'string') return fail('pattern must be a string (a regular expression).');
    const check = checkPattern(r.pattern);
    if (!check.ok) return fail(check.reason);
    pattern = r.pattern;
  }
  if (r.suggestion !== undefined && !line(r.suggestion)) return fail('suggestion must be one line of text.');
  if (r.alternatives !== undefined) {
    if (!Array.isArray(r.alternatives) || r.alternatives.length > MAX_LIST || !r.alternatives.every((a) => line(a))) {
      return fail(`alternatives must be a list of up to ${MAX_LIST} lines of text.`);
    }
  }
  if (r.source !== undefined && r.source !== 'user' && r.source !== 'org' && r.source !== 'builtin') {
    return fail('source must be "user" or "org".');
  }
  const rule: Rule = {
    id: r.id,
    level: r.level as Level,
    reason: (r.reason as string).trim(),
    ...(variants ? { variants } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(r.suggestion !== undefined ? { suggestion: (r.suggestion as string).trim() } : {}),
    alternatives: r.alternatives ? (r.alternatives as string[]).map((a) => a.trim()) : [],
    source: (r.source as Rule['source']) ?? 'user',
  };
  return { ok: true, rule };
}
