// The one database module. Everything that persists goes through a `Store`: IndexedDB (via idb)
// when it opens, an in-memory twin with the same interface when it does not (Firefox private
// browsing refuses IndexedDB to extensions), so callers never branch on the backend.
//
// Transactions: `read`/`write` hand a `Tx` to a callback that must await only `Tx` calls, so the
// IndexedDB transaction never auto-commits half-way. A write is all or nothing on both backends.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { t } from '@/utils/i18n/i18n';
import type { Diagnostics, Settings, SiteInfo, StatsTotals } from '@/utils/protocol/messages';
import { rollupsOf } from './rollup';
import type { Level } from '@/utils/engine/types';

export const DB_NAME = 'partner-lens';
export const DB_VERSION = 2;

/** The `daily` row that carries resolved-page counts; not a rule (rule ids never start with '#'). */
export const PAGES_ROW = '#pages';

export type SiteRecord = SiteInfo;

export interface DailyRecord {
  day: string;
  hostname: string;
  rule: string;
  /** The rule's level when counted; absent on the PAGES_ROW row. */
  level?: Level;
  seen: number;
  quoted: number;
  fixed: number;
  dismissed: number;
  /** Pages resolved; only on the PAGES_ROW row. */
  resolved?: number;
}

export interface PageRecord {
  url: string;
  hostname: string;
  title: string;
  flagged: number;
  firstSeen: number;
  lastSeen: number;
  resolvedAt?: number;
}

export interface ViewTally {
  rule: string;
  level: Level;
  seen: number;
  quoted: number;
}

/** What has already been counted for one page view: the high-water marks and event ids. */
export interface ViewRecord {
  viewId: string;
  hostname: string;
  url: string;
  tallies: ViewTally[];
  eventIds: string[];
  /** The view has shown flagged phrases at some point. */
  hadFlagged: boolean;
  /** A resolution has been counted for this view (at most one). */
  resolvedCounted: boolean;
  updatedAt: number;
}

export type DailyKey = [day: string, hostname: string, rule: string];

export type RollupSite = StatsTotals & { hostname: string };
export interface RollupRecord {
  day: string;
  /** How many `daily` rows the day has: a roll-up that disagrees with the rows is not used. */
  rows: number;
  /** The sum of the day's `daily` rows, as the statistics add them. */
  totals: StatsTotals;
  /** One entry per site with a row that day. */
  sites: RollupSite[];
  /** One entry per rule with a row that day; `level` from the first row (key order). */
  rules: RollupRule[];
}
export interface RollupRule {
  rule: string;
  level: Level;
  seen: number;
  quoted: number;
  fixed: number;
  dismissed: number;
}

export interface PartnerLensSchema extends DBSchema {
  sites: { key: string; value: SiteRecord };
  daily: { key: DailyKey; value: DailyRecord; indexes: { 'by-day': string; 'by-hostname': string } };
  pages: { key: string; value: PageRecord; indexes: { 'by-last-seen': number } };
  views: { key: string; value: ViewRecord; indexes: { 'by-updated': number } };
  settings: { key: string; value: Settings };
  rollup: { key: string; value: RollupRecord };
}

export type StoreName = 'sites' | 'daily' | 'pages' | 'views' | 'settings' | 'rollup';
export const STORE_NAMES: readonly StoreName[] = ['sites', 'daily', 'pages', 'views', 'settings', 'rollup'];

export interface RecordOf {
  sites: SiteRecord;
  daily: DailyRecord;
  pages: PageRecord;
  views: ViewRecord;
  settings: Settings;
  rollup: RollupRecord;
}
export interface KeyOf {
  sites: string;
  daily: DailyKey;
  pages: string;
  views: string;
  settings: string;
  rollup: string;
}
export interface IndexOf {
  sites: never;
  daily: 'by-day' | 'by-hostname';
  pages: 'by-last-seen';
  views: 'by-updated';
  settings: never;
  rollup: never;
}
export type IndexedStore = 'daily' | 'pages' | 'views';

