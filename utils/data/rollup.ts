// Per-day roll-ups of the `daily` rows: one record per day with the day's totals, its per-site
// and per-rule sums. The popup's figures for a period read one of these per day (≤ 90) instead
// of every day × site × rule row (400 a day with 50 sites and 8 rules). They are kept in step
// with `daily` inside the same transactions, and can always be rebuilt from it.
import type { StatsTotals } from '@/utils/protocol/model';
import { addFigures, addRow, zeroFigures, zeroTotals } from './figures';
import { PAGES_ROW, type DailyRecord, type RollupRecord, type RollupRule, type RollupSite } from './schema';
import type { Tx } from './store';

/** A roll-up being edited: sites and rules by name. */
export class RollupDraft {
  readonly totals: StatsTotals;
  private rows: number;
  private readonly sites: Map<string, RollupSite>;
  private readonly rules: Map<string, RollupRule>;

  constructor(readonly day: string, from?: RollupRecord) {
    this.totals = { ...(from?.totals ?? zeroTotals()) };
    this.rows = from?.rows ?? 0;
    this.sites = new Map((from?.sites ?? []).map((s) => [s.hostname, { ...s }]));
    this.rules = new Map((from?.rules ?? []).map((r) => [r.rule, { ...r }]));
  }

  /** Applies one row (`sign` -1 removes a row's earlier figures before its new ones go in). */
  apply(r: DailyRecord, sign = 1): void {
    this.rows += sign;
    addRow(this.totals, r, sign);
    let s = this.sites.get(r.hostname);
    if (!s) this.sites.set(r.hostname, (s = { hostname: r.hostname, ...zeroTotals() }));
    addRow(s, r, sign);
    if (r.rule !== PAGES_ROW) {
      let p = this.rules.get(r.rule);
      if (!p) this.rules.set(r.rule, (p = { rule: r.rule, level: r.level ?? 'flag', ...zeroFigures() }));
      addFigures(p, r, sign);
    }
  }

  record(): RollupRecord {
    return { day: this.day, rows: this.rows, totals: this.totals, sites: [...this.sites.values()], rules: [...this.rules.values()] };
  }
}

/** Roll-ups of a set of daily rows, one per day that has rows; rows in key order give the first row's rule level. */
export function rollupsOf(rows: Iterable<DailyRecord>): RollupRecord[] {
  const drafts = new Map<string, RollupDraft>();
  for (const r of rows) {
    let d = drafts.get(r.day);
    if (!d) drafts.set(r.day, (d = new RollupDraft(r.day)));
    d.apply(r);
  }
  return [...drafts.values()].map((d) => d.record());
}

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
