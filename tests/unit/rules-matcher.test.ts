import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { activeRules, BUILTIN_RULES } from '@/utils/engine/rules';
import type { Match, Rule } from '@/utils/engine/types';

const matcher = compileMatcher(BUILTIN_RULES);
const scan = (text: string) => matcher.scan(text);
const only = (text: string): Match => {
  const found = scan(text);
  expect(found, `one match in ${JSON.stringify(text)}`).toHaveLength(1);
  return found[0]!;
};

describe('BUILTIN_RULES', () => {
  it('has every rule of RULES.md, each with a reason and built-in source', () => {
    expect(BUILTIN_RULES.map((r) => r.id).sort()).toEqual(
      [
        'customer-is-king',
        'customer-supplier-relationship',
        'i-am-the-customer',
        'internal-client',
        'internal-customer',
        'internal-customer-service',
        'internal-supplier',
        'partner-language',
      ].sort(),
    );
    for (const rule of BUILTIN_RULES) {
      expect(rule.reason.length).toBeGreaterThan(10);
      expect(rule.reason).not.toMatch(/\n/);
      expect(rule.source).toBe('builtin');
    }
  });

  it.each([
    ['internal-customer-service', 'flag', ['internal customer service']],
    ['customer-supplier-relationship', 'flag', ['internal customer-supplier relationship', 'customer-supplier relationship']],
    ['internal-customer', 'flag', ['internal customer']],
    ['internal-client', 'flag', ['internal client']],
    ['internal-supplier', 'flag', ['internal supplier', 'internal vendor']],
    ['customer-is-king', 'hint', ['the customer is king', 'the customer is always king']],
    [
      'i-am-the-customer',
      'hint',
      ["I'm the customer", 'I am the customer', 'I am your customer', "we're your customer", 'we are your customer', 'you are our customer', "you're our customer"],
    ],
    ['partner-language', 'partner', ['internal service partner', 'service partner', 'internal service partnership', 'service partnership']],
  ] as const)('%s: exactly its variants, each found whole as that rule', (id, level, variants) => {
    const rule = BUILTIN_RULES.find((r) => r.id === id)!;
    expect(rule.level).toBe(level);
    expect(rule.variants).toEqual(variants);
    for (const variant of variants) {
      expect(scan(variant).map((m) => [m.rule, m.text])).toEqual([[id, variant]]);
    }
  });

  it('activeRules drops disabled built-ins and appends custom rules', () => {
    const custom: Rule = { id: 'vendor-speak', level: 'hint', variants: ['our vendor'], reason: 'r', source: 'user' };
    const rules = activeRules({ disabled: ['internal-client'], custom: [custom] });
    expect(rules.map((r) => r.id)).not.toContain('internal-client');
    expect(rules.at(-1)).toBe(custom);
    expect(compileMatcher(rules).scan('an internal client')).toEqual([]);
    expect(compileMatcher(rules).scan('ask our vendor')[0]?.rule).toBe('vendor-speak');
  });
});

