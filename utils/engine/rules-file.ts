// Custom rules as a JSON file, in the shape `npm run scan -- --rules` reads: { "rules": [...] }
// (a bare list is accepted too). Pure, so the options page and its tests share it.
import { validateRule } from './regex-check';
import type { Rule } from './types';

export const RULES_FILE_FORMAT = 'partner-lens-rules';
const MAX_RULES = 500;

export function rulesFileContent(rules: Rule[]): string {
  // Only what a rule is: where it came from is decided by whoever imports it.
  const plain = rules.map(({ source: _source, ...rest }) => rest);
  return JSON.stringify({ format: RULES_FILE_FORMAT, version: 1, rules: plain }, null, 2) + '\n';
}

export type RulesFileCheck = { ok: true; rules: Rule[] } | { ok: false; reason: string };

/** The whole file or nothing: the first bad rule refuses it, with the reason. */
export function parseRulesFile(text: string): RulesFileCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `The file is not valid JSON (${(e as Error).message}).` };
  }
  const list = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) return { ok: false, reason: 'The file holds no list of rules (expected { "rules": [ … ] }).' };
  if (list.length > MAX_RULES) return { ok: false, reason: `The file holds more than ${MAX_RULES} rules.` };
  const rules: Rule[] = [];
  const ids = new Set<string>();
  for (const [i, item] of list.entries()) {
    const check = validateRule(item);
    if (!check.ok) return { ok: false, reason: `Rule ${i + 1}: ${check.reason}` };
    if (ids.has(check.rule.id)) return { ok: false, reason: `Rule ${i + 1}: the id "${check.rule.id}" appears twice.` };
    ids.add(check.rule.id);
    rules.push({ ...check.rule, source: 'user' });
  }
  return { ok: true, rules };
}

/** Imported rules replace same-id ones and keep the others, in their order. */
export function mergeRules(current: Rule[], incoming: Rule[]): Rule[] {
  const byId = new Map(incoming.map((r) => [r.id, r]));
  const kept = current.map((r) => byId.get(r.id) ?? r);
  const keptIds = new Set(current.map((r) => r.id));
  return [...kept, ...incoming.filter((r) => !keptIds.has(r.id))];
}

/** A readable id for a new rule, unique among `taken`. */
export function ruleIdFor(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const slug =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'rule';
  let id = `custom-${slug}`;
  for (let n = 2; used.has(id); n++) id = `custom-${slug}-${n}`;
  return id;
}
