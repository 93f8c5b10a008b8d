import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterParse, earlyRequest, prefsFromCopyOr, staleOnPrefsChange } from '@/utils/content/early-start';
import { snapshotEntries } from '@/utils/protocol/prefs-snapshot';
import { DEFAULT_SETTINGS, type EffectivePrefs } from '@/utils/protocol/model';
import { createLazyEditors, type EditorBridgeFactory } from '@/utils/content/lazy-editors';
import type { EditorBridge } from '@/utils/editors/editor-bridge';
import type { EditorContext } from '@/utils/editors/types';
import { compileMatcher } from '@/utils/engine/matcher';
import { activeRules } from '@/utils/engine/rules';
import type { Occurrence } from '@/utils/page/page-scanner';

const context = (): EditorContext => ({
  matcher: compileMatcher(activeRules()),
  isHidden: () => false,
  shiftHidden: () => {},
  occurrences: () => [],
  openCard: () => {},
  closeCard: () => {},
});

/** A bridge that records what it was asked, standing in for the editors bundle. */
function fakeBridge() {
  const calls: string[] = [];
  const bridge: EditorBridge = {
    attach: () => void calls.push('attach'),
    detach: () => void calls.push('detach'),
    hitTest: () => undefined,
    refresh: () => void calls.push('refresh'),
    pruneDetached: () => void calls.push('prune'),
    editable: () => ({ replacements: ['internal partners'], canFixAll: false }),
    replace: async () => ({ ok: true, message: 'Replaced' }),
    fixAll: async () => ({ ok: true, message: 'Fixed' }),
  };
  return { bridge, calls };
}

/** An occurrence whose range covers the text of `el`. */
function occurrenceIn(el: Element): Occurrence {
  const range = document.createRange();
  range.selectNodeContents(el.firstChild ?? el);
  return { range } as unknown as Occurrence;
}

function setup(html: string) {
  document.body.innerHTML = html;
  const { bridge, calls } = fakeBridge();
  const load = vi.fn(async (): Promise<EditorBridgeFactory> => () => bridge);
  const editors = createLazyEditors(window, load);
  return { editors, load, calls };
}

afterEach(() => {
  document.body.innerHTML = '';
  document.designMode = 'off';
});