describe('every row and form of RULES.md', () => {
  const rows: [string, string, string, Match['level'], string | undefined][] = [
    // text, matched text, rule, level, suggestion
    ['we value internal customer service here', 'internal customer service', 'internal-customer-service', 'flag', 'internal service partnership'],
    ['a customer-supplier relationship', 'customer-supplier relationship', 'customer-supplier-relationship', 'flag', 'service partnership'],
    ['customer/supplier relationships matter', 'customer/supplier relationships', 'customer-supplier-relationship', 'flag', 'service partnerships'],
    ['the customer\u2013supplier relationship', 'customer\u2013supplier relationship', 'customer-supplier-relationship', 'flag', 'service partnership'],
    ['an internal customer-supplier relationship', 'internal customer-supplier relationship', 'customer-supplier-relationship', 'flag', 'service partnership'],
    ['our internal customer', 'internal customer', 'internal-customer', 'flag', 'internal service partner'],
    ['our internal customers', 'internal customers', 'internal-customer', 'flag', 'internal service partners'],
    ['our internal client', 'internal client', 'internal-client', 'flag', 'internal service partner'],
    ['all internal clients', 'internal clients', 'internal-client', 'flag', 'internal service partners'],
    ['the internal supplier', 'internal supplier', 'internal-supplier', 'flag', 'internal service partner'],
    ['two internal vendors', 'internal vendors', 'internal-supplier', 'flag', 'internal service partners'],
    ['because the customer is king.', 'the customer is king', 'customer-is-king', 'hint', 'the external customer comes first, and we serve them together'],
    ['since the customer is always king', 'the customer is always king', 'customer-is-king', 'hint', 'the external customer comes first, and we serve them together'],
    ["Look, I'm the customer here", "I'm the customer", 'i-am-the-customer', 'hint', "we're service partners"],
    ['as I am the customer', 'I am the customer', 'i-am-the-customer', 'hint', "we're service partners"],
    ['but I am your customer', 'I am your customer', 'i-am-the-customer', 'hint', "we're service partners"],
    ['remember we\u2019re your customers', 'we\u2019re your customers', 'i-am-the-customer', 'hint', "we're service partners"],
    ['now we are your customer', 'we are your customer', 'i-am-the-customer', 'hint', "we're service partners"],
    ['ok you are our customers', 'you are our customers', 'i-am-the-customer', 'hint', "we're service partners"],
    ["so you're our customer", "you're our customer", 'i-am-the-customer', 'hint', "we're service partners"],
    ['we are service partners', 'service partners', 'partner-language', 'partner', undefined],
    ['our internal service partner', 'internal service partner', 'partner-language', 'partner', undefined],
    ['a service partnership', 'service partnership', 'partner-language', 'partner', undefined],
    ['good service partnerships', 'service partnerships', 'partner-language', 'partner', undefined],
  ];
  it.each(rows)('%s', (text, matched, rule, level, suggestion) => {
    const m = only(text);
    expect(m).toMatchObject({ text: matched, rule, level, quoted: false });
    expect(text.slice(m.start, m.end)).toBe(matched);
    expect(m.suggestion).toBe(suggestion);
  });
});

describe('writer\u2019s form: case, number, possession', () => {
  const rows: [string, string, string[]][] = [
    ['internal customers', 'internal service partners', ['service partners', 'partner teams']],
    ['Internal customers', 'Internal service partners', ['Service partners', 'Partner teams']],
    ['Internal Customers', 'Internal Service Partners', ['Service Partners', 'Partner Teams']],
    ['INTERNAL CUSTOMERS', 'INTERNAL SERVICE PARTNERS', ['SERVICE PARTNERS', 'PARTNER TEAMS']],
    ["internal customer's", "internal service partner's", ["service partner's", "partner team's"]],
    ['internal customer\u2019s', 'internal service partner\u2019s', ['service partner\u2019s', 'partner team\u2019s']],
    ["internal customers'", "internal service partners'", ["service partners'", "partner teams'"]],
    ['Internal Customer\u2019s', 'Internal Service Partner\u2019s', ['Service Partner\u2019s', 'Partner Team\u2019s']],
  ];
  it.each(rows)('%s', (text, suggestion, alternatives) => {
    const m = only(`see the ${text} list`);
    expect(m.text).toBe(text);
    expect(m.suggestion).toBe(suggestion);
    expect(m.alternatives).toEqual(alternatives);
  });

  it('keeps a clause suggestion unchanged in number', () => {
    expect(only('we are your customers').suggestion).toBe("we're service partners");
    expect(only('THE CUSTOMER IS KING').suggestion).toBe('THE EXTERNAL CUSTOMER COMES FIRST, AND WE SERVE THEM TOGETHER');
  });
});

