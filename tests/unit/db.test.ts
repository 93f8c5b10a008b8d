import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '@/utils/data/idb-store';
import { createMemoryStore } from '@/utils/data/memory-store';
import { DB_VERSION, type DailyRecord } from '@/utils/data/schema';
import type { Store } from '@/utils/data/store';

const uniqueName = () => `test-${crypto.randomUUID()}`;

const row = (day: string, hostname: string, rule: string, seen = 1): DailyRecord => ({
  day,
  hostname,
  rule,
  level: 'flag',
  seen,
  quoted: 0,
  fixed: 0,
  dismissed: 0,
});

/**
 * Each earlier schema, built by hand exactly as that version shipped, with data in every store.
 * When DB_VERSION goes up, add the version that was current before it here.
 */
const EARLIER_VERSIONS: Record<number, (name: string) => Promise<void>> = {
  1: async (name) => {
    const db = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('sites', { keyPath: 'hostname' });
        const daily = d.createObjectStore('daily', { keyPath: ['day', 'hostname', 'rule'] });
        daily.createIndex('by-day', 'day');
        daily.createIndex('by-hostname', 'hostname');
        d.createObjectStore('pages', { keyPath: 'url' }).createIndex('by-last-seen', 'lastSeen');
        d.createObjectStore('views', { keyPath: 'viewId' }).createIndex('by-updated', 'updatedAt');
        d.createObjectStore('settings');
      },
    });
    await db.put('sites', { hostname: 'wiki.example', mode: 'off', ignored: ['internal customer'], updatedAt: 5 });
    await db.put('daily', row('2024-03-01', 'wiki.example', 'internal-customer', 7));
    await db.put('pages', { url: 'https://wiki.example/a', hostname: 'wiki.example', title: 'A', flagged: 2, firstSeen: 1, lastSeen: 2 });
    await db.put('settings', { defaultMode: 'listed', showPartner: true, worklist: true, retentionDays: 30, customRules: [], disabledRules: [] }, 'settings');
    db.close();
  },
  2: async (name) => {
    await EARLIER_VERSIONS[1]!(name);
    const db = await openDB(name, 2, {
      upgrade(d) {
        d.createObjectStore('rollup', { keyPath: 'day' });
      },
    });
    const totals = { seen: 7, partner: 0, quoted: 0, fixed: 0, dismissed: 0, resolved: 0 };
    await db.put('rollup', {
      day: '2024-03-01',
      rows: 1,
      totals,
      sites: [{ hostname: 'wiki.example', ...totals }],
      rules: [{ rule: 'internal-customer', level: 'flag', seen: 7, quoted: 0, fixed: 0, dismissed: 0 }],
    });
    db.close();
  },
  3: async (name) => {
    await EARLIER_VERSIONS[2]!(name);
    const db = await openDB(name, 3, {
      upgrade(d) {
        d.createObjectStore('audits');
      },
    });
    db.close();
  },
};

