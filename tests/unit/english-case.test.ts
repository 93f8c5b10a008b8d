import { describe, expect, it } from 'vitest';
import { english } from '@/utils/engine/lang/english';
import type { CaseStyle, WordForm } from '@/utils/engine/lang/types';

// ASCII text takes cheap ASCII classes; anything else the Unicode ones. A no-break space at the
// end of a text is outside every word and is kept as it is, so it sends the same text down the
// Unicode path without changing the answer: the two paths must agree.
const NBSP = '\u00A0';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const PIECES = ['internal', 'Internal', 'INTERNAL', 'customer', 'Customers', "customer's", 'I', "I'm", 'i', 'of', 'the', 'The', 'and', 'x2', '42', 'A', 'an', "'", ' ', ' ', '-', ', ', '. ', '!', 'sKy', 'USA', 'iPhone'];
function texts(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * 6);
    return Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(next() < 0.7 ? ' ' : '');
  });
}

describe('English case and inflection: the ASCII path decides as the Unicode path', () => {
  it.each<[string, CaseStyle]>([
    ['internal customers', 'lower'],
    ['Internal customers', 'sentence'],
    ['Internal Customers', 'title'],
    ['INTERNAL CUSTOMERS', 'upper'],
    ['I serve internal customers', 'lower'],
    ['internal Customers', 'other'],
  ])('%s is %s on both paths', (text, style) => {
    expect(english.caseOf(text)).toBe(style);
    expect(english.caseOf(text + NBSP)).toBe(style);
  });

  it('caseOf agrees on 2,000 generated texts', () => {
    for (const text of texts(2000, 7)) expect(english.caseOf(text), JSON.stringify(text)).toBe(english.caseOf(text + NBSP));
  });

  it('applyCase agrees on generated texts in every style', () => {
    const styles: CaseStyle[] = ['lower', 'upper', 'sentence', 'title', 'other'];
    for (const text of texts(500, 11)) {
      for (const style of styles) expect(english.applyCase(text + NBSP, style), `${JSON.stringify(text)} ${style}`).toBe(english.applyCase(text, style) + NBSP);
    }
  });

  it('inflect agrees on generated noun phrases in every form', () => {
    const forms: WordForm[] = [
      { plural: true, possessive: false },
      { plural: false, possessive: true },
      { plural: true, possessive: true, apostrophe: "'" },
    ];
    for (const text of texts(500, 13)) {
      for (const form of forms) expect(english.inflect(text + NBSP, form), `${JSON.stringify(text)} ${JSON.stringify(form)}`).toBe(english.inflect(text, form) + NBSP);
    }
  });

  it('inflects the last word of an ASCII phrase', () => {
    expect(english.inflect('service partner', { plural: true, possessive: false })).toBe('service partners');
    expect(english.inflect('service partner', { plural: true, possessive: true, apostrophe: "'" })).toBe("service partners'");
    expect(english.applyCase('service partner', 'title')).toBe('Service Partner');
  });
});
