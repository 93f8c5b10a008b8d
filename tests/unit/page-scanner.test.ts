import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PageScanner } from '@/utils/page/page-scanner';
import type { Painter, Paint } from '@/utils/page/highlight-painter';
import { compileMatcher, type Matcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';

function fakePainter(): Painter & { painted: Map<Range, Paint> } {
  const painted = new Map<Range, Paint>();
  return {
    supported: true,
    painted,
    add: (paint, range) => void painted.set(range, paint),
    remove: (_, range) => void painted.delete(range),
    setShowPartner: () => {},
    clear: () => painted.clear(),
    dispose: () => painted.clear(),
  };
}

const searching = compileMatcher(BUILTIN_RULES);
/** The same rules, but nothing to locate: the scanner walks every block (the path of regex rules). */
const walking: Matcher = { ...searching, locate: null };

function scanner(matcher: Matcher, time = { t: 0 }) {
  const painter = fakePainter();
  const s = new PageScanner({
    matcher,
    painter,
    yieldToPage: () => Promise.resolve(),
    // A clock that moves on every read, so that slices end and the scan yields often.
    now: () => (time.t += 3),
  });
  return { s, painter };
}

const found = (s: PageScanner) =>
  s.ordered().map((o) => `${o.container.localName}#${o.container.id}:${o.match.start}-${o.match.end}:${o.range.toString()}`);

describe('search first, structure later', () => {
  it('finds what the full walk finds, block by block, never across blocks or into skipped elements', async () => {
    document.body.innerHTML = `
      <div id="d1">internal <a href="#">customer</a>s and <p id="p1">our internal clients</p> tail internal</div>
      <p id="p2">internal<br>customers, <code>internal customers</code> internal <b>cust</b>omers</p>
      <p id="p3" data-partner-lens="ignore">internal customers</p>
      <ul id="u1"><li id="l1">Internal suppliers</li><li id="l2">customer</li></ul>`;
    const a = scanner(searching);
    const b = scanner(walking);
    await a.s.scanAll(document.body);
    await b.s.scanAll(document.body);
    expect(found(a.s)).toEqual(found(b.s));
    expect(found(a.s)).toContain('div#d1:0-18:internal customers');
    expect(found(a.s).some((f) => f.startsWith('p#p3'))).toBe(false);
    expect(a.painter.painted.size).toBe(a.s.size);
  });

  it('gives the same occurrences as the full walk on generated pages', async () => {
    const word = fc.constantFrom('internal', 'customer', 'customers', 'clients', 'the', 'Internal', 'suppliers', 'partners', 'cust', 'omer', 'vendor');
    const inline = fc.oneof(
      fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' ')),
      word.map((w) => `<b>${w}</b>`),
      word.map((w) => `<code>${w}</code>`),
      fc.constant('<br>'),
    );
    const block = fc
      .tuple(fc.constantFrom('p', 'div', 'li', 'span', 'section'), fc.array(inline, { minLength: 1, maxLength: 5 }), fc.boolean())
      .map(([tag, parts, spaced]) => `<${tag}>${parts.join(spaced ? ' ' : '')}</${tag}>`);
    const page = fc.array(fc.oneof(block, block.map((b) => `<div>${b} internal ${b}</div>`)), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(page, async (blocks) => {
        document.body.innerHTML = blocks.join('');
        const a = scanner(searching);
        const b = scanner(walking);
        await a.s.scanAll(document.body);
        await b.s.scanAll(document.body);
        expect(found(a.s)).toEqual(found(b.s));
      }),
      { numRuns: 150 },
    );
  });

  it('reads a page larger than one search batch in slices, with words across the batch edge', async () => {
    const filler = 'the service desk answers requests from every team '.repeat(40);
    const paras: string[] = [];
    for (let i = 0; i < 120; i++) paras.push(`<p id="q${i}">${filler}${i % 7 === 3 ? 'internal <i>cust</i>omers' : ''}</p>`);
    document.body.innerHTML = `<div><div>${paras.join('')}</div></div>`;
    const a = scanner(searching);
    const b = scanner(walking);
    await a.s.scanAll(document.body);
    await b.s.scanAll(document.body);
    expect(a.s.size).toBe(17);
    expect(found(a.s)).toEqual(found(b.s));
  });
});