/** Inline key paths and index key paths, shared by the schema and the memory twin. */
const KEY_PATHS: Record<StoreName, string | string[] | null> = {
  sites: 'hostname',
  daily: ['day', 'hostname', 'rule'],
  pages: 'url',
  views: 'viewId',
  settings: null,
  rollup: 'day',
};
const INDEX_FIELDS: Record<IndexedStore, Record<string, string>> = {
  daily: { 'by-day': 'day', 'by-hostname': 'hostname' },
  pages: { 'by-last-seen': 'lastSeen' },
  views: { 'by-updated': 'updatedAt' },
};

export type IndexKey = string | number;
/** A key range over an index: exact value, or bounds (inclusive unless marked open). */
export type Range =
  | { only: IndexKey }
  | { lower?: IndexKey; upper?: IndexKey; lowerOpen?: boolean; upperOpen?: boolean };

/**
 * A bound on a primary key. Compound keys may be cut short or end in `[]`, which IndexedDB orders
 * after every string: `[day]` … `[day, []]` spans all of one day's `daily` rows.
 */
export type KeyBound = string | number | KeyBound[];

export interface Tx {
  get<S extends StoreName>(store: S, key: KeyOf[S]): Promise<RecordOf[S] | undefined>;
  getAll<S extends StoreName>(store: S): Promise<RecordOf[S][]>;
  /** Records whose primary key lies in [lower, upper] (inclusive), in key order. */
  getAllInKeyRange<S extends StoreName>(store: S, lower: KeyBound, upper: KeyBound, count?: number): Promise<RecordOf[S][]>;
  getAllFromIndex<S extends IndexedStore>(store: S, index: IndexOf[S], range?: Range, count?: number): Promise<RecordOf[S][]>;
  /** Primary keys in index order (oldest first for the date indexes). */
  getKeysFromIndex<S extends IndexedStore>(store: S, index: IndexOf[S], range?: Range, count?: number): Promise<KeyOf[S][]>;
  /** `key` only for the out-of-line `settings` store. */
  put<S extends StoreName>(store: S, value: RecordOf[S], key?: KeyOf[S]): Promise<void>;
  delete<S extends StoreName>(store: S, key: KeyOf[S]): Promise<void>;
  clear(store: StoreName): Promise<void>;
  count(store: StoreName): Promise<number>;
  countFromIndex<S extends IndexedStore>(store: S, index: IndexOf[S], range?: Range): Promise<number>;
}

