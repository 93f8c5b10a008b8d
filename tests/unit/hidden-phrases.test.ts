// Ignored phrases and dismissed occurrences, and how a dismissal follows the writer's edits: in a
// page block (the scanner hands over the block's text) and in a form field (the overlay hands over
// each edit).
import { afterEach, describe, expect, it } from 'vitest';
import { createHiddenPhrases } from '@/utils/content/hidden-phrases';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { PageScanner } from '@/utils/page/page-scanner';
import type { Painter } from '@/utils/page/highlight-painter';

const matcher = compileMatcher(BUILTIN_RULES);
const BLOCK = 'Ask internal customers, then internal suppliers.';
const shownIn = (hidden: ReturnType<typeof createHiddenPhrases>, container: Element, text: string) =>
  matcher.scan(text).filter((m) => !hidden.isHidden(m, container, text)).map((m) => m.text);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('hidden phrases', () => {
  it('ignores a phrase in every form it is written in, dismisses one occurrence only', () => {
    const hidden = createHiddenPhrases();
    const p = document.createElement('p');
    const q = document.createElement('p');
    const [customers] = matcher.scan(BLOCK);
    hidden.dismiss(p, customers!, BLOCK);
    expect(shownIn(hidden, p, BLOCK)).toEqual(['internal suppliers']);
    expect(shownIn(hidden, q, BLOCK)).toEqual(['internal customers', 'internal suppliers']);
    hidden.ignore('Internal Suppliers');
    expect(shownIn(hidden, p, BLOCK)).toEqual([]);
    expect(shownIn(hidden, q, BLOCK)).toEqual(['internal customers']);
  });

  describe('a dismissal follows edits in its page block', () => {
    it.each([
      { case: 'words added before it', now: 'First, ask our internal customers, then internal suppliers.', shown: ['internal customers'] },
      { case: 'words removed before it', now: 'Internal customers, then internal suppliers.', shown: ['Internal customers'] },
      { case: 'words added after it', now: 'Ask internal customers, then internal suppliers. Soon.', shown: ['internal customers'] },
      { case: 'the phrase itself edited', now: 'Ask internal customers, then internal vendors.', shown: ['internal customers', 'internal vendors'] },
      { case: 'the same phrase written again', now: 'Ask internal suppliers, internal customers, then internal suppliers.', shown: ['internal suppliers', 'internal customers'] },
      { case: 'two edits in a row', now: ['Please ask internal customers, then internal suppliers.', 'Please ask internal customers, and then internal suppliers.'], shown: ['internal customers'] },
    ])('$case', ({ now, shown }) => {
      const hidden = createHiddenPhrases();
      const p = document.createElement('p');
      const suppliers = matcher.scan(BLOCK).find((m) => m.text === 'internal suppliers')!;
      hidden.dismiss(p, suppliers, BLOCK);
      const versions = Array.isArray(now) ? now : [now];
      let last: string[] = [];
      for (const text of versions) last = shownIn(hidden, p, text);
      expect(last).toEqual(shown);
    });
  });

  it('keeps both of two dismissals made in one block with an edit between them', () => {
    const hidden = createHiddenPhrases();
    const p = document.createElement('p');
    hidden.dismiss(p, matcher.scan(BLOCK).find((m) => m.text === 'internal suppliers')!, BLOCK);
    const edited = `Today: ${BLOCK}`;
    hidden.dismiss(p, matcher.scan(edited).find((m) => m.text === 'internal customers')!, edited);
    expect(shownIn(hidden, p, edited)).toEqual([]);
    expect(shownIn(hidden, p, `${edited} Also internal suppliers.`)).toEqual(['internal suppliers']);
  });

  it('moves a field dismissal by the edits the field reports', () => {
    const hidden = createHiddenPhrases();
    const field = document.createElement('textarea');
    const suppliers = matcher.scan(BLOCK).find((m) => m.text === 'internal suppliers')!;
    hidden.dismiss(field, suppliers);
    hidden.shift(field, { start: 0, end: 0, insert: 'Today: ' });
    const after = `Today: ${BLOCK}`;
    expect(matcher.scan(after).filter((m) => !hidden.isHidden(m, field)).map((m) => m.text)).toEqual(['internal customers']);
  });

  it('keeps a dismissed phrase hidden when the scanner reads its paragraph again after an edit', async () => {
    document.body.innerHTML = `<p id="p">${BLOCK}</p>`;
    const hidden = createHiddenPhrases();
    const painted = new Set<Range>();
    const painter: Painter = {
      supported: true,
      add: (_paint, range) => void painted.add(range),
      remove: (_paint, range) => void painted.delete(range),
      setShowPartner: () => {},
      clear: () => painted.clear(),
      dispose: () => painted.clear(),
    };
    const scanner = new PageScanner({
      matcher,
      painter,
      yieldToPage: () => new Promise((r) => setTimeout(r, 0)),
      now: () => performance.now(),
      isHidden: hidden.isHidden,
    });
    await scanner.scanAll(document.body);
    const suppliers = scanner.ordered().find((o) => o.match.text === 'internal suppliers')!;
    hidden.dismiss(suppliers.container, suppliers.match, suppliers.block.text);
    scanner.drop(suppliers);
    const p = document.getElementById('p')!;
    p.insertBefore(document.createTextNode('Before anything else: '), p.firstChild);
    scanner.markDirty(p.firstChild!);
    await scanner.flush();
    expect(scanner.ordered().map((o) => o.match.text)).toEqual(['internal customers']);
    expect([...painted].map((r) => r.toString())).toEqual(['internal customers']);
  });

  describe('an editor puts a new element in the place of a block with a dismissal', () => {
    // Each row: the editor's root holds `before` paragraphs; the one at `dismissedIn` has its
    // "internal suppliers" dismissed; then the paragraphs become `after` (the same element where
    // `kept` says so, a new one otherwise), and `shown` is what the block at `readAt` shows.
    it.each([
      { case: 'the same text in a new element', before: [BLOCK], after: [BLOCK], kept: [false], readAt: 0, shown: ['internal customers'] },
      { case: 'a new element with words added before the phrase', before: [BLOCK], after: [`Now: ${BLOCK}`], kept: [false], readAt: 0, shown: ['internal customers'] },
      { case: 'a new element where the phrase was edited', before: [BLOCK], after: ['Ask internal customers, then internal vendors.'], kept: [false], readAt: 0, shown: ['internal customers', 'internal vendors'] },
      { case: 'a sibling with the same text, the dismissed block still there', before: [BLOCK, BLOCK], after: [BLOCK, BLOCK], kept: [true, true], readAt: 1, shown: ['internal customers', 'internal suppliers'] },
      { case: 'a new sibling with the same text, the dismissed block still there', before: [BLOCK], after: [BLOCK, BLOCK], kept: [true, false], readAt: 1, shown: ['internal customers', 'internal suppliers'] },
      { case: 'two blocks replaced, the new text like neither', before: [BLOCK, `Also: ${BLOCK}`], after: [`Today: ${BLOCK}`, 'Other words.'], kept: [false, false], readAt: 0, dismissedIn: [0, 1], shown: ['internal customers', 'internal suppliers'] },
      { case: 'two blocks replaced, one new text the same as a dismissed one', before: [BLOCK, `Also: ${BLOCK}`], after: [`Also: ${BLOCK}`, 'Other words.'], kept: [false, false], readAt: 0, dismissedIn: [1], shown: ['internal customers'] },
    ])('$case', ({ before, after, kept, readAt, shown, dismissedIn = [0] }) => {
      const hidden = createHiddenPhrases();
      const root = document.createElement('div');
      document.body.append(root);
      const olds = before.map((text) => Object.assign(document.createElement('p'), { textContent: text }));
      root.append(...olds);
      for (const i of dismissedIn) {
        const suppliers = matcher.scan(before[i]!).find((m) => m.text === 'internal suppliers')!;
        hidden.dismiss(olds[i]!, suppliers, before[i]);
      }
      const news = after.map((text, i) => {
        if (kept[i]) return olds[i]!;
        return Object.assign(document.createElement('p'), { textContent: text });
      });
      root.replaceChildren(...news);
      expect(shownIn(hidden, news[readAt]!, after[readAt]!)).toEqual(shown);
    });
  });
});
