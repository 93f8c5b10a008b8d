import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAN_FILE, builtinPlanJson } from '../../scripts/builtin-plan';
import { english } from '@/utils/engine/lang/english';
import { compileMatcher } from '@/utils/engine/matcher';
import { fingerprint, planAll } from '@/utils/engine/phrase-groups';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import type { Rule } from '@/utils/engine/types';

describe('the built-in rules, planned ahead', () => {
  it('builtin-plan.json is what the planning code makes of BUILTIN_RULES (run npm run rules:plan after changing either)', () => {
    expect(readFileSync(BUILTIN_PLAN_FILE, 'utf8')).toBe(builtinPlanJson());
  });

  it('a plan belongs to its rules: another order, id or variant gives another fingerprint', () => {
    const base = fingerprint(BUILTIN_RULES);
    expect(fingerprint([...BUILTIN_RULES].reverse())).not.toBe(base);
    expect(fingerprint(BUILTIN_RULES.map((r, i) => (i === 0 ? { ...r, id: `${r.id}-x` } : r)))).not.toBe(base);
    expect(fingerprint(BUILTIN_RULES.map((r, i) => (i === 0 ? { ...r, variants: [...(r.variants ?? []), 'internal clientele'] } : r)))).not.toBe(base);
  });

  it('rules that differ from the plan are planned afresh: a variant added to a built-in is found', () => {
    const first = BUILTIN_RULES[0]!;
    const rules: Rule[] = [{ ...first, variants: [...(first.variants ?? []), 'internal clientele'] }, ...BUILTIN_RULES.slice(1)];
    expect(compileMatcher(rules).scan('our internal clientele').map((m) => m.rule)).toEqual([first.id]);
    expect(compileMatcher(BUILTIN_RULES).scan('our internal clientele')).toEqual([]);
  });

  it('the planned and the freshly planned built-ins find the same phrases', () => {
    const text = 'Internal customers, the internal customer’s desk, our customer-supplier relationship, we are your partner; internal suppliers.';
    // A copy of each rule object: the same fingerprint, so the plan is used; planAll plans afresh.
    const viaPlan = compileMatcher(BUILTIN_RULES.map((r) => ({ ...r }))).scan(text);
    expect(viaPlan.length).toBeGreaterThan(3);
    expect(planAll(BUILTIN_RULES, english).anchors.length).toBeGreaterThan(0);
    const fresh = compileMatcher(BUILTIN_RULES, { ...english }).scan(text);
    expect(viaPlan).toEqual(fresh);
  });
});
