// The IndexedDB backend (via idb): the one schema and its upgrade ladder, transactions that must
// await only their own requests, and `openStore`, which falls back to memory when IndexedDB will
// not open.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { StorageDiagnostics } from '@/utils/protocol/model';
import { Health, errorText, isQuotaError, writeWithQuotaRetry } from './health';
import { createMemoryStore } from './memory-store';
import { rollupsOf } from './rollup';
import { DB_NAME, DB_VERSION, isDailyRecord, type PartnerLensSchema, type StoreName } from './schema';
import type { Range, Store, Tx } from './store';

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
  if (oldVersion < 3) {
    // The organisation's wiki audit, imported on the options page (out-of-line key AUDIT_KEY).
    db.createObjectStore('audits');
  }
  // if (oldVersion < 4) { … }  — the next step goes here, reading and rewriting through tx.
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

  diagnostics(): StorageDiagnostics {
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
