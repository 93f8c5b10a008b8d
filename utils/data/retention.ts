// Retention and clearing: old figures and snapshots dropped, the worklist or everything cleared.
import { addDays, dayOf } from './days';
import { DAY_MS, VIEW_TTL_MS } from './schema';
import type { Store } from './store';

/**
 * Drops daily rows and worklist pages older than `retentionDays`, and view snapshots older than
 * a day. Runs on startup and then at most daily.
 */
export async function pruneExpired(store: Store, now: number, retentionDays: number): Promise<{ daily: number; pages: number; views: number }> {
  const firstKept = addDays(dayOf(now), -(Math.max(1, Math.floor(retentionDays)) - 1));
  const pageCutoff = now - retentionDays * DAY_MS;
  return store.write(['daily', 'pages', 'views', 'rollup'], async (tx) => {
    const daily = await tx.getKeysFromIndex('daily', 'by-day', { upper: firstKept, upperOpen: true });
    for (const k of daily) await tx.delete('daily', k);
    for (const r of await tx.getAllInKeyRange('rollup', '', firstKept)) {
      if (r.day < firstKept) await tx.delete('rollup', r.day);
    }
    const pages = await tx.getKeysFromIndex('pages', 'by-last-seen', { upper: pageCutoff, upperOpen: true });
    for (const k of pages) await tx.delete('pages', k);
    const views = await tx.getKeysFromIndex('views', 'by-updated', { upper: now - VIEW_TTL_MS, upperOpen: true });
    for (const k of views) await tx.delete('views', k);
    return { daily: daily.length, pages: pages.length, views: views.length };
  });
}

export async function clearWorklist(store: Store): Promise<void> {
  await store.write(['pages'], (tx) => tx.clear('pages'));
}

/**
 * Clears the figures and the worklist. The per-view snapshots stay: pages still open re-send
 * their totals, and without the snapshot what they had already reported would be counted again
 * as if it were new (the snapshots are pruned after a day anyway).
 */
export async function resetCounts(store: Store): Promise<void> {
  await store.write(['daily', 'pages', 'rollup'], async (tx) => {
    await tx.clear('daily');
    await tx.clear('rollup');
    await tx.clear('pages');
  });
}
