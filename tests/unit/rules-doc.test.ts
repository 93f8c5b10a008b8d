// docs/RULES.md carries a table generated from BUILTIN_RULES: the two must say the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { RULES_DOC, rulesSection, withRulesSection } from '../../scripts/rules-doc';

describe('docs/RULES.md', () => {
  it('holds the table generated from BUILTIN_RULES (run npm run docs:rules after changing a rule)', () => {
    const doc = readFileSync(RULES_DOC, 'utf8');
    expect(doc).toContain(rulesSection());
    expect(withRulesSection(doc)).toBe(doc);
  });

  it('names every built-in rule with its phrases, suggestion and reason', () => {
    const doc = readFileSync(RULES_DOC, 'utf8');
    for (const rule of BUILTIN_RULES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`));
      expect(row, rule.id).toBeDefined();
      for (const part of [...(rule.variants ?? []), rule.suggestion ?? '', rule.reason]) expect(row).toContain(part);
    }
  });

  it('goes stale when a rule changes', () => {
    const doc = readFileSync(RULES_DOC, 'utf8');
    const changed = BUILTIN_RULES.map((r) => (r.id === 'internal-client' ? { ...r, suggestion: 'colleague team' } : r));
    expect(withRulesSection(doc, changed)).not.toBe(doc);
  });
});
