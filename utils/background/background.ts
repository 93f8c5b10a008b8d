// The background's message router: every runtime message is validated (shape and sender), then
// dispatched to prefs / counts, and answered with a `Reply`. It also keeps the per-tab badge,
// tells tabs when preferences change and turns keyboard commands into `navigate` messages.
// The browser is passed in (structurally typed) so tests can hand it `fakeBrowser`.
import { applyReport } from '@/utils/data/apply';
import { openStore } from '@/utils/data/idb-store';
import { clearWorklist, pruneExpired, resetCounts } from '@/utils/data/retention';
import { DAY_MS } from '@/utils/data/schema';
import { getStats } from '@/utils/data/stats';
import type { Store } from '@/utils/data/store';
import { exportData, importData } from '@/utils/data/transfer';
import { getOrgAudit, putOrgAudit, removeOrgAudit } from '@/utils/data/org-audit';
import { parseAuditReport } from '@/utils/audit/import';
import type { Reply, ReplyMap, RuntimeMessage, TabMessage } from '@/utils/protocol/messages';
import type { Diagnostics } from '@/utils/protocol/model';
import { noticeText } from './notices';
import { createPrefs, type ManagedSource, type Prefs } from '@/utils/data/prefs';
import { validateMessage, type SenderLike } from './validate-message';
import { isSnapshotKey, SNAPSHOT_KEY, snapshotEntries } from '@/utils/protocol/prefs-snapshot';

interface BadgeApi {
  setBadgeText(details: { tabId?: number; text: string }): Promise<void> | void;
}
interface ListenerEvent<F> {
  addListener(listener: F): void;
}

/** The slice of the WebExtension API the background uses. */
export interface BackgroundBrowser {
  runtime: {
    id?: string;
    getURL(path: string): string;
    onMessage: ListenerEvent<(message: unknown, sender: SenderLike) => Promise<unknown> | undefined | void>;
    onStartup?: ListenerEvent<() => void>;
  };
  tabs: {
    query(info: { active?: boolean; currentWindow?: boolean }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: TabMessage): Promise<unknown>;
    onRemoved: ListenerEvent<(tabId: number) => void>;
    onUpdated: ListenerEvent<(tabId: number, changeInfo: { status?: string; url?: string }) => void>;
  };
  action?: BadgeApi;
  browserAction?: BadgeApi;
  /** Where the copy of the preferences that content scripts start from is kept (utils/protocol/prefs-snapshot). */
  storage?: {
    local: {
      get(keys: null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string[]): Promise<void>;
    };
  };
  commands?: { onCommand: ListenerEvent<(command: string) => void> };
}

export interface BackgroundOptions {
  /** The store, or a promise of it; default: `openStore()` (IndexedDB or the memory fallback). */
  store?: Store | Promise<Store>;
  now?: () => number;
  /** Organisation policy seam (another issue). */
  managed?: ManagedSource;
  log?: (line: string) => void;
}

export interface Background {
  handleMessage(message: unknown, sender: SenderLike): Promise<Reply<unknown>>;
  handleCommand(command: string): Promise<void>;
  handleTabRemoved(tabId: number): void;
  handleTabUpdated(tabId: number, changeInfo: { status?: string; url?: string }): void;
  /** Retention: runs at start, then at most once a day (piggybacking on messages; no alarms permission). */
  maintain(): Promise<void>;
  /** Retention in MAINTENANCE_DELAY_MS, unless it is on its way already. */
  maintainSoon(): void;
  diagnostics(): Promise<Diagnostics>;
  /** The badge number the background holds for a tab (sum over its frames). */
  badgeCount(tabId: number): number;
  /** Tells every tab to fetch its preferences again (e.g. after the organisation policy changed). */
  prefsChanged(): Promise<void>;
  /** Brings the copy of the preferences in `storage.local` up to date (at start, and before tabs are told of a change). */
  publishPrefs(): Promise<void>;
}

/**
 * How long retention waits after the worker starts, or after a message finds it due. The message
 * that woke the worker comes first: retention is a read-write pass over the figures, and the
 * popup's first figures (read from the same stores) would wait for it.
 */
export const MAINTENANCE_DELAY_MS = 5_000;

const COMMANDS: Record<string, 'next' | 'previous'> = { 'next-phrase': 'next', 'previous-phrase': 'previous' };