export interface Store {
  readonly kind: 'indexeddb' | 'memory';
  read<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** All or nothing. On QuotaExceededError: drops the oldest daily rows and retries once. */
  write<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T>;
  diagnostics(): Diagnostics;
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Record guards: a record that fails is skipped and counted, never trusted and never fatal.

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isLevel = (v: unknown): v is Level => v === 'flag' || v === 'hint' || v === 'partner';
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDailyRecord(v: unknown): v is DailyRecord {
  return (
    isObj(v) && isStr(v.day) && DAY_RE.test(v.day) && isStr(v.hostname) && isStr(v.rule) && v.rule !== '' &&
    (v.level === undefined || isLevel(v.level)) &&
    isCount(v.seen) && isCount(v.quoted) && isCount(v.fixed) && isCount(v.dismissed) &&
    (v.resolved === undefined || isCount(v.resolved))
  );
}
export function isPageRecord(v: unknown): v is PageRecord {
  return (
    isObj(v) && isStr(v.url) && isStr(v.hostname) && isStr(v.title) && isCount(v.flagged) &&
    isTime(v.firstSeen) && isTime(v.lastSeen) && (v.resolvedAt === undefined || isTime(v.resolvedAt))
  );
}
export function isSiteRecord(v: unknown): v is SiteRecord {
  return (
    isObj(v) && isStr(v.hostname) && (v.mode === 'highlight' || v.mode === 'off') &&
    (v.showPartner === undefined || typeof v.showPartner === 'boolean') &&
    Array.isArray(v.ignored) && v.ignored.every(isStr) && isTime(v.updatedAt)
  );
}
const isTotals = (v: unknown): v is StatsTotals =>
  isObj(v) && isNum(v.seen) && isNum(v.partner) && isNum(v.quoted) && isNum(v.fixed) && isNum(v.dismissed) && isNum(v.resolved);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function isRollupRecord(v: unknown): v is RollupRecord {
  return (
    isObj(v) && isStr(v.day) && DAY_RE.test(v.day) && isCount(v.rows) && isTotals(v.totals) &&
    Array.isArray(v.sites) && v.sites.every((s) => isTotals(s) && isStr((s as { hostname?: unknown }).hostname)) &&
    Array.isArray(v.rules) &&
    v.rules.every((r) => isObj(r) && isStr(r.rule) && isLevel(r.level) && isNum(r.seen) && isNum(r.quoted) && isNum(r.fixed) && isNum(r.dismissed))
  );
}
function isViewRecord(v: unknown): v is ViewRecord {
  return (
    isObj(v) && isStr(v.viewId) && isStr(v.hostname) && isStr(v.url) && isTime(v.updatedAt) &&
    typeof v.hadFlagged === 'boolean' && typeof v.resolvedCounted === 'boolean' &&
    Array.isArray(v.eventIds) && v.eventIds.every(isStr) &&
    Array.isArray(v.tallies) &&
    v.tallies.every((t) => isObj(t) && isStr(t.rule) && isLevel(t.level) && isCount(t.seen) && isCount(t.quoted))
  );
}
const GUARDS: Record<StoreName, (v: unknown) => boolean> = {
  sites: isSiteRecord,
  daily: isDailyRecord,
  pages: isPageRecord,
  views: isViewRecord,
  // Settings are sanitised field by field in prefs.ts; only a non-object is unusable.
  settings: isObj,
  rollup: isRollupRecord,
};

// ---------------------------------------------------------------------------------------------
// Shared bookkeeping for diagnostics.

class Health {
  private corrupt = new Map<StoreName, Set<string>>();
  quotaPrunes = 0;
  quotaPrunedRows = 0;
  lastWriteError: string | undefined;

  constructor(
    readonly storage: 'indexeddb' | 'memory',
    readonly storageError?: string,
  ) {}

  /** Keeps the valid records; remembers the others by key so re-reading does not recount. */
  filter<S extends StoreName>(store: S, values: unknown[]): RecordOf[S][] {
    const guard = GUARDS[store];
    const out: RecordOf[S][] = [];
    for (const v of values) {
      if (guard(v)) out.push(v as RecordOf[S]);
      else this.markCorrupt(store, v);
    }
    return out;
  }

  markCorrupt(store: StoreName, v: unknown): void {
    let set = this.corrupt.get(store);
    if (!set) this.corrupt.set(store, (set = new Set()));
    const path = KEY_PATHS[store];
    let id: string;
    try {
      id = isObj(v) && path !== null ? JSON.stringify(Array.isArray(path) ? path.map((p) => v[p]) : v[path]) : JSON.stringify(v);
    } catch {
      id = String(set.size);
    }
    set.add(id ?? String(set.size));
  }

