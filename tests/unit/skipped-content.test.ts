// Content the browser skips rendering (content-visibility: auto, off screen): followed from its
// events, and asked about instead of the text inside it (a visibility check inside it would make
// the browser build the whole skipped subtree's style).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { skippedContentOf, SKIPPED_CONTENT_GLOBAL, watchSkippedContent, type SkippedContent } from '@/utils/page/skipped-content';
import { isRendered } from '@/utils/page/text-search';

const stateChange = (target: Element, skipped: boolean) => {
  const event = new Event('contentvisibilityautostatechange', { bubbles: false });
  Object.defineProperty(event, 'skipped', { value: skipped });
  target.dispatchEvent(event);
};

describe('watchSkippedContent', () => {
  beforeEach(() => {
    document.body.innerHTML = '<section id="a"><p>one</p></section><section id="b"><p>two</p></section>';
  });

  it.each<[string, [string, boolean][], string[]]>([
    ['nothing announced', [], []],
    ['a section skipped', [['a', true]], ['a']],
    ['skipped, then shown again', [['a', true], ['a', false]], []],
    ['two skipped, one shown', [['a', true], ['b', true], ['b', false]], ['a']],
  ])('%s', (_, events, expected) => {
    const skipped = watchSkippedContent(document);
    for (const [id, value] of events) stateChange(document.getElementById(id)!, value);
    expect(['a', 'b'].filter((id) => skipped.has(document.getElementById(id)!))).toEqual(expected);
  });

  it('is found where the loader left it, and nothing else is taken for it', () => {
    const skipped = watchSkippedContent(document);
    expect(skippedContentOf({ [SKIPPED_CONTENT_GLOBAL]: skipped })).toBe(skipped);
    expect(skippedContentOf({})).toBeUndefined();
    expect(skippedContentOf({ [SKIPPED_CONTENT_GLOBAL]: { has: 'no' } })).toBeUndefined();
  });
});

describe('isRendered', () => {
  beforeEach(() => {
    document.body.innerHTML = '<section id="outer"><div id="inner"><p id="text">internal customers</p></div></section>';
  });
  const el = (id: string) => document.getElementById(id)!;

  it.each<[string, string[], string]>([
    ['no skipped content: the element itself', [], 'text'],
    ['inside skipped content: the skipped element', ['inner'], 'inner'],
    ['nested skipped content: the outermost', ['inner', 'outer'], 'outer'],
  ])('asks %s', (_, skippedIds, asked) => {
    const skipped: SkippedContent = { has: (e) => skippedIds.includes(e.id) };
    const seen: string[] = [];
    const check = vi.fn(function (this: Element) {
      seen.push(this.id);
      return this.id !== 'outer';
    });
    for (const id of ['outer', 'inner', 'text']) Object.defineProperty(el(id), 'checkVisibility', { value: check, configurable: true });
    expect(isRendered(el('text'), skipped)).toBe(asked !== 'outer');
    expect(seen).toEqual([asked]);
  });

  it('counts everything as rendered where the browser cannot tell', () => {
    Object.defineProperty(el('text'), 'checkVisibility', { value: undefined, configurable: true });
    expect(isRendered(el('text'), { has: () => true })).toBe(true);
  });
});
