import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { english } from '@/utils/engine/lang/english';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { applyReplacement } from '@/utils/engine/suggest';

const matcher = compileMatcher(BUILTIN_RULES);
const RUNS = { numRuns: 150 };

/** Pieces that build phrase-like and phrase-breaking text. */
const piece = fc.constantFrom(
  'internal', 'Internal', 'INTERNAL', 'customer', 'Customers', 'client', 'supplier', 'vendor', 'service', 'partner',
  'partnership', 'relationship', 'the', 'is', 'always', 'king', "I'm", 'we are', 'your', 's', "'s", '\u2019', "'",
  ' ', '  ', '\u00A0', '\n', '-', '\u2013', '/', '_', '\u00AD', '\u200B', '\u201C', '\u201D', '"', '\u00AB', '\u00BB',
  ',', '.', 'x', 'sub', '😀', '\u0000',
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

const FLAGGED = [
  'internal customer', 'internal customers', 'Internal Customer\u2019s', 'INTERNAL CLIENTS', 'internal supplier',
  'internal vendors', 'internal customer service', 'customer-supplier relationship', 'customer/supplier relationships',
  'the customer is king', 'the customer is always king', "I'm the customer", 'we are your customers',
];
const phrase = fc.constantFrom(...FLAGGED);
/** Text with no letters at its edges, so a phrase next to it stays a whole word. */
const filler = fc
  .array(fc.constantFrom('a', 'b', 'q', 'z', ' ', '.', ',', '1', '\n', '(', ')', '\u00E9'), { maxLength: 20 })
  .map((cs) => cs.join(''));

const isWordAt = (s: string, i: number) => i >= 0 && i < s.length && english.isWordCharAt(s, i);

describe('matcher properties', () => {
  it('match text equals the source at its offsets; matches are sorted and never overlap', () => {
    fc.assert(
      fc.property(text, (t) => {
        const found = matcher.scan(t);
        let last = 0;
        for (const m of found) {
          expect(m.end).toBeGreaterThan(m.start);
          expect(t.slice(m.start, m.end)).toBe(m.text);
          expect(m.start).toBeGreaterThanOrEqual(last);
          last = m.end;
        }
      }),
      RUNS,
    );
  });

  it('no match starts or ends inside a word', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const m of matcher.scan(t)) {
          expect(isWordAt(t, m.start - 1)).toBe(false);
          expect(isWordAt(t, m.end)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('a flagged phrase dropped between non-letters is found exactly once, where it was put', () => {
    fc.assert(
      fc.property(filler, phrase, filler, (left, p, right) => {
        const t = `${left} ${p} ${right}`;
        const found = matcher.scan(t).filter((m) => m.level !== 'partner');
        expect(found).toHaveLength(1);
        expect(found[0]!.start).toBe(left.length + 1);
        expect(found[0]!.text).toBe(p);
      }),
      RUNS,
    );
  });

  it('applying the suggestion and scanning again finds no flag there', () => {
    fc.assert(
      fc.property(filler, phrase, filler, fc.boolean(), (left, p, right, useAlternative) => {
        const t = `${left} an ${p} ${right}`;
        const m = matcher.scan(t).find((x) => x.level !== 'partner')!;
        const replacement = (useAlternative && m.alternatives[0]) || m.suggestion!;
        const result = applyReplacement(t, m, replacement);
        const again = matcher
          .scan(result.text)
          .filter((x) => x.level !== 'partner' && x.start < result.end && x.end > result.start);
        expect(again).toEqual([]);
      }),
      RUNS,
    );
  });

  it('emoji and other astral characters before a match do not shift its offsets', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('😀', '👍🏽', '🇫🇷', '𝒳', '中'), { maxLength: 10 }), phrase, (emoji, p) => {
        const prefix = `${emoji.join('')} `;
        const [m] = matcher.scan(prefix + p);
        expect(m!.start).toBe(prefix.length);
        expect(m!.end).toBe(prefix.length + p.length);
      }),
      RUNS,
    );
  });
});
