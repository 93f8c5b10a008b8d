import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createBackground, type BackgroundBrowser } from '@/utils/background/background';
import { createMemoryStore } from '@/utils/data/memory-store';
import type { SenderLike } from '@/utils/background/validate-message';

// The options page lists every site the user has set; only extension pages may ask for it.
const ORIGIN = fakeBrowser.runtime.getURL('/');
const options: SenderLike = { id: fakeBrowser.runtime.id, url: `${ORIGIN}options.html` };
const content: SenderLike = { id: fakeBrowser.runtime.id, url: 'https://wiki.example/', tab: { id: 3, url: 'https://wiki.example/' } };

beforeEach(() => {
  fakeBrowser.reset();
  // No tab has a content script to tell about the change.
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
});

it('lists the sites set so far, by hostname, and refuses content scripts', async () => {
  const bg = createBackground(fakeBrowser as unknown as BackgroundBrowser, { store: createMemoryStore(), log: () => {} });
  expect(await bg.handleMessage({ type: 'list-sites' }, options)).toEqual({ ok: true, value: [] });
  await bg.handleMessage({ type: 'set-site', hostname: 'wiki.example', mode: 'off' }, options);
  await bg.handleMessage({ type: 'set-site', hostname: 'docs.example', mode: 'highlight' }, options);
  const reply = await bg.handleMessage({ type: 'list-sites' }, options);
  expect(reply.ok && (reply.value as { hostname: string; mode: string }[]).map((s) => [s.hostname, s.mode])).toEqual([
    ['docs.example', 'highlight'],
    ['wiki.example', 'off'],
  ]);
  expect((await bg.handleMessage({ type: 'list-sites' }, content)).ok).toBe(false);
  expect((await bg.handleMessage({ type: 'list-sites', extra: 1 }, options)).ok).toBe(false);
});

it('tells the popup the mode in force on a site and whether the organisation fixed it', async () => {
  const bg = createBackground(fakeBrowser as unknown as BackgroundBrowser, {
    store: createMemoryStore(),
    log: () => {},
    managed: async () => ({ sites: { 'locked.example': 'off' } }),
  });
  expect(await bg.handleMessage({ type: 'get-site-mode', hostname: 'new.example' }, options)).toEqual({ ok: true, value: { mode: 'highlight', locked: false } });
  await bg.handleMessage({ type: 'set-settings', settings: { defaultMode: 'listed' } }, options);
  expect(await bg.handleMessage({ type: 'get-site-mode', hostname: 'new.example' }, options)).toEqual({ ok: true, value: { mode: 'off', locked: false } });
  await bg.handleMessage({ type: 'set-site', hostname: 'locked.example', mode: 'highlight' }, options);
  expect(await bg.handleMessage({ type: 'get-site-mode', hostname: 'locked.example' }, options)).toEqual({ ok: true, value: { mode: 'off', locked: true } });
  expect((await bg.handleMessage({ type: 'get-site-mode', hostname: 'new.example' }, content)).ok).toBe(false);
});