describe('lazy editor support', () => {
  it.each([
    ['a read-only page with an empty search box', '<p>Our internal customers</p><input type="search">', false],
    ['a textarea', '<p>Text</p><textarea></textarea>', true],
    ['an editing host', '<div contenteditable="true"><p>Draft</p></div>', true],
    ['an editing host written as a bare attribute', '<div contenteditable><p>Draft</p></div>', true],
    ['only contenteditable="false"', '<div contenteditable="false">Fixed text</div>', false],
    ['a text field holding a phrase', '<input value="for our internal customers">', true],
    ['a text field holding other words', '<input value="quarterly report">', false],
    ['a checkbox', '<input type="checkbox" value="internal customers">', false],
  ])('%s: loads = %s', async (_name, html, loads) => {
    const { editors, load, calls } = setup(html);
    editors.attach(context());
    await editors.loaded;
    expect(load).toHaveBeenCalledTimes(loads ? 1 : 0);
    expect(calls).toEqual(loads ? ['attach'] : []);
  });

  it('loads for a document in design mode', async () => {
    const { editors, load } = setup('<p>Text</p>');
    document.designMode = 'on';
    editors.attach(context());
    await editors.loaded;
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads when a place to write appears after a rescan, once however often it is asked', async () => {
    const { editors, load, calls } = setup('<p>Text</p>');
    editors.attach(context());
    editors.pageChanged();
    expect(load).not.toHaveBeenCalled();
    document.body.insertAdjacentHTML('beforeend', '<textarea></textarea><div contenteditable="true"></div>');
    editors.pageChanged();
    editors.pageChanged();
    await editors.loaded;
    expect(load).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['attach']);
  });

  it('reads a form field once per value and per set of rules, not on every rescan', async () => {
    const { editors, load } = setup('<input id="f" value="quarterly report">');
    const ctx = context();
    const scan = vi.spyOn(ctx.matcher, 'scan');
    editors.attach(ctx);
    editors.pageChanged();
    editors.pageChanged();
    expect(scan).toHaveBeenCalledTimes(1);
    (document.getElementById('f') as HTMLInputElement).value = 'for our internal customers';
    editors.pageChanged();
    await editors.loaded;
    expect(scan).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads the form again when the rules change', () => {
    const { editors } = setup('<input value="quarterly report">');
    const first = context();
    const scan = vi.spyOn(first.matcher, 'scan');
    editors.attach(first);
    editors.attach(first);
    expect(scan).toHaveBeenCalledTimes(2);
  });

  it('loads when the focus enters a text field, and attaches the rules it was last given', async () => {
    const { editors, load, calls } = setup('<input type="text" id="f">');
    editors.attach(context());
    expect(load).not.toHaveBeenCalled();
    document.getElementById('f')!.focus();
    await editors.loaded;
    expect(load).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['attach']);
  });

  it('before loading: no fix is offered and nothing is forwarded; after: everything is', async () => {
    const { editors, calls } = setup('<p>x</p>');
    const occ = occurrenceIn(document.querySelector('p')!);
    editors.attach(context());
    expect(editors.editable(occ)).toBeNull();
    expect(editors.hitTest(1, 1)).toBeUndefined();
    expect((await editors.replace(occ, 'y')).ok).toBe(false);
    editors.refresh();
    editors.pruneDetached();
    expect(calls).toEqual([]);
    document.body.insertAdjacentHTML('beforeend', '<textarea></textarea>');
    editors.pageChanged();
    await editors.loaded;
    expect(editors.editable(occ)?.replacements).toEqual(['internal partners']);
    expect((await editors.replace(occ, 'y')).ok).toBe(true);
    editors.refresh();
    editors.detach();
    expect(calls).toEqual(['attach', 'refresh', 'detach']);
  });

  it('a card opened on editable text before loading asks again once editor support is there', async () => {
    const { editors, load } = setup('<p>Text</p>');
    const refreshCard = vi.fn();
    editors.attach({ ...context(), refreshCard });
    // An editing host that no rescan has reported yet.
    document.body.insertAdjacentHTML('beforeend', '<div contenteditable="true">our internal customers</div>');
    const occ = occurrenceIn(document.querySelector('[contenteditable]')!);
    expect(editors.editable(occ)).toBeNull();
    await editors.loaded;
    expect(load).toHaveBeenCalledTimes(1);
    expect(refreshCard).toHaveBeenCalledTimes(1);
    expect(editors.editable(occ)?.replacements).toEqual(['internal partners']);
  });

  it('a card on read-only text loads nothing', () => {
    const { editors, load } = setup('<p>our internal customers</p>');
    editors.attach(context());
    expect(editors.editable(occurrenceIn(document.querySelector('p')!))).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('a bundle that fails to load is said once and leaves the page with highlights only', async () => {
    document.body.innerHTML = '<textarea></textarea>';
    const log = vi.fn();
    const load = vi.fn(() => Promise.reject(new Error('blocked')));
    const editors = createLazyEditors(window, load, log);
    editors.attach(context());
    await editors.loaded;
    editors.pageChanged();
    document.querySelector('textarea')!.focus();
    expect(load).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain('blocked');
    expect(editors.editable(occurrenceIn(document.querySelector('textarea')!))).toBeNull();
  });
});