export function createBackground(browser: BackgroundBrowser, options: BackgroundOptions = {}): Background {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(`[partner-lens] ${line}`));
  const storeReady = Promise.resolve(options.store ?? openStore({ now }));
  let prefsReady: Promise<Prefs> | undefined;
  const prefs = () => (prefsReady ??= storeReady.then((s) => createPrefs(s, { managed: options.managed, now })));
  const origin = browser.runtime.getURL('/');
  const badgeApi = browser.action ?? browser.browserAction;

  let rejected = 0;
  let lastRejection: string | undefined;
  let lastMaintenance = 0;
  let maintaining: Promise<void> | undefined;
  /** tabId → frameId → flaggedNow: a tab's badge is the sum over its frames. */
  const flagged = new Map<number, Map<number, number>>();

  const badgeCount = (tabId: number) => [...(flagged.get(tabId)?.values() ?? [])].reduce((a, b) => a + b, 0);

  async function paintBadge(tabId: number): Promise<void> {
    const n = badgeCount(tabId);
    try {
      await badgeApi?.setBadgeText({ tabId, text: n > 0 ? String(n) : '' });
    } catch {
      // the tab may have closed meanwhile
    }
  }

  let publishing: Promise<void> = Promise.resolve();
  /** One write at a time, each from the store as it is then: the last one leaves the copy right. */
  function publishPrefs(): Promise<void> {
    const local = browser.storage?.local;
    if (!local) return publishing;
    publishing = publishing.then(async () => {
      try {
        const store = await storeReady;
        const p = await prefs();
        const [settings, policy, sites] = await Promise.all([
          p.getSettings(),
          options.managed?.(),
          store.read(['sites'], (tx) => tx.getAll('sites')),
        ]);
        const entries = snapshotEntries(settings, policy?.sites, sites);
        const current = await local.get(null);
        // Only what differs is written: the service worker publishes at every start.
        const changed = Object.entries(entries).filter(([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v));
        const stale = Object.keys(current).filter((k) => isSnapshotKey(k) && !(k in entries));
        if (changed.length) await local.set(Object.fromEntries(changed));
        if (stale.length) await local.remove(stale);
      } catch (e) {
        log(`the copy of the preferences could not be written: ${String(e)}`);
        // A copy that may be stale must not be read: pages then ask the background.
        await local.remove([SNAPSHOT_KEY]).catch(() => undefined);
      }
    });
    return publishing;
  }

  async function broadcastPrefsChanged(): Promise<void> {
    // The copy first: a page that starts between the two reads the new preferences.
    await publishPrefs();
    const tabs = await browser.tabs.query({});
    await Promise.all(
      tabs.map((t) =>
        t.id === undefined
          ? undefined
          : browser.tabs.sendMessage(t.id, { type: 'prefs-changed' }).catch(() => {
              // no content script in that tab (browser pages, not yet loaded): nothing to tell
            }),
      ),
    );
  }

  let maintenanceTimer: ReturnType<typeof setTimeout> | undefined;
  function maintainSoon(): void {
    if (maintenanceTimer !== undefined || maintaining) return;
    maintenanceTimer = setTimeout(() => {
      maintenanceTimer = undefined;
      void maintain();
    }, MAINTENANCE_DELAY_MS);
  }

  function maintain(): Promise<void> {
    maintaining ??= (async () => {
      try {
        const [store, settings] = await Promise.all([storeReady, prefs().then((p) => p.getSettings())]);
        await pruneExpired(store, now(), settings.retentionDays);
        lastMaintenance = now();
      } catch (e) {
        log(`retention pass failed: ${String(e)}`);
      } finally {
        maintaining = undefined;
      }
    })();
    return maintaining;
  }

  async function dispatch(message: RuntimeMessage, hostname: string, tabId: number | undefined, frameId: number): Promise<unknown> {
    const store = await storeReady;
    const p = await prefs();
    switch (message.type) {
      case 'report': {
        // The badge follows the page even if storage fails.
        if (tabId !== undefined) {
          let frames = flagged.get(tabId);
          if (!frames) flagged.set(tabId, (frames = new Map()));
          frames.set(frameId, message.flaggedNow);
          await paintBadge(tabId);
        }
        const settings = await p.getSettings();
        await applyReport(store, message, { now: now(), worklist: settings.worklist });
        return { flaggedNow: message.flaggedNow } satisfies ReplyMap['report'];
      }
      case 'get-prefs':
        return p.getEffectivePrefs(hostname);
      case 'ignore-phrase': {
        await p.ignorePhrase(hostname, message.phrase);
        void broadcastPrefsChanged();
        return p.getEffectivePrefs(hostname);
      }
      case 'get-stats': {
        const settings = await p.getSettings();
        return getStats(store, message.days, { now: now(), worklist: settings.worklist });
      }
      case 'get-site':
        return p.getSite(message.hostname);
      case 'set-site': {
        const { hostname: host, mode, showPartner, ignored } = message;
        const site = await p.setSite(host, {
          ...(mode !== undefined ? { mode } : {}),
          ...(showPartner !== undefined ? { showPartner } : {}),
          ...(ignored !== undefined ? { ignored } : {}),
        });
        void broadcastPrefsChanged();
        return site;
      }
      case 'remove-site':
        await p.removeSite(message.hostname);
        void broadcastPrefsChanged();
        return null;
      case 'get-settings':
        return p.getSettings();
      case 'set-settings': {
        const settings = await p.setSettings(message.settings);
        void broadcastPrefsChanged();
        return settings;
      }
      case 'export':
        return exportData(store, message.format, message.includeWorklist, now());
      case 'import': {
        const settings = await p.getSettings();
        return importData(store, message.data, { now: now(), retentionDays: settings.retentionDays, worklist: settings.worklist });
      }
      case 'import-audit': {
        const result = parseAuditReport(message.data, now());
        if ('imported' in result) await putOrgAudit(store, result.imported);
        return result;
      }
      case 'get-audit':
        return getOrgAudit(store);
      case 'remove-audit':
        await removeOrgAudit(store);
        return null;
      case 'clear-worklist':
        await clearWorklist(store);
        return null;
      case 'reset':
        await resetCounts(store);
        return null;
      case 'get-diagnostics':
        return diagnostics();
      case 'get-site-mode': {
        const effective = await p.getEffectivePrefs(message.hostname);
        return { mode: effective.mode, locked: effective.locked?.includes('mode') ?? false };
      }
      case 'list-sites': {
        const sites = await store.read(['sites'], (tx) => tx.getAll('sites'));
        return sites.sort((a, b) => a.hostname.localeCompare(b.hostname));
      }
    }
  }

  async function diagnostics(): Promise<Diagnostics> {
    const d = (await storeReady).diagnostics();
    return {
      ...d,
      notices: d.notices.map(noticeText),
      rejectedMessages: rejected,
      ...(lastRejection ? { lastRejection } : {}),
    };
  }

  async function handleMessage(input: unknown, sender: SenderLike): Promise<Reply<unknown>> {
    const checked = validateMessage(input, sender, origin, browser.runtime.id);
    if (!checked.ok) {
      rejected++;
      lastRejection = checked.reason;
      log(`refused message: ${checked.reason}`);
      return { ok: false, error: checked.reason };
    }
    if (now() - lastMaintenance > DAY_MS) maintainSoon();
    try {
      const hostname = checked.role === 'content' ? checked.hostname : '';
      const tabId = checked.role === 'content' ? checked.tabId : undefined;
      const value = await dispatch(checked.message, hostname, tabId, sender.frameId ?? 0);
      return { ok: true, value };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(`${checked.message.type} failed: ${error}`);
      return { ok: false, error };
    }
  }

  async function handleCommand(command: string): Promise<void> {
    const direction = COMMANDS[command];
    if (!direction) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    await browser.tabs.sendMessage(tab.id, { type: 'navigate', direction }).catch(() => {
      // the active tab has no content script (a browser page): nothing to navigate
    });
  }

  return {
    handleMessage,
    handleCommand,
    handleTabRemoved(tabId) {
      flagged.delete(tabId);
    },
    handleTabUpdated(tabId, changeInfo) {
      // A new document is loading: its content script reports afresh. Without the "tabs"
      // permission the browser leaves `url` out of changeInfo, so the status alone decides.
      if (changeInfo.status === 'loading') {
        flagged.delete(tabId);
      }
    },
    maintain,
    maintainSoon,
    diagnostics,
    badgeCount,
    prefsChanged: broadcastPrefsChanged,
    publishPrefs,
  };
}

/** Registers the listeners; the only thing entrypoints/background.ts calls. */
export function startBackground(browser: BackgroundBrowser, options: BackgroundOptions = {}): Background {
  const bg = createBackground(browser, options);
  browser.runtime.onMessage.addListener((message, sender) => bg.handleMessage(message, sender));
  browser.tabs.onRemoved.addListener((tabId) => bg.handleTabRemoved(tabId));
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => bg.handleTabUpdated(tabId, changeInfo));
  browser.commands?.onCommand.addListener((command) => void bg.handleCommand(command));
  bg.maintainSoon();
  void bg.publishPrefs();
  return bg;
}
