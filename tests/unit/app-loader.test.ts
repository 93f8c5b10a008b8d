// The content script's loader: it starts the app the module hands over, with the extension's API
// and the preferences it asked for,
// and does nothing to the page when the module fails or the extension went away meanwhile.
import { describe, expect, it } from 'vitest';
import { CONTENT_APP_GLOBAL, loadContentApp, type ContentAppStart, type LoaderContext } from '@/utils/content/app-loader';

const api = { runtime: { id: 'test' } } as unknown as Parameters<ContentAppStart>[1];
const prefs = { get: () => Promise.reject(new Error('not asked in these tests')), invalidate: () => {} } as Parameters<ContentAppStart>[2];

function context(invalid = false): LoaderContext {
  return { isInvalid: invalid, onInvalidated: () => {} };
}

describe('loadContentApp', () => {
  it.each([
    { case: 'the module hands over its start', hands: true, invalid: false, fails: false, started: true, logged: 0 },
    { case: 'the extension went away while the module loaded', hands: true, invalid: true, fails: false, started: false, logged: 0 },
    { case: 'the module does not load', hands: true, invalid: false, fails: true, started: false, logged: 1 },
    { case: 'the module loads but hands over nothing', hands: false, invalid: false, fails: false, started: false, logged: 1 },
  ])('$case', async ({ hands, invalid, fails, started, logged }) => {
    const scope: Record<string, unknown> = {};
    const calls: unknown[][] = [];
    const start: ContentAppStart = (...args) => void calls.push(args);
    const ctx = context(invalid);
    const messages: string[] = [];
    const load = async () => {
      if (fails) throw new Error('Failed to fetch dynamically imported module');
      if (hands) scope[CONTENT_APP_GLOBAL] = start;
    };
    const result = await loadContentApp(load, ctx, api, prefs, (m) => messages.push(m), scope);
    expect(result).toBe(started);
    expect(calls).toEqual(started ? [[ctx, api, prefs]] : []);
    expect(messages).toHaveLength(logged);
    if (logged) expect(messages[0]).toMatch(/^the content app could not be loaded: /);
  });
});
