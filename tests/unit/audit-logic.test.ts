// The wiki audit's pure parts: months, the export tokenizer, the figures, the import check and
// the HTML report's escaping. The audit against a real wiki is in tests/audit/.
import { describe, expect, it } from 'vitest';
import { AuditAggregate } from '@/utils/audit/aggregate';
import { parseAuditReport } from '@/utils/audit/import';
import { monthEnd, monthRange, monthsHeld } from '@/utils/audit/months';
import { renderHtmlReport } from '@/scripts/audit/html-report';
import { categoriesOf } from '@/scripts/audit/wikitext';
import { XmlStream, decodeEntities } from '@/scripts/audit/xml-stream';

describe('months', () => {
  it('counts a revision for the months whose end it stood at', () => {
    const months = monthRange('2026-01', '2026-04');
    expect(months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    // Saved 15 Jan, replaced 10 Mar: current at the end of January and February.
    expect(monthsHeld(months, Date.UTC(2026, 0, 15), Date.UTC(2026, 2, 10))).toEqual(['2026-01', '2026-02']);
    // Replaced on the first instant of March: still current at the end of February.
    expect(monthsHeld(months, Date.UTC(2026, 0, 15), monthEnd('2026-02'))).toEqual(['2026-01', '2026-02']);
    // Replaced in the same month: current at no month's end.
    expect(monthsHeld(months, Date.UTC(2026, 1, 1), Date.UTC(2026, 1, 20))).toEqual([]);
    expect(monthsHeld(months, Date.UTC(2026, 2, 1), Infinity)).toEqual(['2026-03', '2026-04']);
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('export tokenizer', () => {
  const xml =
    '<?xml version="1.0"?>\n<mediawiki><siteinfo><namespace key="14" case="first-letter">Kategorie</namespace></siteinfo>' +
    '<page><title>A &amp; B</title><redirect title="X" /><!-- a <comment> -->' +
    '<text xml:space="preserve">x &lt; y &quot;é&quot; &#8364; &#x1F600;</text><text><![CDATA[a <b> & c]]></text></page></mediawiki>';
  const events = (chunks: string[]) => {
    const out: string[] = [];
    let text = '';
    const s = new XmlStream({
      onopentag: (name, attrs) => {
        if (text) out.push(`text:${decodeEntities(text)}`);
        text = '';
        out.push(`<${name}${attrs ? ` ${attrs.trim()}` : ''}>`);
      },
      ontext: (raw) => (text += raw),
      onclosetag: (name) => {
        if (text) out.push(`text:${decodeEntities(text)}`);
        text = '';
        out.push(`</${name}>`);
      },
    });
    for (const c of chunks) s.write(c);
    s.end();
    return out;
  };

  it('reads elements, attributes, entities, comments and CDATA', () => {
    const out = events([xml]);
    expect(out).toContain('text:A & B');
    expect(out).toContain('<redirect title="X">');
    expect(out).toContain('text:x < y "é" € 😀');
    expect(out).toContain('text:a <b> & c');
    expect(out.join('')).not.toContain('comment');
  });

  it('gives the same events whatever the chunks are cut at, even inside a tag or an entity', () => {
    const whole = events([xml]);
    for (let size = 1; size <= 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < xml.length; i += size) chunks.push(xml.slice(i, i + size));
      expect(events(chunks), `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe('categories', () => {
  it('reads [[Category:…]] with sort keys, local names and underscores, once each', () => {
    const text = 'x [[Category:Service_desk|Desk]] [[category: finance]] [[Kategorie:Räume]] [[Category:Finance]] [[:Category:Linked]]';
    expect(categoriesOf(text, ['Category', 'Kategorie'])).toEqual(['Service desk', 'Finance', 'Räume']);
  });
});

describe('figures and pages to fix', () => {
  it('adds pages, keeps the months asked for, and ranks the pages with the most flagged uses first', () => {
    const agg = new AuditAggregate(['2026-01', '2026-02'], 2);
    const page = (path: string, flagged: number, partner: number, categories: string[] = []) => ({ path, flagged, partner, categories, url: `https://w/${path}`, edit: '' });
    for (let i = 0; i < 20; i++) agg.add(page(`P${i}`, i % 5, 1));
    agg.add({ ...page('Z', 4, 0, ['Ops']), history: { '2026-02': [4, 0], '2025-12': [9, 9] } });
    expect(agg.totals()).toEqual({ pages: 21, flagged: 44, partner: 20, adoption: 0.313 });
    expect(agg.toFix().map((p) => p.title)).toEqual(['Z', 'P14']);
    expect(agg.history()).toEqual([
      { month: '2026-01', pages: 0, flagged: 0, partner: 0, adoption: null },
      { month: '2026-02', pages: 1, flagged: 4, partner: 0, adoption: 0 },
    ]);
    expect(agg.byCategory()).toEqual([['Ops', { pages: 1, flagged: 4, partner: 0, adoption: 0 }]]);
  });
});

describe('importing an audit', () => {
  const report = {
    audit: { kind: 'mediawiki', source: 'https://wiki.example/w/api.php', sitename: 'Team wiki', namespaces: [0], date: '2026-11-30T10:00:00Z' },
    files: [
      { path: 'Alpha', url: 'https://wiki.example/wiki/Alpha', edit: 'https://wiki.example/w/index.php?title=Alpha&action=edit', flagged: 3, partner: 1, matches: [] },
      { path: 'Beta', url: 'https://wiki.example/wiki/Beta', edit: '', flagged: 0, partner: 2, matches: [] },
    ],
    totals: { files: 2, flagged: 3, partner: 3, adoption: 0.5 },
    history: [
      { month: '2026-10', pages: 2, flagged: 5, partner: 1, adoption: 0.167 },
      { month: '2026-11', pages: 2, flagged: 3, partner: 3, adoption: 0.5 },
    ],
  };

  it('keeps the summary: totals, the series and the pages to fix', () => {
    const r = parseAuditReport(JSON.stringify(report), 42);
    expect(r).toEqual({
      imported: {
        source: report.audit.source,
        sitename: 'Team wiki',
        date: report.audit.date,
        importedAt: 42,
        totals: { pages: 2, flagged: 3, partner: 3, adoption: 0.5 },
        history: report.history,
        toFix: [{ title: 'Alpha', url: report.files[0]!.url, edit: report.files[0]!.edit, flagged: 3, partner: 1 }],
      },
    });
  });

  it.each([
    ['not JSON', '{"audit":', 'not-json'],
    ['a figures export', JSON.stringify({ format: 'partner-lens-export', daily: [] }), 'not-audit'],
    ['a page link that is a script', JSON.stringify({ ...report, files: [{ ...report.files[0], url: 'javascript:alert(1)' }], totals: { ...report.totals, partner: 1, files: 1 } }), 'bad-field'],
    ['totals that do not add up', JSON.stringify({ ...report, totals: { ...report.totals, flagged: 99 } }), 'bad-field'],
    ['months out of order', JSON.stringify({ ...report, history: [...report.history].reverse() }), 'bad-field'],
    ['a bad date', JSON.stringify({ ...report, audit: { ...report.audit, date: 'yesterday' } }), 'bad-field'],
  ])('refuses %s, with the reason', (_label, text, refused) => {
    expect(parseAuditReport(text, 1)).toMatchObject({ refused, detail: expect.any(String) });
  });
});

describe('HTML report', () => {
  it('escapes everything that comes from the wiki and links only http(s)', () => {
    const agg = new AuditAggregate(['2026-11']);
    agg.add({ path: '<script>alert(1)</script>', flagged: 2, partner: 0, url: 'javascript:alert(1)', edit: 'https://w/e?a=1&b="2"', categories: ['R&D <lab>'], history: { '2026-11': [2, 0] } });
    const html = renderHtmlReport({ partnerLensAudit: 1, kind: 'mediawiki', source: 'https://w/api.php?x=<y>', namespaces: [0], months: ['2026-11'], started: '2026-11-30T00:00:00Z', sitename: 'A "wiki" & co' }, agg);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://w/e?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('R&amp;D &lt;lab&gt;');
    expect(html).toContain('A &quot;wiki&quot; &amp; co');
    expect(html).toContain('x=&lt;y&gt;');
  });
});
