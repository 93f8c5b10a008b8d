// The form-field overlay on real fields (happy-dom): which fields it reads, what its mirror
// underlines, and how it follows typing, hiding and fields leaving the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FieldOverlay } from '@/utils/editors/field-overlay';
import type { FieldOccurrence } from '@/utils/editors/types';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import type { Match } from '@/utils/engine/types';
import { UI_HOST_TAG } from '@/utils/page/ui-layer';
import { createHiddenPhrases } from '@/utils/content/hidden-phrases';

const matcher = compileMatcher(BUILTIN_RULES);
const TYPING_PAUSE_MS = 150;

let overlay: FieldOverlay | null = null;
let hidden: (m: Match) => boolean = () => false;
let gone: FieldOccurrence[][] = [];

function start(html: string) {
  document.body.innerHTML = html;
  overlay = new FieldOverlay({
    win: window,
    css: '',
    matcher: () => matcher,
    isHidden: (m) => hidden(m),
    onGone: (occs) => gone.push(occs),
  });
  overlay.start();
  return overlay;
}

const field = (selector = 'textarea') => document.querySelector(selector) as HTMLTextAreaElement | HTMLInputElement;
const marks = () =>
  [...(document.querySelector(UI_HOST_TAG)?.shadowRoot?.querySelectorAll('.mark') ?? [])].map(
    (m) => `${m.textContent}${m.classList.contains('soft') ? ' (soft)' : ''}`,
  );

const nextFrame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));

