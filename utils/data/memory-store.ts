// The in-memory backend: the same interface and the same atomicity as IndexedDB (an undo log),
// writes serialised as IndexedDB serialises them. Used when IndexedDB will not open, and in tests.
import type { StorageDiagnostics } from '@/utils/protocol/model';
import { Health, writeWithQuotaRetry } from './health';
import { INDEX_FIELDS, KEY_PATHS, STORE_NAMES, type IndexedStore, type StoreName } from './schema';
import type { IndexKey, Range, Store, Tx } from './store';

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

  diagnostics(): StorageDiagnostics {
    return this.health.snapshot();
  }

  close(): void {
    // nothing to release
  }
}

export function createMemoryStore(reason?: string, now: () => number = Date.now): Store {
  return new MemoryStore(new Health('memory', reason), now);
}