  snapshot(): Diagnostics {
    let corruptRecords = 0;
    for (const s of this.corrupt.values()) corruptRecords += s.size;
    const notices: string[] = [];
    if (this.storage === 'memory') {
      notices.push(t('noticeSessionOnly'));
    }
    if (this.quotaPrunes > 0) {
      notices.push(t('noticeQuotaPruned', String(this.quotaPrunedRows)));
    }
    if (this.lastWriteError) notices.push(t('noticeWriteFailed', this.lastWriteError));
    if (corruptRecords > 0) notices.push(t('noticeCorrupt', String(corruptRecords)));
    return {
      storage: this.storage,
      ...(this.storageError ? { storageError: this.storageError } : {}),
      corruptRecords,
      quotaPrunes: this.quotaPrunes,
      quotaPrunedRows: this.quotaPrunedRows,
      ...(this.lastWriteError ? { lastWriteError: this.lastWriteError } : {}),
      rejectedMessages: 0,
      notices,
    };
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)) {
    return `${e.name}: ${e.message}`.slice(0, 300);
  }
  return String(e).slice(0, 300);
}

export function isQuotaError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'QuotaExceededError';
}

/** Fraction of daily rows dropped when the quota is exceeded. */
const QUOTA_PRUNE_FRACTION = 0.1;

