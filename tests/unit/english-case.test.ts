import { describe, expect, it } from 'vitest';
import { english } from '@/utils/engine/lang/english';
import type { CaseStyle, WordForm } from '@/utils/engine/lang/types';

// Plain text (ASCII with typographic spaces, dashes and quotes) takes cheap classes; anything else
// the Unicode ones. An ideographic space at the end of a text is outside every word and is kept as
// it is, so it sends the same text down the Unicode path without changing the answer: the two
// paths must agree.
const WIDE = '\u3000';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const PIECES = ['internal', 'Internal', 'INTERNAL', 'customer', 'Customers', "customer's", 'I', "I'm", 'i', 'of', 'the', 'The', 'and', 'x2', '42', 'A', 'an', "'", ' ', ' ', '-', ', ', '. ', '!', 'sKy', 'USA', 'iPhone', '\u00A0', '\u2019', 'customer\u2019s', 'I\u2019m', '\u2013', '\u201Cinternal\u201D', '\u2026'];
function texts(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * 6);
    return Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]!).join(next() < 0.7 ? ' ' : '');
  });
}

describe('English case and inflection: the plain-text path decides as the Unicode path', () => {
  it.each<[string, CaseStyle]>([
    ['internal customers', 'lower'],
    ['Internal customers', 'sentence'],
    ['Internal Customers', 'title'],
    ['INTERNAL CUSTOMERS', 'upper'],
    ['I serve internal customers', 'lower'],
    ['internal Customers', 'other'],
    ['Internal\u00A0customers\u2019', 'sentence'],
    ['I\u2019m an Internal\u2013Customer', 'other'],
  ])('%s is %s on both paths', (text, style) => {
    expect(english.caseOf(text)).toBe(style);
    expect(english.caseOf(text + WIDE)).toBe(style);
  });

  it('caseOf agrees on 2,000 generated texts', () => {
    for (const text of texts(2000, 7)) expect(english.caseOf(text), JSON.stringify(text)).toBe(english.caseOf(text + WIDE));
  });

  it('applyCase agrees on generated texts in every style', () => {
    const styles: CaseStyle[] = ['lower', 'upper', 'sentence', 'title', 'other'];
    for (const text of texts(500, 11)) {
      for (const style of styles) expect(english.applyCase(text + WIDE, style), `${JSON.stringify(text)} ${style}`).toBe(english.applyCase(text, style) + WIDE);
    }
  });

  it('inflect agrees on generated noun phrases in every form', () => {
    const forms: WordForm[] = [
      { plural: true, possessive: false },
      { plural: false, possessive: true },
      { plural: true, possessive: true, apostrophe: "'" },
    ];
    for (const text of texts(500, 13)) {
      for (const form of forms) expect(english.inflect(text + WIDE, form), `${JSON.stringify(text)} ${JSON.stringify(form)}`).toBe(english.inflect(text, form) + WIDE);
    }
  });

  it('inflects the last word of a plain phrase', () => {
    expect(english.inflect('service partner', { plural: true, possessive: false })).toBe('service partners');
    expect(english.inflect('service partner', { plural: true, possessive: true, apostrophe: "'" })).toBe("service partners'");
    expect(english.applyCase('service partner', 'title')).toBe('Service Partner');
  });
});

describe('English word characters', () => {
  it('answers for every character of the Basic Multilingual Plane as the Unicode class does', () => {
    const word = /^[\p{L}\p{M}\p{N}_]$/u;
    const wrong: string[] = [];
    for (let c = 0; c < 0xd800; c++) {
      const ch = String.fromCharCode(c);
      if (english.isWordCharAt(ch, 0) !== word.test(ch)) wrong.push(c.toString(16));
    }
    for (let c = 0xe000; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (english.isWordCharAt(ch, 0) !== word.test(ch)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
