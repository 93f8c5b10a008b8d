import { describe, expect, it } from 'vitest';
import { Pieces } from '@/utils/page/text-search';

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
