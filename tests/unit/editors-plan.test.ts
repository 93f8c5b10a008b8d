import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import {
  applyEdit,
  isStillThere,
  normalizeText,
  planFix,
  planFixAll,
  replacementsFor,
  sameWords,
} from '@/utils/editors/plan';
import { diffSpan } from '@/utils/engine/text-edit';

const matcher = compileMatcher(BUILTIN_RULES);
const first = (text: string, phrase: string) => matcher.scan(text).find((m) => m.text === phrase)!;

describe('planning a fix', () => {
  it('replaces the phrase and leaves the shared start alone', () => {
    const text = 'The team serves its internal customers every day.';
    const m = first(text, 'internal customers');
    const edit = planFix(text, m, 'internal service partners');
    expect(applyEdit(text, edit)).toBe('The team serves its internal service partners every day.');
    // "internal " is shared and not rewritten; the edit runs to the end of the new phrase.
    expect(text.slice(edit.start, edit.end)).toBe('customers');
    const after = applyEdit(text, edit);
    expect(after.slice(0, edit.start + edit.insert.length)).toBe('The team serves its internal service partners');
  });

  it('puts the caret position (end of the insert) just after the replacement', () => {
    const text = 'Ask internal customers now.';
    const edit = planFix(text, first(text, 'internal customers'), 'partner teams');
    const after = applyEdit(text, edit);
    expect(after).toBe('Ask partner teams now.');
    expect(after.slice(0, edit.start + edit.insert.length)).toBe('Ask partner teams');
  });

  it('fixes the article in the same edit: an internal customer → a service partner', () => {
    const text = 'Treat them as an internal customer.';
    const edit = planFix(text, first(text, 'internal customer'), 'service partner');
    expect(applyEdit(text, edit)).toBe('Treat them as a service partner.');
    // One edit from inside the article ("a" is kept) to the end of the phrase.
    expect(text.slice(edit.start, edit.end)).toBe('n internal customer');
  });
});

describe('fix all as one span', () => {
  it('fixes every flag-level use and nothing else, as one edit', () => {
    const text =
      'Our internal customers ask an internal client; "internal customers" is a quote; the customer is king; service partners agree.';
    const plan = planFixAll(text, matcher.scan(text))!;
    expect(plan.count).toBe(2);
    const after = applyEdit(text, plan.edit);
    expect(after).toBe(
      'Our internal service partners ask an internal service partner; "internal customers" is a quote; the customer is king; service partners agree.',
    );
    // The span runs from the first change to the last, no further.
    expect(plan.edit.start).toBe(text.indexOf('customers'));
    expect(plan.edit.end).toBe(text.indexOf('client') + 'client'.length);
  });

  it('has nothing to do when there is no flag-level use', () => {
    const text = 'The customer is king, say our service partners.';
    expect(planFixAll(text, matcher.scan(text))).toBeNull();
  });

  it('skips a match whose text is no longer there', () => {
    const text = 'Our internal customers.';
    const m = { ...first(text, 'internal customers'), start: 0, end: 18 };
    expect(planFixAll(text, [m])).toBeNull();
  });

  it('diffSpan gives the single span between two texts', () => {
    expect(diffSpan('abcXYZdef', 'abc12def')).toEqual({ start: 3, end: 6, insert: '12' });
    expect(diffSpan('same', 'same')).toEqual({ start: 4, end: 4, insert: '' });
  });

  it('diffSpan finds the same span as a walk over every character, in long texts too', () => {
    const naive = (before: string, after: string) => {
      const max = Math.min(before.length, after.length);
      let head = 0;
      while (head < max && before[head] === after[head]) head++;
      let tail = 0;
      while (tail < max - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
      return { start: head, end: before.length - tail, insert: after.slice(head, after.length - tail) };
    };
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      const n = round < 20 ? 200_000 + rand(100_000) : rand(3_000);
      const alphabet = round % 2 ? 'ab\n' : 'abcdefgh ';
      let before = '';
      while (before.length < n) before += alphabet[rand(alphabet.length)]!.repeat(1 + rand(50));
      before = before.slice(0, n);
      const start = rand(n + 1);
      const end = start + rand(Math.min(20, n - start) + 1);
      let insert = '';
      for (let k = rand(6); k > 0; k--) insert += alphabet[rand(alphabet.length)];
      const after = before.slice(0, start) + insert + before.slice(end);
      expect(diffSpan(before, after)).toEqual(naive(before, after));
    }
  });
});

describe('stale check', () => {
  it('accepts the fix only while the matched text is at its place', () => {
    const text = 'Our internal customers.';
    const m = first(text, 'internal customers');
    expect(isStillThere(text, m)).toBe(true);
    expect(isStillThere('Our internal customerz.', m)).toBe(false);
    expect(isStillThere('Hello! Our internal customers.', m)).toBe(false);
  });

  it('compares DOM text loosely on white space and invisible characters only', () => {
    expect(sameWords('internal\u00A0customers', 'internal customers')).toBe(true);
    expect(sameWords('internal\u200Bcustomers', 'internal customers')).toBe(true);
    expect(sameWords('internal customerz', 'internal customers')).toBe(false);
    expect(normalizeText('a\u00A0b\uFEFF')).toBe('a b');
  });
});

describe('replacements offered', () => {
  it('suggestion first, then the alternatives, in the writer’s form', () => {
    const m = first('Our Internal Customers.', 'Internal Customers');
    expect(replacementsFor(m)).toEqual(['Internal Service Partners', 'Service Partners', 'Partner Teams']);
  });

  it('none for partner language or a quoted mention', () => {
    const partner = matcher.scan('our service partners').find((m) => m.level === 'partner')!;
    expect(replacementsFor(partner)).toEqual([]);
    const quoted = first('the phrase "internal customers" is old', 'internal customers');
    expect(quoted.quoted).toBe(true);
    expect(replacementsFor(quoted)).toEqual([]);
  });
});
