import { describe, expect, it } from 'vitest';
import { checkPattern, validateRule } from '@/utils/engine/regex-check';

describe('checkPattern', () => {
  const good = ['internal\\s+customers?', 'serv(?:ice)? desk', '\\w+sourcing', 'a+b', '[a-z]+@[a-z]+\\.com'];
  it.each(good)('accepts %s', (source) => {
    const r = checkPattern(source);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.regex.flags).toContain('i');
  });

  const bad: [string, RegExp][] = [
    ['(', /not a valid regular expression/],
    ['a[', /not a valid regular expression/],
    ['', /empty/],
    ['a*', /empty string/],
    ['x|', /empty string/],
    ['(?:)', /empty string/],
    ['\\b', /empty string/],
    ['(a+)+$', /too slow/],
    ['(a|a)*b', /too slow/],
    ['(x+x+)+y', /too slow/],
    ['(.*a){12}', /too slow/],
  ];
  it.each(bad)('refuses %s with a reason', (source, reason) => {
    const r = checkPattern(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('refuses non-strings without throwing', () => {
    expect(checkPattern(42 as unknown as string).ok).toBe(false);
  });
});

describe('validateRule', () => {
  const base = { id: 'ops-vendor', level: 'flag', variants: ['ops vendor'], reason: 'Teams are partners.' };
  it('accepts a well-formed rule and fills defaults', () => {
    const r = validateRule(base);
    expect(r).toEqual({
      ok: true,
      rule: { id: 'ops-vendor', level: 'flag', variants: ['ops vendor'], reason: 'Teams are partners.', alternatives: [], source: 'user' },
    });
  });
  const bad: [unknown, RegExp][] = [
    [null, /must be an object/],
    [[], /must be an object/],
    [{ ...base, id: '' }, /id/],
    [{ ...base, id: 'has space' }, /"has space"/],
    [{ ...base, level: 'loud' }, /Rule "ops-vendor": level/],
    [{ ...base, reason: '' }, /Rule "ops-vendor": reason/],
    [{ ...base, reason: 'two\nlines' }, /one line/],
    [{ id: 'x', level: 'flag', reason: 'r' }, /Rule "x": it needs phrase variants or a pattern/],
    [{ ...base, variants: [] }, /variants/],
    [{ ...base, variants: ['!!!'] }, /no letters/],
    [{ ...base, variants: [3] }, /each variant/],
    [{ ...base, pattern: '(a+)+$' }, /Rule "ops-vendor": The pattern is too slow/],
    [{ ...base, pattern: 'a|' }, /empty string/],
    [{ ...base, suggestion: 7 }, /suggestion/],
    [{ ...base, alternatives: 'x' }, /alternatives/],
  ];
  it.each(bad)('refuses %j', (input, reason) => {
    const r = validateRule(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