describe('quoted mentions', () => {
  const rows: [string, string, boolean][] = [
    ['the phrase \u201Cinternal customer\u201D is old', 'internal customer', true],
    ['the phrase "internal customers" is old', 'internal customers', true],
    ['the phrase \u2018internal customers\u2019 is old', 'internal customers', true],
    ["the phrase 'internal customer' is old", 'internal customer', true],
    ['the phrase \u00ABinternal customer\u00BB is old', 'internal customer', true],
    ['the phrase \u00AB internal customer \u00BB is old', 'internal customer', true],
    ['the phrase \u201EInternal Customer\u201C is old', 'Internal Customer', true],
    ['not the \u201Csupplier,\u201D but the \u201Cinternal supplier,\u201D now', 'internal supplier', true],
    ['\u201CThe Customer is King\u201D', 'The Customer is King', true],
    ['the \u201Cbig internal customer\u201D', 'internal customer', false],
    ['\u201Cour internal customers need it', 'internal customers', false],
    ["the internal customers' needs", "internal customers'", false],
  ];
  it.each(rows)('%s', (text, matched, quoted) => {
    const m = only(text);
    expect(m.text).toBe(matched);
    expect(m.quoted).toBe(quoted);
  });
});

describe('whole words and separators', () => {
  const none = [
    'internal_customers_table',
    'subinternal customers',
    'internal customerise',
    'internalcustomer',
    'internal customers2',
    'the customer is kingdom',
    'external customer',
    'internal\u0000customer',
  ];
  it.each(none)('no match in %s', (text) => expect(scan(text)).toEqual([]));

  const some: [string, string][] = [
    ['internal-customer', 'internal-customer'],
    ['internal\u2011customers', 'internal\u2011customers'],
    ['internal\u00A0customer', 'internal\u00A0customer'],
    ['internal \t\n  customer', 'internal \t\n  customer'],
    ['internal\r\ncustomer', 'internal\r\ncustomer'],
    ['(internal customer)', 'internal customer'],
    ['internal customer.', 'internal customer'],
    ['\u00E9t\u00E9 internal customer', 'internal customer'],
  ];
  it.each(some)('matches %j', (text, matched) => expect(only(text).text).toBe(matched));

  // Beside a non-ASCII character the cheap ASCII boundary check defers to the original class:
  // punctuation keeps the match, a letter, mark or digit takes it away, as it would in ASCII.
  const beside: [string, string | null][] = [
    ['\u201Cinternal customers\u201D', 'internal customers'],
    ['\u00ABinternal suppliers\u00BB', 'internal suppliers'],
    ['internal customers\u2014and more', 'internal customers'],
    ['internal customers\u2026', 'internal customers'],
    ['internal customers\u00E9', null],
    ['\u00E9internal customers', null],
    ['\u{1D400}internal customers', null],
    ['internal customers\u0663', null],
    ['internal customers\u0308', null],
    ['\u00DFinternal customer', null],
    // The possessive is refused with the letter glued to it; the bare word before it stands.
    ['internal customer\u2019s\u00E9', 'internal customer'],
  ];
  it.each(beside)('beside a non-ASCII character: %j matches %j', (text, matched) => {
    const found = scan(text);
    if (matched === null) expect(found).toEqual([]);
    else expect(only(text).text).toBe(matched);
  });

  // The fast check runs without the `u` flag on plain sources; these two letters are the only
  // ones outside ASCII that `iu` folds onto ASCII letters, so a text holding one takes the `u` form.
  const folded: [string, string | null][] = [
    ['internal cu\u017Ftomers', 'internal cu\u017Ftomers'],
    ['the customer is \u212Aing', 'the customer is \u212Aing'],
    ['internal customer\u017F', 'internal customer\u017F'], // a plural, as "customers"
    ['\u212Ainternal customers, internal customers', 'internal customers'],
  ];
  it.each(folded)('a letter that folds onto ASCII: %j matches %j', (text, matched) => {
    const found = scan(text);
    if (matched === null) expect(found).toEqual([]);
    else expect(found.map((m) => m.text)).toEqual([matched]);
  });

  it('a pattern rule that matches nothing but an empty string ends before an astral character', () => {
    // Validation refuses such patterns; the matcher must still end if one reaches it.
    const m = compileMatcher([{ id: 'empty', level: 'flag', pattern: '(?:desk)?', reason: 'r', source: 'user' }]);
    expect(m.scan('a \u{1F680} b desk')).toEqual([expect.objectContaining({ text: 'desk' })]);
  });

  it('a hyphen joins "customer-supplier" but a slash does not join "internal/customer"', () => {
    expect(scan('internal/customer')).toEqual([]);
  });
});

