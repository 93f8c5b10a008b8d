import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { MAINTENANCE_DELAY_MS, startBackground, type Background, type BackgroundBrowser } from '@/utils/background/background';
import { openStore } from '@/utils/data/idb-store';
import { createMemoryStore } from '@/utils/data/memory-store';
import type { Store } from '@/utils/data/store';
import type { Reply, RuntimeMessage, TabMessage } from '@/utils/protocol/messages';
import type { SenderLike } from '@/utils/background/validate-message';
import { t } from '@/utils/i18n/i18n';
import type { ManagedSource } from '@/utils/data/prefs';
import { prefsFromSnapshot, SNAPSHOT_KEY, snapshotKeys } from '@/utils/protocol/prefs-snapshot';

const NOW = new Date(2025, 4, 20, 12).getTime();
const ORIGIN = fakeBrowser.runtime.getURL('/');
const popup: SenderLike = { id: fakeBrowser.runtime.id, url: `${ORIGIN}popup.html` };
const contentIn = (tabId: number, url = 'https://wiki.example/team', frameId = 0): SenderLike => ({
  id: fakeBrowser.runtime.id,
  url,
  tab: { id: tabId, url },
  frameId,
});

const report = (viewId: string, flaggedNow: number, url = 'https://wiki.example/team'): RuntimeMessage => ({
  type: 'report',
  viewId,
  url,
  title: 'Team',
  tallies: [{ rule: 'internal-customer', level: 'flag', seen: flaggedNow, quoted: 0 }],
  flaggedNow,
  events: [],
});

let sent: [number, TabMessage][];
let log: ReturnType<typeof vi.fn<(line: string) => void>>;
let commandListener: ((command: string) => void) | undefined;
let tabsWithContentScript: Set<number>;

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  sent = [];
  log = vi.fn<(line: string) => void>();
  tabsWithContentScript = new Set();
  commandListener = undefined;
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: TabMessage) => {
    if (!tabsWithContentScript.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
    sent.push([tabId, message]);
  }) as never);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(((l: (command: string) => void) => {
    commandListener = l;
  }) as never);
});

async function start(
  store: Store | Promise<Store> = createMemoryStore(),
  browser: BackgroundBrowser = fakeBrowser as unknown as BackgroundBrowser,
  managed?: ManagedSource,
): Promise<Background> {
  const bg = startBackground(browser, { store, now: () => NOW, log, ...(managed ? { managed } : {}) });
  await bg.maintain();
  return bg;
}

/** Sends through the registered onMessage listener, as the browser would. */
async function send(message: unknown, sender: SenderLike): Promise<Reply<unknown>> {
  const replies = await (fakeBrowser.runtime.onMessage as unknown as { trigger(m: unknown, s: SenderLike): Promise<unknown[]> }).trigger(message, sender);
  return replies.find(Boolean) as Reply<unknown>;
}

describe('badge', () => {
  it('shows flaggedNow per tab, summed over frames, empty at 0', async () => {
    await start();
    expect(await send(report('v1', 3), contentIn(1))).toEqual({ ok: true, value: { flaggedNow: 3 } });
    await send(report('v2', 2, 'https://wiki.example/frame'), contentIn(1, 'https://wiki.example/frame', 5));
    await send(report('v3', 4), contentIn(2));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 1 })).toBe('5');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 2 })).toBe('4');
    await send(report('v1', 0), contentIn(1));
    await send(report('v2', 0, 'https://wiki.example/frame'), contentIn(1, 'https://wiki.example/frame', 5));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 1 })).toBe('');
  });

  it('forgets a tab when it closes or loads a new document', async () => {
    const bg = await start();
    await send(report('v1', 3), contentIn(1));
    await send(report('v2', 2), contentIn(2));
    await fakeBrowser.tabs.onRemoved.trigger(1, { isWindowClosing: false, windowId: 0 });
    await fakeBrowser.tabs.onUpdated.trigger(2, { status: 'loading', url: 'https://wiki.example/next' }, {} as never);
    expect(bg.badgeCount(1)).toBe(0);
    expect(bg.badgeCount(2)).toBe(0);
  });

  it('uses browserAction where there is no action (Firefox MV2)', async () => {
    const setBadgeText = vi.fn(async () => undefined);
    const mv2 = { ...fakeBrowser, action: undefined, browserAction: { setBadgeText } } as unknown as BackgroundBrowser;
    await start(createMemoryStore(), mv2);
    await send(report('v1', 7), contentIn(3));
    expect(setBadgeText).toHaveBeenCalledWith({ tabId: 3, text: '7' });
  });
});