describe('early start', () => {
  it('the first answer is the one asked for at start; later ones are asked afresh', async () => {
    let n = 0;
    const prefs = earlyRequest(async () => ++n);
    expect(n).toBe(1);
    expect(await prefs.get()).toBe(1);
    expect(await prefs.get()).toBe(2);
  });

  it('asks at start with the quick source and later with the other', async () => {
    const asked: string[] = [];
    const prefs = earlyRequest(
      async () => (asked.push('copy'), 1),
      async () => (asked.push('background'), 2),
    );
    expect(await prefs.get()).toBe(1);
    expect(await prefs.get()).toBe(2);
    expect(asked).toEqual(['copy', 'background']);
  });

  describe('preferences from the copy in storage', () => {
    const copy = snapshotEntries({ ...DEFAULT_SETTINGS, locked: [] }, {}, [{ hostname: 'wiki.example', mode: 'off', ignored: [], updatedAt: 0 }]);
    const fromBackground = { mode: 'highlight' } as EffectivePrefs;
    it.each<[string, (keys: string[]) => Promise<unknown>, string]>([
      ['a usable copy', async (keys) => Object.fromEntries(keys.map((k) => [k, copy[k]])), 'off'],
      ['no copy yet', async () => ({}), 'highlight'],
      ['storage that cannot be read', () => Promise.reject(new Error('Extension context invalidated')), 'highlight'],
    ])('%s', async (_, read, mode) => {
      const prefs = await prefsFromCopyOr(read, 'wiki.example', async () => fromBackground);
      expect(prefs.mode).toBe(mode);
    });
  });

  it('an early answer made stale by a change of preferences is not used', async () => {
    let n = 0;
    const prefs = earlyRequest(async () => ++n);
    prefs.invalidate();
    expect(await prefs.get()).toBe(2);
  });

  it.each([
    { message: { type: 'prefs-changed' }, stale: true },
    { message: { type: 'list-phrases' }, stale: false },
    { message: null, stale: false },
    { message: 'prefs-changed', stale: false },
  ])('before the app handles messages, $message makes the early answer stale: $stale', async ({ message, stale }) => {
    let n = 0;
    const prefs = earlyRequest(async () => ++n);
    expect(staleOnPrefsChange(prefs)(message)).toBeUndefined();
    expect(await prefs.get()).toBe(stale ? 2 : 1);
  });

  it('an early failure reaches whoever takes the answer, not the console as unhandled', async () => {
    const prefs = earlyRequest(() => Promise.reject(new Error('no background')));
    await new Promise((r) => setTimeout(r, 0));
    await expect(prefs.get()).rejects.toThrow('no background');
  });

  /** A window whose events, frames and timers run when the test says. */
  function fakeWindow(readyState: string) {
    const listeners: (() => void)[] = [];
    const frames: (() => void)[] = [];
    const timers = new Map<number, { fn: () => void; ms: number }>();
    let id = 0;
    const win = {
      document: { readyState, addEventListener: (_type: string, fn: () => void) => listeners.push(fn) },
      requestAnimationFrame: (fn: () => void) => frames.push(fn),
      setTimeout: (fn: () => void, ms = 0) => (timers.set(++id, { fn, ms }), id),
      clearTimeout: (t: number) => timers.delete(t),
    } as unknown as Window;
    /** Runs the timers due at `ms` (0: the next task). */
    const tick = (ms: number) => {
      for (const [t, { fn, ms: at }] of [...timers]) if (at <= ms) (timers.delete(t), fn());
    };
    return { win, listeners, frames, timers, tick };
  }

  it('waits for DOMContentLoaded, then for the first frame after it, then starts in a task', () => {
    const w = fakeWindow('loading');
    const ran = vi.fn();
    afterParse(w.win, ran);
    expect(w.listeners).toHaveLength(1);
    w.listeners[0]!();
    w.tick(0);
    expect(ran).not.toHaveBeenCalled();
    w.frames.shift()!();
    w.tick(0);
    expect(ran).toHaveBeenCalledTimes(1);
    // The fallback timer was cleared: it never starts a second time.
    w.tick(100);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('starts after 100 ms in a tab that draws no frames, once', () => {
    const w = fakeWindow('interactive');
    const ran = vi.fn();
    afterParse(w.win, ran);
    w.tick(0);
    expect(ran).not.toHaveBeenCalled();
    w.tick(100);
    expect(ran).toHaveBeenCalledTimes(1);
    w.frames.shift()!();
    w.tick(0);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('runs in a real window whose page is already parsed', async () => {
    const ran = vi.fn();
    afterParse(window, ran);
    await vi.waitFor(() => expect(ran).toHaveBeenCalledTimes(1), { timeout: 1000 });
  });
});
