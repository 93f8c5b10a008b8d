import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { applyReplacement, planReplacement } from '@/utils/engine/suggest';

const matcher = compileMatcher(BUILTIN_RULES);

function replaceFirst(text: string, pick: (m: ReturnType<typeof matcher.scan>[number]) => string) {
  const m = matcher.scan(text)[0]!;
  return { m, result: applyReplacement(text, m, pick(m)), edit: planReplacement(text, m, pick(m)) };
}

describe('applyReplacement: the a/an fix', () => {
  const rows: [string, (m: { suggestion?: string; alternatives: string[] }) => string, string, string][] = [
    ['We have an internal customer today.', (m) => m.alternatives[0]!, 'We have a service partner today.', 'a service partner'],
    ['An internal customer asked.', (m) => m.alternatives[0]!, 'A service partner asked.', 'A service partner'],
    ['AN INTERNAL CUSTOMER ASKED', (m) => m.alternatives[0]!, 'A SERVICE PARTNER ASKED', 'A SERVICE PARTNER'],
    ['We have an internal customer today.', (m) => m.suggestion!, 'We have an internal service partner today.', 'internal service partner'],
    ['It is a customer-supplier relationship.', (m) => m.suggestion!, 'It is a service partnership.', 'service partnership'],
    ['It is a customer-supplier relationship.', () => 'internal partnership', 'It is an internal partnership.', 'an internal partnership'],
    ['See the internal customers.', (m) => m.alternatives[1]!, 'See the partner teams.', 'partner teams'],
    ['Lean an\u00A0internal client.', (m) => m.alternatives[0]!, 'Lean a\u00A0service partner.', 'a\u00A0service partner'],
    ['Anna: internal client', (m) => m.alternatives[0]!, 'Anna: service partner', 'service partner'],
  ];
  it.each(rows)('%s', (text, pick, expected, changed) => {
    const { result } = replaceFirst(text, pick);
    expect(result.text).toBe(expected);
    expect(result.text.slice(result.start, result.end)).toBe(changed);
  });
});

describe('planReplacement: the minimal edit', () => {
  it('applying the edit gives the same text as applyReplacement', () => {
    for (const text of ['We have an internal customer today.', 'An internal client', 'the internal customers', 'a customer/supplier relationship']) {
      const m = matcher.scan(text)[0]!;
      for (const replacement of [m.suggestion!, ...m.alternatives]) {
        const edit = planReplacement(text, m, replacement);
        const applied = text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
        expect(applied).toBe(applyReplacement(text, m, replacement).text);
        expect(edit.start).toBeGreaterThanOrEqual(0);
        expect(edit.end).toBeLessThanOrEqual(text.length);
      }
    }
  });
  it('leaves the shared start and end alone', () => {
    const text = 'the internal customers';
    const m = matcher.scan(text)[0]!;
    const edit = planReplacement(text, m, 'internal service partners');
    expect(edit.start).toBeGreaterThanOrEqual(m.start + 'internal '.length);
    expect(text.slice(edit.end)).toBe('ers');
  });
  it('refuses a span outside the text with a clear error', () => {
    expect(() => planReplacement('short', { start: 3, end: 10 }, 'x')).toThrow(/does not lie within/);
    expect(() => applyReplacement('short', { start: -1, end: 2 }, 'x')).toThrow(RangeError);
  });
});