function type(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  hidden = () => false;
  gone = [];
});
afterEach(() => {
  overlay?.stop();
  overlay = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('FieldOverlay', () => {
  it.each([
    ['a textarea', '<textarea>Our internal customers</textarea>', ['internal customers']],
    ['a text input', '<input type="text" value="ask internal clients">', ['internal clients']],
    ['a search input', '<input type="search" value="internal vendors">', ['internal vendors']],
    ['a password', '<input type="password" value="internal customers">', []],
    ['an email input', '<input type="email" value="internal customers">', []],
    ['a read-only textarea', '<textarea readonly>internal customers</textarea>', []],
    ['a disabled input', '<input disabled value="internal customers">', []],
    ['an opted-out field', '<textarea data-partner-lens="ignore">internal customers</textarea>', []],
    // data-gramm="false" keeps one grammar checker out (VisualEditor sets it); it is no opt-out of ours.
    ['a field closed to a grammar checker', '<textarea data-gramm="false">internal customers</textarea>', ['internal customers']],
  ])('reads %s only when it may fix it', (_label, html, expected) => {
    start(html);
    expect(marks()).toEqual(expected);
  });

  it('underlines flags, draws hints and quoted mentions softly, and leaves partner language alone', () => {
    const o = start('<textarea>internal customers, “internal clients”, the customer is king, service partners</textarea>');
    expect(marks()).toEqual(['internal customers', 'internal clients (soft)', 'the customer is king (soft)']);
    expect(o.matchesOf(field()).map((m) => m.rule)).toEqual(['internal-customer', 'internal-client', 'customer-is-king']);
  });

  it('waits for a pause in typing, scans, then shows the new phrases in the next frame', async () => {
    const o = start('<textarea>Our internal customers</textarea>');
    type(field(), 'Our internal customers and internal suppliers');
    expect(marks()).toEqual(['internal customers']);
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    // Scanned: the matches are known at once; the mirror is written in the next frame.
    expect(o.matchesOf(field()).map((m) => m.text)).toEqual(['internal customers', 'internal suppliers']);
    expect(marks()).toEqual(['internal customers']);
    await nextFrame();
    expect(marks()).toEqual(['internal customers', 'internal suppliers']);
  });

  it('writes a mirror that is behind before anything reads its marks', () => {
    const o = start('<textarea>Our internal customers</textarea>');
    type(field(), 'internal clients, then our internal customers');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(marks()).toEqual(['internal customers']);
    const occs = o.occurrencesOf(field() as HTMLTextAreaElement);
    expect(occs.map((x) => x.match.text)).toEqual(['internal clients', 'internal customers']);
    // Reading an occurrence's rectangles writes the mirror first, so they are those of its own mark.
    occs[0]!.rects();
    expect(marks()).toEqual(['internal clients', 'internal customers']);
  });

  it('two scans before a frame leave one write, of the last text', async () => {
    start('<textarea>Our internal customers</textarea>');
    type(field(), 'Our internal customers and internal suppliers');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    type(field(), 'internal vendors, our internal customers and internal suppliers');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    const writes = performance.getEntriesByName('partner-lens:field-write').length;
    await nextFrame();
    expect(marks()).toEqual(['internal vendors', 'internal customers', 'internal suppliers']);
    expect(performance.getEntriesByName('partner-lens:field-write').length).toBe(writes + 1);
  });

  it('keeps the occurrence of a phrase the writer typed before, so an open card stays valid', () => {
    const o = start('<textarea>Our internal customers</textarea>');
    const [before] = o.occurrencesOf(field() as HTMLTextAreaElement);
    type(field(), 'Today our internal customers');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    const [after] = o.occurrencesOf(field() as HTMLTextAreaElement);
    expect(after).toBe(before);
    expect(after!.match.start).toBe('Today our '.length);
  });

  describe('a dismissed phrase stays dismissed while the writer types around it', () => {
    const TEXT = 'Ask internal customers, then internal suppliers.';
    it.each([
      { case: 'text typed before it', typed: 'First, ask internal customers, then internal suppliers.', shown: ['internal customers'] },
      { case: 'text deleted before it', typed: 'Ask internal customers, internal suppliers.', shown: ['internal customers'] },
      { case: 'a space typed right after it', typed: 'Ask internal customers, then internal suppliers .', shown: ['internal customers'] },
      { case: 'text typed after it', typed: 'Ask internal customers, then internal suppliers. And more.', shown: ['internal customers'] },
      { case: 'the phrase itself edited', typed: 'Ask internal customers, then internal  suppliers.', shown: ['internal customers', 'internal  suppliers'] },
      { case: 'the same phrase typed again elsewhere', typed: 'Ask internal customers, then internal suppliers. Also internal suppliers.', shown: ['internal customers', 'internal suppliers'] },
    ])('$case', ({ typed, shown }) => {
      document.body.innerHTML = `<textarea>${TEXT}</textarea>`;
      const phrases = createHiddenPhrases();
      overlay = new FieldOverlay({ win: window, css: '', matcher: () => matcher, isHidden: phrases.isHidden, onEdit: (f, edit) => phrases.shift(f, edit) });
      overlay.start();
      const el = field() as HTMLTextAreaElement;
      const supplier = overlay.matchesOf(el).find((m) => m.text === 'internal suppliers')!;
      phrases.dismiss(el, supplier);
      overlay.refreshAll();
      expect(overlay.matchesOf(el).map((m) => m.text)).toEqual(['internal customers']);
      type(el, typed);
      vi.advanceTimersByTime(TYPING_PAUSE_MS);
      expect(overlay.matchesOf(el).map((m) => m.text)).toEqual(shown);
    });
  });

  it('reads a value a script set when the field gets focus', () => {
    start('<textarea>nothing yet</textarea>');
    expect(marks()).toEqual([]);
    field().value = 'internal clients';
    field().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(marks()).toEqual(['internal clients']);
  });

  it('drops hidden phrases when told to refresh, and its mirror with the last phrase', () => {
    const o = start('<textarea>internal customers and internal clients</textarea>');
    hidden = (m) => m.rule === 'internal-client';
    o.refreshAll();
    expect(marks()).toEqual(['internal customers']);
    hidden = () => true;
    o.refreshAll();
    expect(marks()).toEqual([]);
    expect(document.querySelector(UI_HOST_TAG)?.shadowRoot?.querySelector('.field') ?? null).toBeNull();
  });

  it('forgets a field that left the page and says which occurrences went with it', () => {
    const o = start('<textarea>internal customers</textarea><textarea>internal clients</textarea>');
    const [first, second] = [...document.querySelectorAll('textarea')];
    const occs = o.occurrencesOf(first!);
    first!.remove();
    o.pruneDetached();
    expect(gone).toEqual([occs]);
    expect(o.occurrencesOf(first!)).toEqual([]);
    expect(o.occurrencesOf(second!).map((x) => x.match.text)).toEqual(['internal clients']);
    expect(marks()).toEqual(['internal clients']);
  });

  it('leaves nothing on the page once stopped', () => {
    const o = start('<textarea>internal customers</textarea>');
    expect(document.querySelector(UI_HOST_TAG)).not.toBeNull();
    o.stop();
    overlay = null;
    expect(document.querySelector(UI_HOST_TAG)).toBeNull();
    // Typing after stop does nothing.
    type(field(), 'internal clients');
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(document.querySelector(UI_HOST_TAG)).toBeNull();
  });
});
