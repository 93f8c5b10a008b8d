// The content script's loader: it finds the browser's own API, starts the app the module hands
// over with the preferences it asked for, and does nothing to the page when the module fails or
// the extension went away meanwhile.
import { describe, expect, it } from 'vitest';
import { CONTENT_APP_GLOBAL, loadContentApp, loaderApi, type ContentAppStart } from '@/utils/content/app-loader';

const prefs = { get: () => Promise.reject(new Error('not asked in these tests')), invalidate: () => {} } as Parameters<ContentAppStart>[0];

describe('loadContentApp', () => {
  it.each([
    { case: 'the module hands over its start', hands: true, alive: true, fails: false, started: true, logged: 0 },
    { case: 'the extension went away while the module loaded', hands: true, alive: false, fails: false, started: false, logged: 0 },
    { case: 'the module does not load', hands: true, alive: true, fails: true, started: false, logged: 1 },
    { case: 'the module loads but hands over nothing', hands: false, alive: true, fails: false, started: false, logged: 1 },
  ])('$case', async ({ hands, alive, fails, started, logged }) => {
    const scope: Record<string, unknown> = {};
    const calls: unknown[][] = [];
    const start: ContentAppStart = (...args) => void calls.push(args);
    const messages: string[] = [];
    const load = async () => {
      if (fails) throw new Error('Failed to fetch dynamically imported module');
      if (hands) scope[CONTENT_APP_GLOBAL] = start;
    };
    const result = await loadContentApp(load, () => alive, prefs, (m) => messages.push(m), scope);
    expect(result).toBe(started);
    expect(calls).toEqual(started ? [[prefs]] : []);
    expect(messages).toHaveLength(logged);
    if (logged) expect(messages[0]).toMatch(/^the content app could not be loaded: /);
  });
});

describe('loaderApi', () => {
  const live = { runtime: { id: 'ext' } };
  const gone = { runtime: {} };
  it.each([
    { case: 'Firefox: `browser` and `chrome`, `browser` taken', scope: { browser: live, chrome: { runtime: { id: 'other' } } }, found: live },
    { case: 'Chromium: `chrome` only', scope: { chrome: live }, found: live },
    { case: 'a `browser` object without an extension id is passed over', scope: { browser: gone, chrome: live }, found: live },
    { case: 'the extension reloaded or removed: no id', scope: { chrome: gone }, found: null },
    { case: 'no extension API at all', scope: {}, found: null },
  ])('$case', ({ scope, found }) => {
    expect(loaderApi(scope)).toBe(found);
  });
});
