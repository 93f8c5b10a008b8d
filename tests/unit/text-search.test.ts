import { describe, expect, it } from 'vitest';
import { Pieces, ShadowRootSearch } from '@/utils/page/text-search';

const all = (root: Node) => {
  const walk = new Pieces(root);
  const out: Node[] = [];
  for (let p = walk.next(); p; p = walk.next()) out.push(p);
  return out;
};
const label = (n: Node) => (n.nodeType === 1 ? (n as Element).id || (n as Element).localName : '#text');

describe('pieces of a page', () => {
  const list = (id: string, n: number) => `<dd id="${id}">${Array.from({ length: n }, (_, i) => `<p id="${id}-${i}">para ${i}</p>`).join('')}</dd>`;
  it.each<[string, string, string[]]>([
    ['wrappers are opened, paragraphs are not', '<div id="w"><p id="a">one <b>two</b></p>text<p id="b">three</p></div>', ['a', '#text', 'b']],
    ['an element with few children stays whole', `<dl id="l">${list('d', 3)}</dl>`, ['d']],
    ['an element with many children is opened, whatever it is', `<dl id="l">${list('d', 30)}</dl>`, Array.from({ length: 30 }, (_, i) => `d-${i}`)],
  ])('%s', (_, html, expected) => {
    document.body.innerHTML = html;
    const pieces = all(document.body);
    expect(pieces.map(label)).toEqual(expected);
    // Whatever the cut, the pieces' texts joined are the page's text.
    expect(pieces.map((p) => p.textContent).join('')).toBe(document.body.textContent);
  });

  it('says when the page took out the node the walk goes on from', () => {
    document.body.innerHTML = '<div><p id="a">a</p><p id="b">b</p><p id="c">c</p></div>';
    const walk = new Pieces(document.body);
    expect(label(walk.next()!)).toBe('a');
    expect(walk.lost).toBe(false);
    document.getElementById('c')!.remove(); // not the next one: the walk goes on
    expect(walk.lost).toBe(false);
    document.getElementById('b')!.remove();
    expect(walk.lost).toBe(true);
  });
});

describe('open shadow roots under a root, found a few elements at a time', () => {
  /** A page with open shadow roots on a div, a span, a custom element and a closed one on a section. */
  function page() {
    document.body.innerHTML =
      '<div id="a"></div><p>text <span id="b"></span></p><ul><li>item</li></ul><x-card id="c"></x-card><section id="d"></section><x-card id="e"></x-card>';
    for (const id of ['a', 'b', 'c', 'e']) document.getElementById(id)!.attachShadow({ mode: 'open' }).innerHTML = `<p>${id}</p>`;
    document.getElementById('d')!.attachShadow({ mode: 'closed' });
    return ['a', 'b', 'c', 'e'].map((id) => document.getElementById(id)!.shadowRoot!);
  }
  const hostIds = (found: Set<ShadowRoot>) => [...found].map((r) => (r.host as Element).id);

  it.each([1, 2, 3, 100])('in steps of %i elements: every open root, in document order, none twice', (count) => {
    const roots = page();
    const search = new ShadowRootSearch(document.body);
    const found = new Set<ShadowRoot>();
    let steps = 0;
    while (search.step(count, found)) steps++;
    expect([...found]).toEqual(roots);
    // Eight elements under the body: a step that reads its whole count says there may be more.
    expect(steps).toBe(Math.floor(8 / count));
  });

  it('goes on over every element when the page took out the one the walk stood on', () => {
    page();
    const search = new ShadowRootSearch(document.body);
    const found = new Set<ShadowRoot>();
    search.step(1, found);
    expect(hostIds(found)).toEqual(['a']);
    // The walk stands on #a: the page replaces it, and adds a host after the others.
    document.getElementById('a')!.remove();
    const late = document.createElement('x-late');
    late.id = 'late';
    late.attachShadow({ mode: 'open' });
    document.body.append(late);
    while (search.step(2, found));
    expect(hostIds(found)).toEqual(['a', 'b', 'c', 'e', 'late']);
  });
});
