// Applying a page-view report: turning the content script's snapshots into daily figures, the
// worklist and the view's high-water marks. Only hostnames, rule ids, days and numbers are kept;
// URLs and titles only in the worklist, which the user can switch off and clear.
import type { ContentMessage } from '@/utils/protocol/messages';
import type { Figures, RuleTally } from '@/utils/protocol/model';
import type { Level } from '@/utils/engine/types';
import { dayOf, hostnameOf, pageKey } from './days';
import { addFigures, zeroFigures } from './figures';
import { RollupDraft } from './rollup';
import { PAGES_ROW, type DailyRecord, type PageRecord, type ViewRecord } from './schema';
import type { Store } from './store';

export type ReportMessage = Extract<ContentMessage, { type: 'report' }>;

/** A view remembers at most this many event ids (far above what one page view produces). */
const MAX_EVENT_IDS = 5000;

const emptyRow = (day: string, hostname: string, rule: string): DailyRecord => ({ day, hostname, rule, ...zeroFigures() });

export interface ApplyOptions {
  now: number;
  /** Whether the worklist (URLs and titles) is kept. */
  worklist: boolean;
}

export interface ApplyResult {
  /** Increments written (zero when the report was a re-send). */
  added: { seen: number; quoted: number; fixed: number; dismissed: number; resolved: number };
  /** The report named a view of another site and was not applied. */
  ignored: boolean;
}

/**
 * Applies one report in ONE readwrite transaction: the daily increments, the worklist entry and
 * the view's new high-water marks commit together, so a re-sent report, a report replayed after
 * a service-worker restart or one that arrives out of order never counts twice.
 */
export async function applyReport(store: Store, report: ReportMessage, options: ApplyOptions): Promise<ApplyResult> {
  const { now } = options;
  const hostname = hostnameOf(report.url);
  const day = dayOf(now);
  const url = pageKey(report.url);
  return store.write(['daily', 'pages', 'views', 'rollup'], async (tx) => {
    const added = { seen: 0, quoted: 0, fixed: 0, dismissed: 0, resolved: 0 };
    const view = await tx.get('views', report.viewId);
    // The day's roll-up follows every daily row written: the row's old figures out, new ones in.
    let rollup: RollupDraft | undefined;
    const putDaily = async (before: DailyRecord | undefined, row: DailyRecord) => {
      rollup ??= new RollupDraft(day, await tx.get('rollup', day));
      if (before) rollup.apply(before, -1);
      rollup.apply(row);
      await tx.put('daily', row);
    };
    // A view id is random per page view; one that comes back from another site is not honoured.
    if (view && view.hostname !== hostname) return { added, ignored: true };

    // Snapshot totals only ever rise within a view; the stored high-water mark makes the delta.
    const marks = new Map<string, RuleTally>((view?.tallies ?? []).map((t) => [t.rule, { ...t }]));
    const deltas = new Map<string, Figures & { level: Level }>();
    const deltaFor = (rule: string, level: Level) => {
      let d = deltas.get(rule);
      if (!d) deltas.set(rule, (d = { level, ...zeroFigures() }));
      return d;
    };
    for (const t of report.tallies) {
      const mark = marks.get(t.rule) ?? { rule: t.rule, level: t.level, seen: 0, quoted: 0 };
      const dSeen = Math.max(0, t.seen - mark.seen);
      const dQuoted = Math.max(0, t.quoted - mark.quoted);
      if (dSeen || dQuoted) {
        const d = deltaFor(t.rule, t.level);
        d.seen += dSeen;
        d.quoted += dQuoted;
      }
      marks.set(t.rule, { rule: t.rule, level: t.level, seen: mark.seen + dSeen, quoted: mark.quoted + dQuoted });
    }

    const counted = new Set(view?.eventIds ?? []);
    for (const e of report.events) {
      if (counted.has(e.id)) continue;
      counted.add(e.id);
      const d = deltaFor(e.rule, marks.get(e.rule)?.level ?? 'flag');
      d[e.kind] += 1;
    }

    for (const [rule, d] of deltas) {
      const before = await tx.get('daily', [day, hostname, rule]);
      const row = before ? { ...before } : emptyRow(day, hostname, rule);
      row.level = d.level;
      addFigures(row, d);
      await putDaily(before, row);
      addFigures(added, d);
      if (d.level === 'partner') added.seen -= d.seen;
    }

    // Resolution: this view showed phrases, or the worklist remembers the page with phrases, and
    // now there are none. Counted at most once per view.
    const page = options.worklist ? await tx.get('pages', url) : undefined;
    const pageOpen = !!page && page.flagged > 0 && page.resolvedAt === undefined;
    let resolvedCounted = view?.resolvedCounted ?? false;
    if (report.flaggedNow === 0 && (view?.hadFlagged || pageOpen) && !resolvedCounted) {
      resolvedCounted = true;
      const before = await tx.get('daily', [day, hostname, PAGES_ROW]);
      const row = before ? { ...before } : emptyRow(day, hostname, PAGES_ROW);
      row.resolved = (row.resolved ?? 0) + 1;
      await putDaily(before, row);
      added.resolved = 1;
    }

    if (options.worklist) {
      if (report.flaggedNow > 0) {
        const next: PageRecord = {
          url,
          hostname,
          title: report.title,
          flagged: report.flaggedNow,
          firstSeen: page?.firstSeen ?? now,
          lastSeen: now,
        };
        await tx.put('pages', next);
      } else if (page && pageOpen) {
        await tx.put('pages', { ...page, title: report.title || page.title, flagged: 0, lastSeen: now, resolvedAt: now });
      }
    }

    const next: ViewRecord = {
      viewId: report.viewId,
      hostname,
      url,
      tallies: [...marks.values()],
      eventIds: [...counted].slice(-MAX_EVENT_IDS),
      hadFlagged: (view?.hadFlagged ?? false) || report.flaggedNow > 0,
      resolvedCounted,
      updatedAt: now,
    };
    await tx.put('views', next);
    if (rollup) await tx.put('rollup', rollup.record());
    return { added, ignored: false };
  });
}
