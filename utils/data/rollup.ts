// Per-day roll-ups of the `daily` rows: one record per day with the day's totals, its per-site
// and per-rule sums. The popup's figures for a period read one of these per day (≤ 90) instead
// of every day × site × rule row (400 a day with 50 sites and 8 rules). They are kept in step
// with `daily` inside the same transactions, and can always be rebuilt from it.
import type { DailyRecord, RollupRecord, RollupRule, RollupSite } from './db';
import type { StatsTotals } from '@/utils/protocol/messages';

/** The `daily` row that carries resolved-page counts (same value as db.ts's PAGES_ROW). */
const PAGES = '#pages';

export const zeroTotals = (): StatsTotals => ({ seen: 0, partner: 0, quoted: 0, fixed: 0, dismissed: 0, resolved: 0 });

/** Adds (`sign` 1) or takes away (`sign` -1) one daily row's contribution to a set of totals. */
export function addRow(t: StatsTotals, r: DailyRecord, sign = 1): void {
  if (r.rule === PAGES) {
    t.resolved += sign * (r.resolved ?? 0);
    return;
  }
  if (r.level === 'partner') t.partner += sign * r.seen;
  else t.seen += sign * r.seen;
  t.quoted += sign * r.quoted;
  t.fixed += sign * r.fixed;
  t.dismissed += sign * r.dismissed;
}


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
    if (r.rule !== PAGES) {
      let p = this.rules.get(r.rule);
      if (!p) this.rules.set(r.rule, (p = { rule: r.rule, level: r.level ?? 'flag', seen: 0, quoted: 0, fixed: 0, dismissed: 0 }));
      p.seen += sign * r.seen;
      p.quoted += sign * r.quoted;
      p.fixed += sign * r.fixed;
      p.dismissed += sign * r.dismissed;
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