describe('routing', () => {
  it('counts reports and answers the popup with stats', async () => {
    await start(openStore({ name: `bg-${crypto.randomUUID()}` }));
    await send(report('v1', 2), contentIn(1));
    await send(report('v1', 2), contentIn(1)); // re-sent
    const reply = await send({ type: 'get-stats', days: 7 }, popup);
    expect(reply).toMatchObject({ ok: true, value: { totals: { seen: 2 }, worklistTotal: 1 } });
  });

  it('tells every tab with a content script when preferences change', async () => {
    await start();
    const a = await fakeBrowser.tabs.create({ url: 'https://wiki.example/' });
    const b = await fakeBrowser.tabs.create({ url: 'https://docs.example/' });
    await fakeBrowser.tabs.create({ url: 'chrome://settings' }); // no content script: ignored
    tabsWithContentScript = new Set([a.id!, b.id!]);
    const reply = await send({ type: 'set-site', hostname: 'wiki.example', mode: 'off' }, popup);
    expect(reply).toMatchObject({ ok: true, value: { hostname: 'wiki.example', mode: 'off' } });
    await vi.waitFor(() => expect(sent.map(([id]) => id).sort()).toEqual([a.id, b.id].sort()));
    expect(sent.every(([, m]) => m.type === 'prefs-changed')).toBe(true);
    expect(await send({ type: 'get-prefs', url: 'https://wiki.example/x' }, contentIn(a.id!))).toMatchObject({ ok: true, value: { mode: 'off' } });
  });

  it('ignore-phrase applies to the sender tab’s own site only', async () => {
    await start();
    await send({ type: 'ignore-phrase', phrase: 'Internal Customers' }, contentIn(1));
    const here = await send({ type: 'get-prefs', url: 'https://wiki.example/' }, contentIn(1));
    const there = await send({ type: 'get-prefs', url: 'https://docs.example/' }, contentIn(2, 'https://docs.example/'));
    expect(here).toMatchObject({ ok: true, value: { ignored: ['internal customers'] } });
    expect(there).toMatchObject({ ok: true, value: { ignored: [] } });
  });

  it.each([
    ['next-phrase', 'next'],
    ['previous-phrase', 'previous'],
  ] as const)('command %s → navigate %s to the active tab', async (command, direction) => {
    await start();
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 8 }] as never);
    tabsWithContentScript = new Set([8]);
    commandListener!(command);
    await vi.waitFor(() => expect(sent).toEqual([[8, { type: 'navigate', direction }]]));
  });

  it('reports storage problems through diagnostics', async () => {
    vi.stubGlobal('indexedDB', undefined);
    try {
      await start(openStore({ name: 'unavailable' }));
      await send(report('v1', 1), contentIn(1));
      const reply = await send({ type: 'get-diagnostics' }, popup);
      expect(reply).toMatchObject({ ok: true, value: { storage: 'memory', rejectedMessages: 0 } });
      // The store names the problem; the background words it for the popup.
      expect((reply as { value: { notices: string[] } }).value.notices).toEqual([t('noticeSessionOnly')]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('forged messages', () => {
  it.each([
    ['content script resets the figures', { type: 'reset' }, contentIn(1), /may not send reset/],
    ['content script changes settings', { type: 'set-settings', settings: { worklist: false } }, contentIn(1), /may not send set-settings/],
    ['content script lists another site', { type: 'set-site', hostname: 'docs.example', mode: 'off' }, contentIn(1), /may not send set-site/],
    ['content script reports for another site', report('v9', 4, 'https://docs.example/'), contentIn(1), /another site/],
    ['malformed report', { type: 'report', viewId: 'v', url: 'https://wiki.example/' }, contentIn(1), /title|flaggedNow|tallies/],
    ['unknown type', { type: 'eval', code: '1' }, popup, /unknown message type/],
  ])('%s: refused, logged, nothing changed', async (_label, message, sender, reason) => {
    const bg = await start();
    await send(report('v1', 2), contentIn(1));
    const reply = await send(message, sender);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(reason);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(reason));
    const stats = await send({ type: 'get-stats', days: 1 }, popup);
    expect(stats).toMatchObject({ ok: true, value: { totals: { seen: 2 } } });
    expect(await send({ type: 'get-settings' }, popup)).toMatchObject({ ok: true, value: { worklist: true } });
    expect(await send({ type: 'get-site', hostname: 'docs.example' }, popup)).toEqual({ ok: true, value: null });
    expect((await bg.diagnostics()).rejectedMessages).toBe(1);
  });
});

describe('wiki audit import', () => {
  const report = (flagged: number) =>
    JSON.stringify({
      audit: { kind: 'mediawiki', source: 'https://wiki.example/w/api.php', sitename: 'Team wiki', namespaces: [0], date: '2026-11-30T10:00:00Z' },
      files: [{ path: 'Alpha', url: 'https://wiki.example/wiki/Alpha', edit: '', flagged, partner: 1, matches: [] }],
      totals: { files: 1, flagged, partner: 1, adoption: 1 / (flagged + 1) },
    });

  it('keeps a good audit, refuses a bad file without touching it, and removes it on request', async () => {
    await start();
    const imported = await send({ type: 'import-audit', data: report(3) }, popup);
    expect(imported).toMatchObject({ ok: true, value: { imported: { sitename: 'Team wiki', totals: { flagged: 3 } } } });
    const refused = await send({ type: 'import-audit', data: '{"audit": {}, "files": "x"}' }, popup);
    expect(refused).toMatchObject({ ok: true, value: { refused: 'not-audit' } });
    expect(await send({ type: 'get-audit' }, popup)).toMatchObject({ ok: true, value: { totals: { flagged: 3 }, importedAt: NOW } });
    expect(await send({ type: 'remove-audit' }, popup)).toEqual({ ok: true, value: null });
    expect(await send({ type: 'get-audit' }, popup)).toEqual({ ok: true, value: null });
  });

  it('takes audits only from extension pages', async () => {
    await start();
    const fromPage = await send({ type: 'import-audit', data: report(1) }, { id: fakeBrowser.runtime.id, url: 'https://wiki.example/a', tab: { id: 1, url: 'https://wiki.example/a' } });
    expect(fromPage).toMatchObject({ ok: false });
    expect(await send({ type: 'get-audit' }, popup)).toEqual({ ok: true, value: null });
  });
});

describe('the copy of the preferences that pages start from', () => {
  /** What a content script on `host` would start with: the copy, read as it reads it. */
  const fromCopy = async (host: string) => prefsFromSnapshot(await fakeBrowser.storage.local.get(snapshotKeys(host)), host);
  const fromBackground = async (host: string, tab = 1) => {
    const reply = await send({ type: 'get-prefs', url: `https://${host}/page` }, contentIn(tab, `https://${host}/page`));
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const HOSTS = ['wiki.example', 'docs.example'];

  it.each<[string, RuntimeMessage, SenderLike]>([
    ['a site switched off', { type: 'set-site', hostname: 'wiki.example', mode: 'off' }, popup],
    ['a site shown with partner language', { type: 'set-site', hostname: 'wiki.example', showPartner: true }, popup],
    ['a phrase ignored on a site', { type: 'ignore-phrase', phrase: 'Internal Customers' }, contentIn(1)],
    ['settings changed', { type: 'set-settings', settings: { defaultMode: 'listed', disabledRules: ['internal-customer'] } }, popup],
  ])('agrees with the background after %s, before any tab hears of it', async (_, change, sender) => {
    await start();
    await vi.waitFor(async () => expect(await fromCopy('docs.example')).not.toBeNull());
    for (const host of HOSTS) expect(await fromCopy(host)).toEqual(await fromBackground(host));
    const tab = await fakeBrowser.tabs.create({ url: 'https://wiki.example/' });
    tabsWithContentScript = new Set([tab.id!]);
    // When the tab is told, the copy already holds the change.
    const copyWhenTold: unknown[] = [];
    vi.mocked(fakeBrowser.tabs.sendMessage).mockImplementation((async () => void copyWhenTold.push(await fromCopy('wiki.example'))) as never);
    const before = await fromBackground('wiki.example');
    expect(await send(change, sender)).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(copyWhenTold.length).toBeGreaterThan(0));
    const after = await fromBackground('wiki.example');
    expect(after).not.toEqual(before);
    for (const copy of copyWhenTold) expect(copy).toEqual(after);
    for (const host of HOSTS) expect(await fromCopy(host)).toEqual(await fromBackground(host));
  });

  it('drops the entry of a removed site', async () => {
    await start();
    await send({ type: 'set-site', hostname: 'wiki.example', mode: 'off' }, popup);
    await vi.waitFor(async () => expect(await fromCopy('wiki.example')).toMatchObject({ mode: 'off' }));
    await send({ type: 'remove-site', hostname: 'wiki.example' }, popup);
    await vi.waitFor(async () => expect(await fromCopy('wiki.example')).toMatchObject({ mode: 'highlight' }));
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.includes('wiki.example'))).toEqual([]);
  });

  it('carries the organisation’s choices, locks included', async () => {
    await start(createMemoryStore(), undefined, async () => ({ showPartner: true, sites: { 'wiki.example': 'off' } }));
    await vi.waitFor(async () => expect(await fromCopy('wiki.example')).not.toBeNull());
    const copy = await fromCopy('wiki.example');
    expect(copy).toMatchObject({ mode: 'off', showPartner: true, locked: expect.arrayContaining(['mode', 'showPartner']) });
    expect(copy).toEqual(await fromBackground('wiki.example'));
  });

  it('a copy that could not be written is taken away, so that pages ask the background', async () => {
    await start();
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY]).toBeDefined());
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await send({ type: 'set-site', hostname: 'wiki.example', mode: 'off' }, popup);
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get(SNAPSHOT_KEY))[SNAPSHOT_KEY]).toBeUndefined());
    expect(await fromCopy('wiki.example')).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('QUOTA_BYTES'));
  });
});

describe('retention', () => {
  it('waits after start, so that the message that woke the worker is answered first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = createMemoryStore();
      // The retention pass is the one write over these four stores together.
      const passes: string[][] = [];
      const write = store.write.bind(store);
      store.write = ((stores, fn) => {
        if (['daily', 'pages', 'views', 'rollup'].every((n) => stores.includes(n as never))) passes.push([...stores]);
        return write(stores, fn);
      }) as Store['write'];
      startBackground(fakeBrowser as unknown as BackgroundBrowser, { store, now: () => NOW, log });
      expect(await send({ type: 'get-stats', days: 7 }, popup)).toMatchObject({ ok: true });
      expect(passes).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(MAINTENANCE_DELAY_MS);
      expect(passes).toHaveLength(1);
      // Due again only a day later: more messages start no second pass.
      await send({ type: 'get-stats', days: 7 }, popup);
      await vi.advanceTimersByTimeAsync(MAINTENANCE_DELAY_MS);
      expect(passes).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
