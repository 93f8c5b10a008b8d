import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { blockRange, collectBlocks, isOptedOut, walkBlocks } from '@/utils/page/dom-text';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';

function body(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}
const texts = (root: Node) => collectBlocks(root).map((b) => b.text);

describe('block boundaries (happy-dom)', () => {
  const rows: [string, string[]][] = [
    ['<p>one</p><p>two</p>', ['one', 'two']],
    ['<div>a <b>b</b> <i>c</i></div>', ['a b c']],
    ['<ul><li>internal</li><li>customer</li></ul>', ['internal', 'customer']],
    ['<table><tr><td>internal</td><td>customer</td></tr></table>', ['internal', 'customer']],
    ['<div>before<p>inner</p>after</div>', ['before', 'inner', 'after']],
    ['<h2>Title</h2><section>text <a href="#">link</a></section>', ['Title', 'text link']],
    ['<p>line one<br>line two</p>', ['line one\nline two']],
    ['<dl><dt>term</dt><dd>definition</dd></dl>', ['term', 'definition']],
    ['<details><summary>more</summary>body</details>', ['more', 'body']],
    ['<p>   </p><p>x</p>', ['x']],
  ];
  it.each(rows)('%s', (html, expected) => expect(texts(body(html))).toEqual(expected));
});

describe('what is skipped', () => {
  const rows: [string, string[]][] = [
    ['<p>a</p><script>internal customer</script><style>p{}</style><noscript>n</noscript>', ['a']],
    ['<p>see <code>internal customer</code> here</p>', ['see \uFFFC here']],
    ['<pre>internal customer</pre><kbd>k</kbd><samp>s</samp><var>v</var><p>ok</p>', ['ok']],
    ['<template><p>t</p></template><textarea>internal customer</textarea><p>ok</p>', ['ok']],
    ['<p>ok<svg><title>internal customer</title><desc>d</desc></svg></p>', ['ok\uFFFC\uFFFC']],
    ['<p data-partner-lens="ignore">internal customer</p><p>ok</p>', ['ok']],
    ['<p>ok <span data-partner-lens="ignore">quoted</span></p>', ['ok \uFFFC']],
    ['<partner-lens-ui><p>card text</p></partner-lens-ui><p>ok</p>', ['ok']],
  ];
  it.each(rows)('%s', (html, expected) => expect(texts(body(html))).toEqual(expected));

  it('a skipped inline element breaks a phrase', () => {
    body('<p>internal <code>x</code> customer</p>');
    const [block] = collectBlocks(document.body);
    expect(compileMatcher(BUILTIN_RULES).scan(block!.text)).toEqual([]);
  });

  it('honours a caller skip and a root inside an ignored element', () => {
    body('<div data-partner-lens="ignore"><p id="in">x</p></div><p class="no">y</p><p>z</p>');
    expect(texts(document.getElementById('in')!)).toEqual([]);
    expect(collectBlocks(document.body, { skip: (el) => el.classList.contains('no') }).map((b) => b.text)).toEqual(['z']);
  });
});

describe('inline spans and ranges', () => {
  it('internal <a>customer</a>s is one block and one match whose range reads back the text', () => {
    body('<p id="p">We ask <em>internal</em> <a href="#">customer</a>s first.</p>');
    const [block] = collectBlocks(document.body);
    expect(block!.text).toBe('We ask internal customers first.');
    expect(block!.container.id).toBe('p');
    expect(block!.nodes).toHaveLength(5);
    expect(block!.starts).toEqual([0, 7, 15, 16, 24]);
    const [m] = compileMatcher(BUILTIN_RULES).scan(block!.text);
    const range = blockRange(block!, m!.start, m!.end);
    expect(range.toString()).toBe('internal customers');
    expect(range.startContainer).toBe(block!.nodes[1]);
    expect(range.endContainer).toBe(block!.nodes[4]);
    expect(range.endOffset).toBe(1);
  });

  it('ranges at every offset read back the block text', () => {
    body('<p>ab<b>cd</b>e<br>fg<i>h</i></p>');
    const [block] = collectBlocks(document.body);
    expect(block!.text).toBe('abcde\nfgh');
    for (let s = 0; s < block!.text.length; s++) {
      for (let e = s; e <= block!.text.length; e++) {
        if (block!.text.slice(s, e).includes('\n')) continue;
        expect(blockRange(block!, s, e).toString()).toBe(block!.text.slice(s, e));
      }
    }
  });

  it('refuses offsets outside the block with a clear error', () => {
    body('<p>abc</p>');
    const [block] = collectBlocks(document.body);
    expect(() => blockRange(block!, 2, 9)).toThrow(/outside/);
  });
});

describe('shadow roots and walking', () => {
  it('enters open shadow roots, their content as blocks of its own', () => {
    body('<p>before</p><div id="host">light</div><p>after</p>');
    const host = document.getElementById('host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>internal <b>customer</b></p><span>loose</span>';
    const blocks = collectBlocks(document.body);
    expect(blocks.map((b) => b.text)).toEqual(['before', 'internal customer', 'loose', 'light', 'after']);
    expect(blocks[2]!.container).toBe(host);
    expect(blockRange(blocks[1]!, 0, 17).toString()).toBe('internal customer');
  });

  it('is a generator in document order that can stop early', () => {
    body('<p>1</p><p>2</p><p>3</p>');
    const it = walkBlocks(document);
    expect(it.next().value?.text).toBe('1');
    expect(it.next().value?.text).toBe('2');
  });

  it('walks a single inline root within its block', () => {
    body('<p id="p">x <span id="s">internal customer</span></p>');
    const blocks = collectBlocks(document.getElementById('s')!);
    expect(blocks.map((b) => [b.text, b.container.id])).toEqual([['internal customer', 'p']]);
  });
});

describe('linkedom (the CLI)', () => {
  it('gives the same blocks as happy-dom', () => {
    const html = '<p>We ask <em>internal</em> <a>customer</a>s.</p><ul><li>one<li>two</ul><pre>x</pre>';
    const { document: doc } = parseHTML(`<html><body>${html}</body></html>`);
    expect(texts(doc)).toEqual(texts(body(html)));
  });
});

describe('isOptedOut', () => {
  const rows: [string, boolean][] = [
    ['<meta name="partner-lens" content="off">', true],
    ['<meta name="Partner-Lens" content=" OFF ">', true],
    ['<meta name="partner-lens" content="on">', false],
    ['<meta name="description" content="off">', false],
    ['', false],
  ];
  it.each(rows)('%s', (meta, expected) => {
    const { document: doc } = parseHTML(`<html><head>${meta}</head><body></body></html>`);
    expect(isOptedOut(doc)).toBe(expected);
  });

  it('reads the head only, where HTML puts meta elements (the whole page is a walk of every element)', () => {
    const inBody = parseHTML('<html><head><title>t</title></head><body><p>x</p><meta name="partner-lens" content="off"></body></html>');
    expect(isOptedOut(inBody.document)).toBe(false);
  });
});
