// Storage health for diagnostics (unreadable records, quota prunes, the last failed write) and
// the write path both backends share: on a full disk, drop the oldest figures and retry once.
import type { StorageDiagnostics, StorageNotice } from '@/utils/protocol/model';
import { rebuildRollups } from './rollup';
import { DAY_MS, GUARDS, KEY_PATHS, isObj, type RecordOf, type StoreName } from './schema';
import type { Tx } from './store';

export class Health {
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

  snapshot(): StorageDiagnostics {
    let corruptRecords = 0;
    for (const s of this.corrupt.values()) corruptRecords += s.size;
    const notices: StorageNotice[] = [];
    if (this.storage === 'memory') notices.push({ code: 'session-only' });
    if (this.quotaPrunes > 0) notices.push({ code: 'quota-pruned', rows: this.quotaPrunedRows });
    if (this.lastWriteError) notices.push({ code: 'write-failed', error: this.lastWriteError });
    if (corruptRecords > 0) notices.push({ code: 'corrupt', records: corruptRecords });
    return {
      storage: this.storage,
      ...(this.storageError ? { storageError: this.storageError } : {}),
      corruptRecords,
      quotaPrunes: this.quotaPrunes,
      quotaPrunedRows: this.quotaPrunedRows,
      ...(this.lastWriteError ? { lastWriteError: this.lastWriteError } : {}),
      notices,
    };
  }
}

export function errorText(e: unknown): string {
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

/** Runs a write; on a quota failure prunes and retries once. Shared by both backends. */
export async function writeWithQuotaRetry<T>(
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
