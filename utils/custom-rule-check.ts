// Stand-in for utils/regex-check.ts's `validateRule` (being written by a teammate), with the
// same signature so that swapping it in is a one-line import change in prefs.ts. It checks shape
// and sizes and that a pattern compiles and cannot match the empty string; it does NOT probe for
// catastrophic backtracking — the real validateRule does.
import type { Rule } from './types';

const ID_RE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;
const MAX_TEXT = 300;
const MAX_LIST = 50;

const shortString = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= MAX_LIST && v.every((s) => shortString(s));

export function checkCustomRule(input: unknown): { ok: true; rule: Rule } | { ok: false; reason: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, reason: 'rule is not an object' };
  const r = input as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) return { ok: false, reason: 'id must be 1–64 letters, digits or -_.:' };
  if (r.level !== 'flag' && r.level !== 'hint' && r.level !== 'partner') return { ok: false, reason: 'level must be flag, hint or partner' };
  if (!shortString(r.reason)) return { ok: false, reason: 'reason must be a line of text' };
  if (r.variants !== undefined && !stringList(r.variants)) return { ok: false, reason: 'variants must be up to 50 phrases' };
  if (r.pattern !== undefined) {
    if (!shortString(r.pattern, 1000)) return { ok: false, reason: 'pattern must be up to 1000 characters' };
    let re: RegExp;
    try {
      re = new RegExp(r.pattern, 'iu');
    } catch (e) {
      return { ok: false, reason: `pattern does not compile: ${(e as Error).message}` };
    }
    if (re.test('')) return { ok: false, reason: 'pattern matches the empty string' };
  }
  if (r.variants === undefined && r.pattern === undefined) return { ok: false, reason: 'rule needs variants or a pattern' };
  if (r.suggestion !== undefined && !shortString(r.suggestion)) return { ok: false, reason: 'suggestion must be a line of text' };
  if (r.alternatives !== undefined && !stringList(r.alternatives)) return { ok: false, reason: 'alternatives must be up to 50 phrases' };
  const rule: Rule = {
    id: r.id,
    level: r.level,
    reason: r.reason,
    ...(r.variants !== undefined ? { variants: [...(r.variants as string[])] } : {}),
    ...(r.pattern !== undefined ? { pattern: r.pattern as string } : {}),
    ...(r.suggestion !== undefined ? { suggestion: r.suggestion as string } : {}),
    ...(r.alternatives !== undefined ? { alternatives: [...(r.alternatives as string[])] } : {}),
    source: r.source === 'org' ? 'org' : 'user',
  };
  return { ok: true, rule };
}
