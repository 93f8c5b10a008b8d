import { describe, expect, it } from 'vitest';
import { compileAnchorSearch, LONG_TEXT } from '@/utils/engine/anchor-search';

/** Every (anchor, start) by the plainest means: lower-case the text, look at every position. */
function reference(anchors: string[], text: string): [number, number][] {
  const lower = text.toLowerCase();
  const out: [number, number][] = [];
  for (let s = 0; s < text.length; s++) anchors.forEach((a, i) => lower.startsWith(a, s) && out.push([i, s]));
  return out;
}

function hits(anchors: string[], text: string): [number, number][] {
  const out: [number, number][] = [];
  compileAnchorSearch(anchors).find(text, (i, s) => out.push([i, s]));
  return out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

const ANCHORS = ['customer', 'internal', 'partner', 'partnership'];

describe('anchor search', () => {
  it.each<[string, string]>([
    ['case does not matter', 'Our CUSTOMER, an Internal customer, a pArTnEr.'],
    ['one anchor inside another is found twice at one place', 'partnership and partner'],
    ['at the very start and the very end', 'customer … internal'],
    ['overlapping and repeated', 'internalinternal customercustomer'],
    ['non-ASCII around and inside words', 'é customer’s «internal» partner—partners ünternal cüstomer'],
    ['nothing to find', 'the quick brown fox'],
  ])('%s: short texts (the regex)', (_, text) => {
    expect(hits(ANCHORS, text)).toEqual(reference(ANCHORS, text));
  });

  it.each<[string, string]>([
    ['case does not matter', 'Our CUSTOMER, an Internal customer, a pArTnEr. '],
    ['non-ASCII around words', 'é customer’s «internal» partner—partnership ünternal cüstomer '],
    ['words that share letters with the anchors', 'custom internals partne r intern al customers '],
    // Folded to 7 bits for the pair table, \u0163 and \u0169 land on 'c' and 'i': verify must reject them.
    ['characters that fold onto the anchors\u2019 letters', '\u0163ustomer \u0169nternal partneR custome\u0172 internal '],
    ['anchors back to back and across the window', 'partnerpartnershipcustomerinternal xpartner '],
  ])('%s: long texts (the pair search) find what the regex finds', (_, unit) => {
    const text = unit.repeat(Math.ceil(LONG_TEXT / unit.length) + 1);
    expect(text.length).toBeGreaterThanOrEqual(LONG_TEXT);
    const found = hits(ANCHORS, text);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(reference(ANCHORS, text));
  });

  it('anchors that are not ASCII words are searched with the regex at any length', () => {
    const anchors = ['kunde', 'intern-e'];
    const text = 'die KUNDE, intern-e '.repeat(LONG_TEXT / 10);
    expect(hits(anchors, text)).toEqual(reference(anchors, text));
  });

  it('an anchor that starts with an astral character is found once per place (the search ends)', () => {
    const anchors = ['\u{1F680}launch', 'internal'];
    const text = 'a \u{1F680}launch, b \u{1F680}launch and internal';
    expect(hits(anchors, text)).toEqual(reference(anchors, text));
    expect(hits(anchors, text)).toHaveLength(3);
  });

  it('no anchors, no hits', () => {
    expect(hits([], 'customer')).toEqual([]);
  });
});