const stores: Store[] = [];
const track = (s: Store) => (stores.push(s), s);
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('migrations', () => {
  it('has a fixture for every earlier version', () => {
    for (let v = 1; v <= DB_VERSION; v++) expect(EARLIER_VERSIONS[v], `fixture for v${v}`).toBeTypeOf('function');
  });

  it.each(Object.keys(EARLIER_VERSIONS).map(Number))('opens a v%i database with its data intact', async (v) => {
    const name = uniqueName();
    await EARLIER_VERSIONS[v]!(name);
    const store = track(await openStore({ name }));
    expect(store.kind).toBe('indexeddb');
    const data = await store.read(['sites', 'daily', 'pages', 'settings'], async (tx) => ({
      site: await tx.get('sites', 'wiki.example'),
      daily: await tx.getAllFromIndex('daily', 'by-hostname', { only: 'wiki.example' }),
      page: await tx.get('pages', 'https://wiki.example/a'),
      settings: await tx.get('settings', 'settings'),
    }));
    expect(data.site?.mode).toBe('off');
    expect(data.daily.map((r) => r.seen)).toEqual([7]);
    expect(data.page?.flagged).toBe(2);
    expect(data.settings?.retentionDays).toBe(30);
    // The per-day roll-ups stand for the daily rows, whichever version the data came from.
    const rollups = await store.read(['rollup'], (tx) => tx.getAll('rollup'));
    expect(rollups.map((r) => [r.day, r.rows, r.totals.seen])).toEqual([['2024-03-01', 1, 7]]);
    const raw = await openDB(name);
    expect(raw.version).toBe(DB_VERSION);
    raw.close();
  });

  it('creates every store and index on a fresh install', async () => {
    const name = uniqueName();
    track(await openStore({ name })).close();
    const raw = await openDB(name);
    expect([...raw.objectStoreNames].sort()).toEqual(['audits', 'daily', 'pages', 'rollup', 'settings', 'sites', 'views']);
    expect([...raw.transaction('daily').store.indexNames].sort()).toEqual(['by-day', 'by-hostname']);
    raw.close();
  });

  it('closes on versionchange so that a newer version is not blocked', async () => {
    const name = uniqueName();
    const store = track(await openStore({ name }));
    await store.write(['daily'], (tx) => tx.put('daily', row('2024-01-01', 'a.example', 'r')));
    const blocked = vi.fn();
    const newer = await openDB(name, DB_VERSION + 1, { blocked });
    expect(blocked).not.toHaveBeenCalled();
    expect(await newer.count('daily')).toBe(1);
    newer.close();
  });
});

describe('memory fallback when IndexedDB is unavailable', () => {
  const unavailable: [string, () => void][] = [
    ['no indexedDB global', () => vi.stubGlobal('indexedDB', undefined)],
    [
      'open throws (Firefox private browsing)',
      () =>
        vi.stubGlobal('indexedDB', {
          open() {
            throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
          },
        }),
    ],
    [
      'open request fails',
      () =>
        vi.stubGlobal('indexedDB', {
          open() {
            const req = new EventTarget() as IDBOpenDBRequest & { error: DOMException };
            Object.assign(req, { error: new DOMException('denied', 'UnknownError') });
            queueMicrotask(() => req.dispatchEvent(new Event('error')));
            return req;
          },
        }),
    ],
  ];

  it.each(unavailable)('%s: counts for the session and says so', async (_label, makeUnavailable) => {
    makeUnavailable();
    const store = track(await openStore({ name: uniqueName() }));
    expect(store.kind).toBe('memory');
    await store.write(['daily'], (tx) => tx.put('daily', row('2024-01-01', 'a.example', 'r', 3)));
    expect((await store.read(['daily'], (tx) => tx.get('daily', ['2024-01-01', 'a.example', 'r'])))?.seen).toBe(3);
    const d = store.diagnostics();
    expect(d.storage).toBe('memory');
    expect(d.storageError).toBeTruthy();
    expect(d.notices).toEqual([{ code: 'session-only' }]);
  });
});

const backends: [string, () => Promise<Store>][] = [
  ['indexeddb', () => openStore({ name: uniqueName() })],
  ['memory', async () => createMemoryStore()],
];

