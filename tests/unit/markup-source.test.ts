import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { readMarkdown } from '@/utils/engine/markup/markdown';
import { HIDDEN } from '@/utils/engine/markup/readable';
import { readWikitext } from '@/utils/engine/markup/wikitext';
import { detectMarkup, fixAllSource, planSourceFix, scanSource, type MarkupKind } from '@/utils/engine/markup/source';

const matcher = compileMatcher(BUILTIN_RULES);
const scan = (t: string) => matcher.scan(t);

/** The source after fixing its first match with its suggestion (null: no fix offered). */
function fixFirst(source: string, kind: MarkupKind): string | null {
  const m = scanSource(source, kind, scan).find((x) => x.suggestion);
  if (!m) throw new Error(`no match in ${source}`);
  const edit = planSourceFix(source, kind, m, m.suggestion!);
  return edit && source.slice(0, edit.start) + edit.insert + source.slice(edit.end);
}

describe('wikitext read as people read it', () => {
  it.each([
    ["'''internal''' customers", 'internal customers'],
    ["== Internal customers ==\n* ''our'' teams", 'Internal customers \nour teams'],
    ['[[Internal customer|internal customers]] wait', 'internal customers wait'],
    ['see [https://x.example/internal-customers internal customers]', `see ${HIDDEN}internal customers`],
    ['a {{Infobox|name=internal customer}} b', `a ${HIDDEN} b`],
    ['x <code>internal customer</code> y <!-- internal customer --> z', `x ${HIDDEN} y  z`],
    ['[[File:Internal customer.png|thumb|internal customer]] t', `${HIDDEN} t`],
    ['<span title="internal customer">our</span> teams&nbsp;too', 'our teams\u00a0too'],
  ])('%j reads %j', (source, readable) => {
    expect(readWikitext(source).text).toBe(readable);
  });

  it('maps every readable character back to the same character in the source', () => {
    const source = "== H ==\n'''internal''' [[A|b ''c'']] [[d]]s &amp; {{t}} <b>e</b>\n{|\n| style=\"x\" | cell\n|}";
    const r = readWikitext(source);
    for (let k = 0; k < r.text.length; k++) {
      const ch = r.text[k]!;
      if (ch === HIDDEN || ch === '&') continue;
      expect(source[r.sources[k]!]).toBe(ch);
    }
  });
});

describe('fixes in wikitext change only the words people read', () => {
  it.each([
    ["'''internal''' customers", "'''internal''' service partners"],
    ["Our ''internal customers'' agree.", "Our ''internal service partners'' agree."],
    ['Ask [[Internal customer|internal customers]] first.', 'Ask [[Internal customer|internal service partners]] first.'],
    ['Ask [[internal customer]]s first.', 'Ask [[internal customer|internal service partners]] first.'],
    ['[https://x.example/internal-customers internal customers]', '[https://x.example/internal-customers internal service partners]'],
    ['an internal customer', 'an internal service partner'],
  ])('%j becomes %j', (source, fixed) => {
    expect(fixFirst(source, 'wikitext')).toBe(fixed);
  });

  it('leaves literal text alone: no fix inside <nowiki>', () => {
    expect(fixFirst('<nowiki>internal customers</nowiki>', 'wikitext')).toBeNull();
  });

  it('fixes all and keeps every link target, template, parameter, URL, file and code', () => {
    const source = [
      "Our '''internal''' customers and [[Internal customer|internal customers]] and [[internal customer]]s.",
      '{{Note|internal customer=internal customers}} [[File:Internal customers.png|thumb]]',
      '<syntaxhighlight lang="text">internal customers</syntaxhighlight> <code>internal customers</code>',
      '[https://intra.example/internal-customers the internal customers page] https://intra.example/internal_customers',
      '<span data-x="internal customers">internal customers</span>',
    ].join('\n');
    const matches = scanSource(source, 'wikitext', scan);
    const { text, count } = fixAllSource(source, 'wikitext', matches);
    expect(count).toBe(5);
    expect(text).toBe(
      [
        "Our '''internal''' service partners and [[Internal customer|internal service partners]] and [[internal customer|internal service partners]].",
        '{{Note|internal customer=internal customers}} [[File:Internal customers.png|thumb]]',
        '<syntaxhighlight lang="text">internal customers</syntaxhighlight> <code>internal customers</code>',
        '[https://intra.example/internal-customers the internal service partners page] https://intra.example/internal_customers',
        '<span data-x="internal customers">internal service partners</span>',
      ].join('\n'),
    );
  });

  it('property: a fix never changes anything outside the readable words', () => {
    const words = fc.constantFrom('our', 'internal', 'customers', 'teams', 'internal customers');
    const piece = fc.oneof(
      words,
      words.map((w) => `'''${w}'''`),
      words.map((w) => `''${w}''`),
      words.map((w) => `[[Target ${w}|${w}]]`),
      words.map((w) => `{{T|${w}}}`),
      words.map((w) => `<code>${w}</code>`),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const source = pieces.join(' ');
        const matches = scanSource(source, 'wikitext', scan);
        const { text } = fixAllSource(source, 'wikitext', matches);
        // Markup is untouched: the same links targets, templates and code, in the same order.
        const markup = (s: string) => s.match(/\[\[[^|\]]*\||\{\{[^}]*\}\}|<code>[^<]*<\/code>|'{2,3}/g) ?? [];
        expect(markup(text)).toEqual(markup(source));
        // And what people read holds no flagged phrase any more.
        expect(matcher.scan(readWikitext(text).text).filter((m) => m.level === 'flag')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Markdown', () => {
  it.each([
    ['**internal** customers', 'internal customers'],
    ['# Our internal customers\n- _teams_', 'Our internal customers\nteams'],
    ['[internal customers](https://x.example/internal-customers)', 'internal customers'],
    ['use `internal customers` here', `use ${HIDDEN} here`],
    ['```\ninternal customers\n```\nafter', `${HIDDEN}\nafter`],
    ['snake_case_name stays', 'snake_case_name stays'],
  ])('%j reads %j', (source, readable) => {
    expect(readMarkdown(source).text).toBe(readable);
  });

  it.each([
    ['**internal** customers', '**internal** service partners'],
    ['[internal customers](https://x.example/internal-customers)', '[internal service partners](https://x.example/internal-customers)'],
    ['Our _internal customers_.', 'Our _internal service partners_.'],
  ])('%j becomes %j', (source, fixed) => {
    expect(fixFirst(source, 'markdown')).toBe(fixed);
  });
});

describe('detectMarkup', () => {
  it.each([
    ["== Teams ==\nOur '''internal''' customers, see [[Policy]].", 'wikitext'],
    ['# Teams\n\nOur **internal** customers, see [policy](https://x.example).', 'markdown'],
    ['Our internal customers agree.', 'plain'],
  ] as const)('%j is %s', (text, kind) => {
    expect(detectMarkup(text)).toBe(kind);
  });
});
