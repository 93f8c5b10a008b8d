// Readable names for rule ids in figures: the first phrase a rule finds, else its pattern.
import { BUILTIN_RULES } from './rules';
import type { Rule } from './types';

export function ruleNamer(custom: Rule[] = []): (id: string) => string {
  const names = new Map<string, string>();
  for (const r of [...BUILTIN_RULES, ...custom]) names.set(r.id, r.variants?.[0] ?? (r.pattern ? `/${r.pattern}/` : r.id));
  return (id) => names.get(id) ?? id;
}
