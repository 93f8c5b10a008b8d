// Adding up figures: the one place that knows which fields a set of figures has and how a daily
// row counts towards totals (partner uses apart, resolved pages on their own row).
import type { Figures, StatsTotals } from '@/utils/protocol/model';
import { PAGES_ROW, type DailyRecord } from './schema';

const FIGURES = ['seen', 'quoted', 'fixed', 'dismissed'] as const satisfies readonly (keyof Figures)[];

export const zeroFigures = (): Figures => ({ seen: 0, quoted: 0, fixed: 0, dismissed: 0 });

export const zeroTotals = (): StatsTotals => ({ seen: 0, partner: 0, quoted: 0, fixed: 0, dismissed: 0, resolved: 0 });

/** Adds `from`'s figures to `to` (`sign` -1 takes them away). */
export function addFigures(to: Figures, from: Figures, sign = 1): void {
  for (const k of FIGURES) to[k] += sign * from[k];
}

/** The larger of each figure. */
export function maxFigures(a: Figures, b: Figures): Figures {
  const out = zeroFigures();
  for (const k of FIGURES) out[k] = Math.max(a[k], b[k]);
  return out;
}

export function addTotals(to: StatsTotals, from: StatsTotals): void {
  addFigures(to, from);
  to.partner += from.partner;
  to.resolved += from.resolved;
}

/** Adds (`sign` 1) or takes away (`sign` -1) one daily row's contribution to a set of totals. */
export function addRow(t: StatsTotals, r: DailyRecord, sign = 1): void {
  if (r.rule === PAGES_ROW) {
    t.resolved += sign * (r.resolved ?? 0);
    return;
  }
  addFigures(t, r, sign);
  // Partner language is adoption, not a use to fix: its sightings go to `partner`.
  if (r.level === 'partner') {
    t.seen -= sign * r.seen;
    t.partner += sign * r.seen;
  }
}