describe('count what is rendered, once', () => {
  it('neither paints nor counts a hidden block until it is shown, then counts it once', async () => {
    document.body.innerHTML = `
      <p id="shown">internal customers</p>
      <div id="wrap" style="display:none"><p id="hidden">internal clients</p></div>`;
    const { s, painter } = scanner(searching);
    await s.scanAll(document.body);
    expect(found(s)).toEqual(['p#shown:0-18:internal customers']);
    expect(painter.painted.size).toBe(1);

    document.getElementById('wrap')!.style.display = '';
    expect(s.visibilityMayHaveChanged()).toBe(true);
    await s.flush();
    expect(found(s)).toEqual(['p#shown:0-18:internal customers', 'p#hidden:0-16:internal clients']);

    // Hidden again: dropped, and no second copy when shown once more.
    document.getElementById('wrap')!.style.display = 'none';
    s.visibilityMayHaveChanged();
    await s.flush();
    expect(found(s)).toEqual(['p#shown:0-18:internal customers']);
    document.getElementById('wrap')!.removeAttribute('style');
    s.visibilityMayHaveChanged();
    await s.flush();
    expect(s.size).toBe(2);
    expect(painter.painted.size).toBe(2);
  });

  it('has nothing to check on a page without matches', async () => {
    document.body.innerHTML = '<p>nothing here</p>';
    const { s } = scanner(searching);
    await s.scanAll(document.body);
    expect(s.visibilityMayHaveChanged()).toBe(false);
  });
});

describe('shadow roots', () => {
  it('searches the open shadow roots of custom elements, their blocks their own', async () => {
    document.body.innerHTML = '<p id="light">internal clients</p><team-card id="card"></team-card>';
    const host = document.getElementById('card')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p id="inner">internal customers</p>loose <span>internal suppliers</span>';
    const seen: ShadowRoot[] = [];
    const painter = fakePainter();
    const s = new PageScanner({ matcher: searching, painter, yieldToPage: () => Promise.resolve(), now: () => 0, onShadowRoot: (r) => seen.push(r) });
    await s.scanAll(document.body);
    expect(new Set(found(s))).toEqual(
      new Set(['p#light:0-16:internal clients', 'team-card#card:6-24:internal suppliers', 'p#inner:0-18:internal customers']),
    );
    expect(seen).toEqual([root]);
  });
});

describe('a page that changes while the scan pauses', () => {
  it.each([1, 2, 3, 4, 6])('ends with what the page holds when the page changes at pause %i (the walk then reads the root again)', async (at) => {
    document.body.innerHTML = `<div id="w">${Array.from({ length: 60 }, (_, i) => `<p id="p${i}">Paragraph ${i} for internal customers.</p>`).join('')}</div>`;
    const painter = fakePainter();
    let t = 0;
    let changed = false;
    let pauses = 0;
    const s = new PageScanner({
      matcher: searching,
      painter,
      yieldToPage: async () => {
        if (changed || ++pauses < at) return;
        changed = true;
        // The page replaces the second half of the list during our first pause.
        const w = document.getElementById('w')!;
        for (const p of [...w.children].slice(1)) p.remove();
        w.insertAdjacentHTML('beforeend', '<p id="n1">New text on internal suppliers.</p><p id="n2">And internal clients.</p>');
      },
      now: () => (t += 10),
    });
    await s.scanAll(document.body);
    expect(changed).toBe(true);
    const fresh = scanner(searching);
    await fresh.s.scanAll(document.body);
    expect(found(s)).toEqual(found(fresh.s));
    expect(found(s).map((f) => f.split(':')[0])).toEqual(['p#p0', 'p#n1', 'p#n2']);
    expect(painter.painted.size).toBe(3);
  });
});
