// How long getStats takes on a full retention period: 400 days × 50 sites × 8 rules (160,000
// daily rows), on fake-indexeddb (a pure-JS IndexedDB, slower than a browser's) and on the memory
// fallback. Prints timings; asserts nothing. Run: npx tsx tests/bench/stats.ts
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { addDays, dayOf } from '@/utils/data/days';
import { openStore } from '@/utils/data/idb-store';
import { createMemoryStore } from '@/utils/data/memory-store';
import type { DailyRecord } from '@/utils/data/schema';
import { getStats } from '@/utils/data/stats';
import type { Store } from '@/utils/data/store';

const DAYS = 400;
const SITES = 50;
const RULES = ['internal-customer', 'internal-client', 'internal-supplier', 'internal-customer-service', 'customer-supplier-relationship', 'customer-is-king', 'i-am-the-customer', 'partner-language'];
const now = Date.now();
const today = dayOf(now);

async function fill(store: Store): Promise<number> {
  const t0 = performance.now();
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(today, -d);
    await store.write(['daily'], async (tx) => {
      for (let s = 0; s < SITES; s++) {
        for (const [i, rule] of RULES.entries()) {
          const row: DailyRecord = { day, hostname: `site${s}.example`, rule, level: rule === 'partner-language' ? 'partner' : 'flag', seen: (d + s + i) % 7, quoted: i % 2, fixed: s % 3, dismissed: 0 };
          await tx.put('daily', row);
        }
      }
    });
  }
  return performance.now() - t0;
}

async function time(label: string, fn: () => Promise<unknown>, runs = 3): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms  (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)})`);
}

for (const [label, open] of [
  ['fake-indexeddb', () => openStore({ name: `bench-${now}` })],
  ['memory', async () => createMemoryStore()],
] as const) {
  const store = await open();
  const fillMs = await fill(store);
  console.log(`${label}: ${DAYS * SITES * RULES.length} rows written in ${fillMs.toFixed(0)} ms`);
  for (const days of [7, 30, 90, 400]) {
    await time(`${label} getStats(${days})`, () => getStats(store, days, { now, worklist: true }));
  }
  store.close();
}