describe('invisible characters inside a match', () => {
  const rows: [string, string][] = [
    ['inter\u00ADnal customer', 'inter\u00ADnal customer'],
    ['internal cus\u00ADto\u00ADmers', 'internal cus\u00ADto\u00ADmers'],
    ['internal\u200B customer', 'internal\u200B customer'],
    ['in\u200Cternal custo\u200Dmer', 'in\u200Cternal custo\u200Dmer'],
    ['internal cus\u2060tomer', 'internal cus\u2060tomer'],
  ];
  it.each(rows)('%j', (text, matched) => {
    const prefix = 'x\u00AD y ';
    const m = only(prefix + text + ' z');
    expect(m.text).toBe(matched);
    expect(m.start).toBe(prefix.length);
    expect(m.suggestion).toMatch(/^internal service partners?$/);
  });
});

describe('overlaps', () => {
  it('the longest match wins', () => {
    expect(scan('internal customer service desk').map((m) => m.rule)).toEqual(['internal-customer-service']);
    expect(scan('an internal customer-supplier relationship').map((m) => m.text)).toEqual([
      'internal customer-supplier relationship',
    ]);
  });
  it('"internal service partners" is partner language, never a flag', () => {
    const found = scan('our internal service partners and internal service partnership');
    expect(found.map((m) => [m.rule, m.level, m.text])).toEqual([
      ['partner-language', 'partner', 'internal service partners'],
      ['partner-language', 'partner', 'internal service partnership'],
    ]);
  });
  it('reports several matches sorted by start, none overlapping', () => {
    const text = 'Internal customers, internal suppliers and service partners. I am your customer!';
    const found = scan(text);
    expect(found.map((m) => m.rule)).toEqual(['internal-customer', 'internal-supplier', 'partner-language', 'i-am-the-customer']);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
  });
});

describe('custom rules', () => {
  it('plain phrases get number, possessive and case handling', () => {
    const rule: Rule = { id: 'ops-vendor', level: 'flag', variants: ['ops vendor'], suggestion: 'ops partner', reason: 'r' };
    const m = compileMatcher([rule]).scan('Our Ops Vendors\u2019 tickets')[0]!;
    expect(m).toMatchObject({ text: 'Ops Vendors\u2019', suggestion: 'Ops Partners\u2019', rule: 'ops-vendor' });
  });
  it('regex patterns match whole words, case-insensitively', () => {
    const rule: Rule = { id: 'svc', level: 'hint', pattern: 'serv(?:ice)? desk', suggestion: 'help team', reason: 'r' };
    const found = compileMatcher([rule]).scan('Call the Service Desk, not the servdeskx or serv desk.');
    expect(found.map((m) => m.text)).toEqual(['Service Desk', 'serv desk']);
    expect(found[0]!.suggestion).toBe('Help Team');
  });
  it('a custom rule longer than a built-in wins where they overlap', () => {
    const rule: Rule = { id: 'long', level: 'hint', variants: ['our internal customers team'], reason: 'r' };
    const found = compileMatcher([...BUILTIN_RULES, rule]).scan('ask our internal customers team');
    expect(found.map((m) => m.rule)).toEqual(['long']);
  });
  it('ignores a pattern that does not compile instead of throwing', () => {
    const rule: Rule = { id: 'bad', level: 'hint', pattern: '(', reason: 'r' };
    expect(compileMatcher([...BUILTIN_RULES, rule]).scan('internal client')).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('returns no matches for empty or non-string text', () => {
    expect(scan('')).toEqual([]);
    expect(matcher.scan(undefined as unknown as string)).toEqual([]);
  });
  it('compiles an empty rule set', () => {
    expect(compileMatcher([]).scan('internal customer')).toEqual([]);
  });
});