describe.each(backends)('%s backend', (_label, open) => {
  it('writes all or nothing', async () => {
    const store = track(await open());
    await expect(
      store.write(['daily'], async (tx) => {
        await tx.put('daily', row('2024-01-01', 'a.example', 'r'));
        await tx.put('daily', row('2024-01-02', 'a.example', 'r'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.read(['daily'], (tx) => tx.count('daily'))).toBe(0);
    expect(store.diagnostics().lastWriteError).toMatch(/boom/);
  });

  it('queries indexes by range in key order', async () => {
    const store = track(await open());
    await store.write(['daily'], async (tx) => {
      for (const day of ['2024-01-03', '2024-01-01', '2024-01-02', '2024-01-04']) await tx.put('daily', row(day, 'a.example', 'r'));
      await tx.put('daily', row('2024-01-02', 'b.example', 'r'));
    });
    const days = await store.read(['daily'], (tx) => tx.getAllFromIndex('daily', 'by-day', { lower: '2024-01-02', upper: '2024-01-03' }));
    expect(days.map((r) => `${r.day} ${r.hostname}`)).toEqual(['2024-01-02 a.example', '2024-01-02 b.example', '2024-01-03 a.example']);
    const oldest = await store.read(['daily'], (tx) => tx.getKeysFromIndex('daily', 'by-day', { upper: '2024-01-02', upperOpen: true }));
    expect(oldest).toEqual([['2024-01-01', 'a.example', 'r']]);
  });
});

describe('corrupt records', () => {
  it('are skipped and counted once, never fatal', async () => {
    const name = uniqueName();
    const store = track(await openStore({ name }));
    const raw = await openDB(name, DB_VERSION);
    await raw.put('daily', row('2024-01-01', 'a.example', 'good', 2));
    await raw.put('daily', { ...row('2024-01-01', 'a.example', 'bad-count'), seen: 'many' } as never);
    await raw.put('daily', { ...row('2024-01-01', 'a.example', 'negative'), fixed: -1 } as never);
    await raw.put('daily', { ...row('2024-01-01', 'a.example', 'bad-level'), level: 'shout' } as never);
    await raw.put('sites', { hostname: 'x.example', mode: 'maybe', ignored: [], updatedAt: 1 } as never);
    raw.close();
    for (let i = 0; i < 2; i++) {
      const rows = await store.read(['daily'], (tx) => tx.getAll('daily'));
      expect(rows.map((r) => r.rule)).toEqual(['good']);
    }
    expect(await store.read(['sites'], (tx) => tx.get('sites', 'x.example'))).toBeUndefined();
    const d = store.diagnostics();
    expect(d.corruptRecords).toBe(4);
    expect(d.notices).toEqual([{ code: 'corrupt', records: 4 }]);
  });
});

describe('QuotaExceededError', () => {
  /** Makes the next `times` puts abort their transaction the way a full disk does. */
  function failPuts(times: number) {
    let left = times;
    const proto = IDBObjectStore.prototype as IDBObjectStore & { put: IDBObjectStore['put'] };
    const original = proto.put;
    vi.spyOn(proto, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const req = original.apply(this, args);
      if (left > 0) {
        left--;
        // fake-indexeddb's internal abort with an error name, as a real quota failure sets it.
        (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      }
      return req;
    });
  }

  async function filled(days: number): Promise<Store> {
    const store = track(await openStore({ name: uniqueName() }));
    await store.write(['daily'], async (tx) => {
      for (let d = 1; d <= days; d++) await tx.put('daily', row(`2024-01-${String(d).padStart(2, '0')}`, 'a.example', 'r'));
    });
    return store;
  }

  it('prunes the oldest daily rows, retries once, and says so', async () => {
    const store = await filled(20);
    failPuts(1);
    await store.write(['daily'], async (tx) => {
      await tx.put('daily', row('2024-02-01', 'a.example', 'r', 5));
      await tx.put('daily', row('2024-02-01', 'b.example', 'r', 6));
    });
    const rows = await store.read(['daily'], (tx) => tx.getAllFromIndex('daily', 'by-day'));
    expect(rows.map((r) => r.day)).not.toContain('2024-01-01');
    expect(rows.map((r) => r.day)).not.toContain('2024-01-02');
    expect(rows.map((r) => r.day)).toContain('2024-01-03');
    expect(rows.filter((r) => r.day === '2024-02-01').map((r) => r.seen)).toEqual([5, 6]);
    const d = store.diagnostics();
    expect(d.quotaPrunes).toBe(1);
    expect(d.quotaPrunedRows).toBe(2);
    expect(d.lastWriteError).toBeUndefined();
    expect(d.notices).toEqual([{ code: 'quota-pruned', rows: 2 }]);
  });

  it('fails after one retry without a half-written batch', async () => {
    const store = await filled(10);
    failPuts(2);
    await expect(
      store.write(['daily'], async (tx) => {
        await tx.put('daily', row('2024-02-01', 'a.example', 'r', 5));
        await tx.put('daily', row('2024-02-01', 'b.example', 'r', 6));
      }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const rows = await store.read(['daily'], (tx) => tx.getAll('daily'));
    expect(rows.filter((r) => r.day === '2024-02-01')).toEqual([]);
    expect(rows).toHaveLength(9);
    expect(store.diagnostics().lastWriteError).toMatch(/QuotaExceededError/);
  });
});
