// The store contract every data module writes against. Everything that persists goes through a
// `Store`: IndexedDB (idb-store.ts) when it opens, an in-memory twin (memory-store.ts) with the
// same interface when it does not (Firefox private browsing refuses IndexedDB to extensions), so
// callers never branch on the backend.
//
// Transactions: `read`/`write` hand a `Tx` to a callback that must await only `Tx` calls, so the
// IndexedDB transaction never auto-commits half-way. A write is all or nothing on both backends.
import type { StorageDiagnostics } from '@/utils/protocol/model';
import type { IndexOf, IndexedStore, KeyOf, RecordOf, StoreName } from './schema';

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
  diagnostics(): StorageDiagnostics;
  close(): void;
}
