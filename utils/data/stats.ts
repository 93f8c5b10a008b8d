// The popup's statistics for a period, read from the per-day roll-ups.
import type { Stats, StatsTotals } from '@/utils/protocol/model';
import { addDays, dayOf } from './days';
import { addFigures, addTotals, zeroFigures, zeroTotals } from './figures';
import { rollupsOf } from './rollup';
import type { Store } from './store';

/** The worklist lists at most this many pages (its total is given apart). */
const WORKLIST_CAP = 200;

export const adoption = (t: { partner: number; seen: number }): number | null =>
  t.partner + t.seen === 0 ? null : t.partner / (t.partner + t.seen);

export interface StatsOptions {
  now: number;
  /** Whether to list the worklist (off: empty list). */
  worklist: boolean;
  topN?: number;
}

/** Figures for the last `days` days including today; reads only that range's per-day roll-ups. */
export async function getStats(store: Store, days: number, options: StatsOptions): Promise<Stats> {
  const to = dayOf(options.now);
  const from = addDays(to, -(Math.max(1, Math.floor(days)) - 1));
  const topN = options.topN ?? 10;
  // One roll-up per day of the range (not every day × site × rule row) and the worklist, both
  // requests at once. A day without a roll-up is checked for rows (one key); should a day have rows
  // the roll-ups do not cover (written around them), the range's rows are added up instead.
  const [rollupsRead, uncovered, pages] = await store.read(['rollup', 'daily', 'pages'], async (tx) => {
    const pagesRead = options.worklist ? tx.getAll('pages') : Promise.resolve([]);
    const rolled = await tx.getAllInKeyRange('rollup', from, to);
    const have = new Set(rolled.map((r) => r.day));
    const checks: Promise<unknown[]>[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if (!have.has(day)) checks.push(tx.getKeysFromIndex('daily', 'by-day', { only: day }, 1));
    }
    return [rolled, (await Promise.all(checks)).some((k) => k.length > 0), await pagesRead] as const;
  });
  const rollups = uncovered
    ? rollupsOf(await store.read(['daily'], (tx) => tx.getAllInKeyRange('daily', [from], [to, []])))
    : rollupsRead;

  const totals = zeroTotals();
  const byDay = new Map<string, StatsTotals>();
  const bySite = new Map<string, StatsTotals>();
  const byRule = new Map<string, Stats['topPhrases'][number]>();
  // Oldest day first, so a rule's level is that of its first row, as when adding up rows.
  for (const r of rollups) {
    addTotals(totals, r.totals);
    byDay.set(r.day, r.totals);
    for (const { hostname, ...t } of r.sites) {
      let s = bySite.get(hostname);
      if (!s) bySite.set(hostname, (s = zeroTotals()));
      addTotals(s, t);
    }
    for (const q of r.rules) {
      let p = byRule.get(q.rule);
      if (!p) byRule.set(q.rule, (p = { rule: q.rule, level: q.level, ...zeroFigures() }));
      addFigures(p, q);
    }
  }

  const series: Stats['byDay'] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const t = byDay.get(day) ?? zeroTotals();
    const { seen, partner, quoted, fixed, dismissed, resolved } = t;
    series.push({ day, seen, partner, quoted, fixed, dismissed, resolved, adoption: adoption(t) });
  }
  const topSites = [...bySite]
    .map(([hostname, t]) => ({ hostname, ...t, adoption: adoption(t) }))
    .sort((a, b) => b.seen - a.seen || b.partner - a.partner || a.hostname.localeCompare(b.hostname))
    .slice(0, topN);
  const topPhrases = [...byRule.values()]
    .sort((a, b) => b.seen - a.seen || b.quoted - a.quoted || a.rule.localeCompare(b.rule))
    .slice(0, topN);
  const open = pages
    .filter((p) => p.resolvedAt === undefined && p.flagged > 0)
    .sort((a, b) => b.flagged - a.flagged || b.lastSeen - a.lastSeen);
  return {
    from,
    to,
    totals,
    adoption: adoption(totals),
    byDay: series,
    topSites,
    topPhrases,
    worklist: open.slice(0, WORKLIST_CAP).map(({ url, hostname, title, flagged, firstSeen, lastSeen }) => ({
      url,
      hostname,
      title,
      flagged,
      firstSeen,
      lastSeen,
    })),
    worklistTotal: open.length,
  };
}