/** Drops the oldest tenth of the daily rows (at least one) and views older than a day. */
async function pruneForQuota(tx: Tx, now: number): Promise<number> {
  const total = await tx.count('daily');
  const n = Math.max(1, Math.ceil(total * QUOTA_PRUNE_FRACTION));
  const keys = total > 0 ? await tx.getKeysFromIndex('daily', 'by-day', undefined, n) : [];
  for (const k of keys) await tx.delete('daily', k);
  if (keys.length > 0) await rebuildRollups(tx, keys[0]![0], keys.at(-1)![0]);
  const oldViews = await tx.getKeysFromIndex('views', 'by-updated', { upper: now - DAY_MS });
  for (const k of oldViews) await tx.delete('views', k);
  return keys.length;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Rewrites the roll-ups of the days `first`…`last` from their `daily` rows (after a bulk change).
 * `rows`: all of those days' rows in key order, when the caller has them already.
 */
export async function rebuildRollups(tx: Tx, first: string, last: string, rows?: DailyRecord[]): Promise<void> {
  rows ??= await tx.getAllInKeyRange('daily', [first], [last, []]);
  const fresh = new Map(rollupsOf(rows).map((r) => [r.day, r]));
  const writes: Promise<void>[] = [];
  for (const old of await tx.getAllInKeyRange('rollup', first, last)) {
    if (!fresh.has(old.day)) writes.push(tx.delete('rollup', old.day));
  }
  for (const r of fresh.values()) writes.push(tx.put('rollup', r));
  await Promise.all(writes);
}

/** Runs a write; on a quota failure prunes and retries once. Shared by both backends. */
async function writeWithQuotaRetry<T>(
  health: Health,
  attempt: <R>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<R>) => Promise<R>,
  stores: readonly StoreName[],
  fn: (tx: Tx) => Promise<T>,
  now: () => number,
): Promise<T> {
  try {
    const result = await attempt(stores, fn);
    health.lastWriteError = undefined;
    return result;
  } catch (e) {
    if (!isQuotaError(e)) {
      health.lastWriteError = errorText(e);
      throw e;
    }
  }
  try {
    const dropped = await attempt(['daily', 'views', 'rollup'], (tx) => pruneForQuota(tx, now()));
    health.quotaPrunes += 1;
    health.quotaPrunedRows += dropped;
    const result = await attempt(stores, fn);
    health.lastWriteError = undefined;
    return result;
  } catch (e) {
    health.lastWriteError = errorText(e);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// IndexedDB backend.

/**
 * The migration ladder. Each step runs once, in order, from whatever version the user has;
 * steps add or reshape, never delete a store that holds a user's data.
 */
export function upgradeSchema(
  db: IDBPDatabase<PartnerLensSchema>,
  oldVersion: number,
  tx: IDBPTransaction<PartnerLensSchema, StoreName[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    db.createObjectStore('sites', { keyPath: 'hostname' });
    const daily = db.createObjectStore('daily', { keyPath: ['day', 'hostname', 'rule'] });
    daily.createIndex('by-day', 'day');
    daily.createIndex('by-hostname', 'hostname');
    db.createObjectStore('pages', { keyPath: 'url' }).createIndex('by-last-seen', 'lastSeen');
    db.createObjectStore('views', { keyPath: 'viewId' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // Per-day roll-ups of `daily`, built from the rows already there.
    const rollup = db.createObjectStore('rollup', { keyPath: 'day' });
    if (oldVersion >= 1) {
      void tx
        .objectStore('daily')
        .getAll()
        .then((rows) => {
          for (const r of rollupsOf(rows.filter(isDailyRecord))) void rollup.put(r).catch(() => undefined);
        })
        // A failure aborts the upgrade, and the open reports it.
        .catch(() => undefined);
    }
  }
  // if (oldVersion < 3) { … }  — the next step goes here, reading and rewriting through tx.
}

function toIdbRange(r: Range | undefined): IDBKeyRange | undefined {
  if (!r) return undefined;
  if ('only' in r) return IDBKeyRange.only(r.only);
  const { lower, upper, lowerOpen = false, upperOpen = false } = r;
  if (lower !== undefined && upper !== undefined) return IDBKeyRange.bound(lower, upper, lowerOpen, upperOpen);
  if (lower !== undefined) return IDBKeyRange.lowerBound(lower, lowerOpen);
  if (upper !== undefined) return IDBKeyRange.upperBound(upper, upperOpen);
  return undefined;
}

// idb's generics cannot follow a store name chosen at run time; this is the one loosely typed seam.
type LooseTx = IDBPTransaction<PartnerLensSchema, StoreName[], IDBTransactionMode>;
type LooseStore = {
  get(key: unknown): Promise<unknown>;
  getAll(range?: IDBKeyRange, count?: number): Promise<unknown[]>;
  put(value: unknown, key?: unknown): Promise<unknown>;
  delete(key: unknown): Promise<void>;
  clear(): Promise<void>;
  count(): Promise<number>;
  index(name: string): {
    getAll(range?: IDBKeyRange, count?: number): Promise<unknown[]>;
    getAllKeys(range?: IDBKeyRange, count?: number): Promise<unknown[]>;
    count(range?: IDBKeyRange): Promise<number>;
  };
};

function idbTx(tx: LooseTx, health: Health): Tx {
  const os = (s: StoreName) => tx.objectStore(s) as unknown as LooseStore;
  return {
    async get(store, key) {
      const v = await os(store).get(key);
      if (v === undefined) return undefined;
      return health.filter(store, [v])[0];
    },
    async getAll(store) {
      return health.filter(store, await os(store).getAll());
    },
    async getAllInKeyRange(store, lower, upper, count) {
      return health.filter(store, await os(store).getAll(IDBKeyRange.bound(lower, upper), count));
    },
    async getAllFromIndex(store, index, range, count) {
      return health.filter(store, await os(store).index(index).getAll(toIdbRange(range), count));
    },
    async getKeysFromIndex(store, index, range, count) {
      return (await os(store).index(index).getAllKeys(toIdbRange(range), count)) as never[];
    },
    async put(store, value, key) {
      await (key === undefined ? os(store).put(value) : os(store).put(value, key));
    },
    async delete(store, key) {
      await os(store).delete(key);
    },
    async clear(store) {
      await os(store).clear();
    },
    async count(store) {
      return os(store).count();
    },
    async countFromIndex(store, index, range) {
      return os(store).index(index).count(toIdbRange(range));
    },
  };
}

class IdbStore implements Store {
  readonly kind = 'indexeddb';
  private db: IDBPDatabase<PartnerLensSchema> | undefined;
  private opening: Promise<IDBPDatabase<PartnerLensSchema>> | undefined;

  constructor(
    private readonly name: string,
    first: IDBPDatabase<PartnerLensSchema>,
    private readonly health: Health,
    private readonly now: () => number,
  ) {
    this.adopt(first);
  }

  private adopt(db: IDBPDatabase<PartnerLensSchema>): void {
    this.db = db;
  }

  /** Reopens after `blocking` closed the connection (a newer version was opened elsewhere). */
  private async connection(): Promise<IDBPDatabase<PartnerLensSchema>> {
    if (this.db) return this.db;
    this.opening ??= openPartnerLensDb(this.name, {
      onBlocking: () => this.dropConnection(),
    }).finally(() => (this.opening = undefined));
    this.adopt(await this.opening);
    return this.db!;
  }

  dropConnection(): void {
    this.db?.close();
    this.db = undefined;
  }

  private async attempt<T>(stores: readonly StoreName[], mode: IDBTransactionMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const db = await this.connection();
    const tx = db.transaction([...stores], mode) as unknown as LooseTx;
    // Observe `done` at once so an abort is never an unhandled rejection.
    const done = tx.done.then(
      () => null,
      (e: unknown) => e ?? tx.error ?? new DOMException('Transaction aborted', 'AbortError'),
    );
    let result: T;
    try {
      result = await fn(idbTx(tx, this.health));
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      const txError = await done;
      // A quota abort surfaces as AbortError on the request and the real cause on the transaction.
      throw isQuotaError(txError) ? txError : e;
    }
    const txError = await done;
    if (txError) throw txError;
    return result;
  }

  read<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.attempt(stores, 'readonly', fn);
  }

  write<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return writeWithQuotaRetry(this.health, (s, f) => this.attempt(s, 'readwrite', f), stores, fn, this.now);
  }

  diagnostics(): Diagnostics {
    return this.health.snapshot();
  }

  close(): void {
    this.dropConnection();
  }
}

function openPartnerLensDb(name: string, opts: { onBlocking: () => void }): Promise<IDBPDatabase<PartnerLensSchema>> {
  return openDB<PartnerLensSchema>(name, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgradeSchema(db, oldVersion, tx),
    // An open popup or an older service worker must not hold up a newer version's upgrade.
    blocking: (_current, _blocked, event) => {
      (event.target as IDBDatabase).close();
      opts.onBlocking();
    },
    terminated: () => opts.onBlocking(),
  });
}

// ---------------------------------------------------------------------------------------------
// In-memory backend: same interface, same atomicity (undo log), writes serialised like IDB's.

type MemKey = string | number | MemKey[];

function compareKeys(a: MemKey, b: MemKey): number {
  const rank = (k: MemKey) => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function inRange(k: IndexKey, r: Range | undefined): boolean {
  if (!r) return true;
  if ('only' in r) return compareKeys(k, r.only) === 0;
  if (r.lower !== undefined) {
    const c = compareKeys(k, r.lower);
    if (c < 0 || (c === 0 && r.lowerOpen)) return false;
  }
  if (r.upper !== undefined) {
    const c = compareKeys(k, r.upper);
    if (c > 0 || (c === 0 && r.upperOpen)) return false;
  }
  return true;
}

class MemoryStore implements Store {
  readonly kind = 'memory';
  private data = new Map<StoreName, Map<string, { key: MemKey; value: unknown }>>(
    STORE_NAMES.map((s) => [s, new Map()]),
  );
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly health: Health,
    private readonly now: () => number,
  ) {}

  private keyOf(store: StoreName, value: unknown, key: unknown): MemKey {
    const path = KEY_PATHS[store];
    if (path === null) return key as MemKey;
    const v = value as Record<string, unknown>;
    return (Array.isArray(path) ? path.map((p) => v[p]) : v[path]) as MemKey;
  }

  private tx(undo: (() => void)[] | null): Tx {
    const table = (s: StoreName) => this.data.get(s)!;
    const write = (s: StoreName, id: string, entry: { key: MemKey; value: unknown } | undefined) => {
      if (!undo) throw new DOMException('Read-only transaction', 'ReadOnlyError');
      const t = table(s);
      const before = t.get(id);
      undo.push(() => (before ? t.set(id, before) : t.delete(id)));
      if (entry) t.set(id, entry);
      else t.delete(id);
    };
    const sorted = (s: StoreName) => [...table(s).values()].sort((a, b) => compareKeys(a.key, b.key));
    const byIndex = (s: IndexedStore, index: string, range: Range | undefined) => {
      const field = INDEX_FIELDS[s][index]!;
      const hits: { at: IndexKey; e: { key: MemKey; value: unknown } }[] = [];
      for (const e of table(s).values()) {
        const at = (e.value as Record<string, unknown>)[field];
        if ((typeof at === 'string' || typeof at === 'number') && inRange(at, range)) hits.push({ at, e });
      }
      // Index order, then primary-key order within one index value, as IndexedDB returns them.
      return hits.sort((a, b) => compareKeys(a.at, b.at) || compareKeys(a.e.key, b.e.key)).map((h) => h.e);
    };
    return {
      get: async (store, key) => {
        const e = table(store).get(JSON.stringify(key));
        return e ? this.health.filter(store, [structuredClone(e.value)])[0] : undefined;
      },
      getAll: async (store) => this.health.filter(store, sorted(store).map((e) => structuredClone(e.value))),
      getAllInKeyRange: async (store, lower, upper, count) =>
        this.health.filter(
          store,
          [...table(store).values()]
            .filter((e) => compareKeys(e.key, lower) >= 0 && compareKeys(e.key, upper) <= 0)
            .sort((a, b) => compareKeys(a.key, b.key))
            .slice(0, count)
            .map((e) => structuredClone(e.value)),
        ),
      getAllFromIndex: async (store, index, range, count) =>
        this.health.filter(store, byIndex(store, index, range).slice(0, count).map((e) => structuredClone(e.value))),
      getKeysFromIndex: async (store, index, range, count) =>
        byIndex(store, index, range).slice(0, count).map((e) => structuredClone(e.key)) as never[],
      put: async (store, value, key) => {
        const k = this.keyOf(store, value, key);
        write(store, JSON.stringify(k), { key: k, value: structuredClone(value) });
      },
      delete: async (store, key) => write(store, JSON.stringify(key), undefined),
      clear: async (store) => {
        for (const id of [...table(store).keys()]) write(store, id, undefined);
      },
      count: async (store) => table(store).size,
      countFromIndex: async (store, index, range) => byIndex(store, index, range).length,
    };
  }

  private run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  read<T>(_stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(() => fn(this.tx(null)));
  }

  private attempt<T>(_stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(async () => {
      const undo: (() => void)[] = [];
      try {
        return await fn(this.tx(undo));
      } catch (e) {
        for (const f of undo.reverse()) f();
        throw e;
      }
    });
  }

  write<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    return writeWithQuotaRetry(this.health, (s, f) => this.attempt(s, f), stores, fn, this.now);
  }

  diagnostics(): Diagnostics {
    return this.health.snapshot();
  }

  close(): void {
    // nothing to release
  }
}

export function createMemoryStore(reason?: string, now: () => number = Date.now): Store {
  return new MemoryStore(new Health('memory', reason), now);
}

export interface OpenOptions {
  /** Database name; tests use their own. */
  name?: string;
  now?: () => number;
}

/** Opens the database, or falls back to memory when IndexedDB is unavailable. Never rejects. */
export async function openStore(options: OpenOptions = {}): Promise<Store> {
  const name = options.name ?? DB_NAME;
  const now = options.now ?? Date.now;
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('IndexedDB is not available');
    let store: IdbStore | undefined;
    const db = await openPartnerLensDb(name, { onBlocking: () => store?.dropConnection() });
    store = new IdbStore(name, db, new Health('indexeddb'), now);
    return store;
  } catch (e) {
    return createMemoryStore(errorText(e), now);
  }
}
