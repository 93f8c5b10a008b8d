// Adoption counts: turning page-view snapshots into daily figures, and daily figures into the
// popup's statistics, exports and imports. Only hostnames, rule ids, days and numbers are kept;
// URLs and titles only in the worklist, which the user can switch off and clear.
import {
  DAY_MS,
  DAY_RE,
  PAGES_ROW,
  isDailyRecord,
  isPageRecord,
  rebuildRollups,
  type DailyRecord,
  type PageRecord,
  type Store,
  type Tx,
  type ViewRecord,
  type ViewTally,
} from './db';
import type { ContentMessage, ExportFile, ImportResult, Stats, StatsTotals } from '@/utils/protocol/messages';
import { RollupDraft, rollupsOf, zeroTotals } from './rollup';
import type { Level } from '@/utils/engine/types';

export type ReportMessage = Extract<ContentMessage, { type: 'report' }>;

/** How long a view's snapshot is kept to recognise re-sent reports. */
export const VIEW_TTL_MS = DAY_MS;
/** A view remembers at most this many event ids (far above what one page view produces). */
const MAX_EVENT_IDS = 5000;
const WORKLIST_CAP = 200;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a timestamp, YYYY-MM-DD. */
export function dayOf(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day `n` calendar days before `day` (DST-safe: works on calendar dates, not milliseconds). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The worklist key: the URL without its fragment, so #anchors do not split one page. */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

const emptyRow = (day: string, hostname: string, rule: string): DailyRecord => ({
  day,
  hostname,
  rule,
  seen: 0,
  quoted: 0,
  fixed: 0,
  dismissed: 0,
});

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
    const marks = new Map<string, ViewTally>((view?.tallies ?? []).map((t) => [t.rule, { ...t }]));
    const deltas = new Map<string, { level: Level; seen: number; quoted: number; fixed: number; dismissed: number }>();
    const deltaFor = (rule: string, level: Level) => {
      let d = deltas.get(rule);
      if (!d) deltas.set(rule, (d = { level, seen: 0, quoted: 0, fixed: 0, dismissed: 0 }));
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
      row.seen += d.seen;
      row.quoted += d.quoted;
      row.fixed += d.fixed;
      row.dismissed += d.dismissed;
      await putDaily(before, row);
      if (d.level !== 'partner') added.seen += d.seen;
      added.quoted += d.quoted;
      added.fixed += d.fixed;
      added.dismissed += d.dismissed;
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

// ---------------------------------------------------------------------------------------------
// Statistics

const addTotals = (t: StatsTotals, u: StatsTotals): void => {
  t.seen += u.seen;
  t.partner += u.partner;
  t.quoted += u.quoted;
  t.fixed += u.fixed;
  t.dismissed += u.dismissed;
  t.resolved += u.resolved;
};

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
      if (!p) byRule.set(q.rule, (p = { rule: q.rule, level: q.level, seen: 0, quoted: 0, fixed: 0, dismissed: 0 }));
      p.seen += q.seen;
      p.quoted += q.quoted;
      p.fixed += q.fixed;
      p.dismissed += q.dismissed;
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

// ---------------------------------------------------------------------------------------------
// Retention and clearing

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

// ---------------------------------------------------------------------------------------------
// Export and import

export const EXPORT_FORMAT = 'partner-lens-export';
export const EXPORT_VERSION = 1;
/** Upper bounds that keep a hostile or broken file from exhausting memory. */
export const IMPORT_LIMITS = { chars: 50_000_000, rows: 1_000_000, pages: 100_000 };

interface ExportDoc {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  daily: DailyRecord[];
  pages?: PageRecord[];
}

async function readAll(store: Store, includeWorklist: boolean): Promise<{ daily: DailyRecord[]; pages: PageRecord[] }> {
  return store.read(['daily', 'pages'], async (tx) => ({
    daily: await tx.getAllFromIndex('daily', 'by-day'),
    pages: includeWorklist ? await tx.getAll('pages') : [],
  }));
}

/** A spreadsheet cell: quoted when needed, and never read as a formula. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: (string | number | undefined)[]) => cells.map(csvCell).join(',');

export async function exportData(
  store: Store,
  format: 'json' | 'csv',
  includeWorklist: boolean,
  now: number,
): Promise<ExportFile[]> {
  const { daily, pages } = await readAll(store, includeWorklist);
  const stamp = dayOf(now);
  if (format === 'json') {
    const doc: ExportDoc = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date(now).toISOString(),
      daily,
      ...(includeWorklist ? { pages } : {}),
    };
    return [{ filename: `partner-lens-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify(doc, null, 1) }];
  }
  const files: ExportFile[] = [
    {
      filename: `partner-lens-${stamp}.csv`,
      mimeType: 'text/csv',
      content:
        [
          csvLine(['day', 'hostname', 'rule', 'level', 'seen', 'quoted', 'fixed', 'dismissed', 'resolved']),
          ...daily.map((r) =>
            csvLine([r.day, r.hostname, r.rule, r.level, r.seen, r.quoted, r.fixed, r.dismissed, r.resolved ?? 0]),
          ),
        ].join('\r\n') + '\r\n',
    },
  ];
  if (includeWorklist) {
    files.push({
      filename: `partner-lens-worklist-${stamp}.csv`,
      mimeType: 'text/csv',
      content:
        [
          csvLine(['url', 'hostname', 'title', 'flagged', 'firstSeen', 'lastSeen', 'resolvedAt']),
          ...pages.map((p) =>
            csvLine([
              p.url,
              p.hostname,
              p.title,
              p.flagged,
              new Date(p.firstSeen).toISOString(),
              new Date(p.lastSeen).toISOString(),
              p.resolvedAt === undefined ? undefined : new Date(p.resolvedAt).toISOString(),
            ]),
          ),
        ].join('\r\n') + '\r\n',
    });
  }
  return files;
}

export type ParsedImport = { ok: true; daily: DailyRecord[]; pages: PageRecord[]; skipped: number } | { ok: false; reason: string };

/** Checks an export file; rows that fail are skipped and counted, a wrong file is refused whole. */
export function parseImport(data: string): ParsedImport {
  if (data.length > IMPORT_LIMITS.chars) return { ok: false, reason: 'file too large' };
  let doc: unknown;
  try {
    doc = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof doc !== 'object' || doc === null) return { ok: false, reason: 'not an export' };
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) return { ok: false, reason: 'not a Partner Lens export' };
  if (typeof d.version !== 'number' || d.version > EXPORT_VERSION) return { ok: false, reason: 'export from a newer version' };
  if (!Array.isArray(d.daily)) return { ok: false, reason: 'daily figures missing' };
  if (d.daily.length > IMPORT_LIMITS.rows) return { ok: false, reason: 'too many rows' };
  if (d.pages !== undefined && (!Array.isArray(d.pages) || d.pages.length > IMPORT_LIMITS.pages)) {
    return { ok: false, reason: 'bad worklist' };
  }
  let skipped = 0;
  const seenKeys = new Set<string>();
  const daily: DailyRecord[] = [];
  for (const r of d.daily) {
    const key = isDailyRecord(r) ? JSON.stringify([r.day, r.hostname, r.rule]) : '';
    if (!isDailyRecord(r) || !DAY_RE.test(r.day) || seenKeys.has(key)) {
      skipped++;
      continue;
    }
    seenKeys.add(key);
    const { day, hostname, rule, level, seen, quoted, fixed, dismissed, resolved } = r;
    daily.push({ day, hostname, rule, ...(level ? { level } : {}), seen, quoted, fixed, dismissed, ...(resolved !== undefined ? { resolved } : {}) });
  }
  const pages: PageRecord[] = [];
  for (const p of (d.pages as unknown[] | undefined) ?? []) {
    if (!isPageRecord(p)) {
      skipped++;
      continue;
    }
    const { url, hostname, title, flagged, firstSeen, lastSeen, resolvedAt } = p;
    pages.push({ url, hostname, title, flagged, firstSeen, lastSeen, ...(resolvedAt !== undefined ? { resolvedAt } : {}) });
  }
  return { ok: true, daily, pages, skipped };
}

/**
 * Merge rule: a day/site/rule row takes the larger of the local and imported value of each
 * figure. Importing the same file twice, or this device's own backup, therefore never double
 * counts (max is idempotent), and a restore after a reset brings the figures back. The price:
 * two devices that counted the same site on the same day merge to the larger figure, not the sum.
 */
function mergeDaily(local: DailyRecord | undefined, incoming: DailyRecord): DailyRecord | null {
  if (!local) return incoming;
  const merged: DailyRecord = {
    ...local,
    level: local.level ?? incoming.level,
    seen: Math.max(local.seen, incoming.seen),
    quoted: Math.max(local.quoted, incoming.quoted),
    fixed: Math.max(local.fixed, incoming.fixed),
    dismissed: Math.max(local.dismissed, incoming.dismissed),
  };
  if (local.resolved !== undefined || incoming.resolved !== undefined) {
    merged.resolved = Math.max(local.resolved ?? 0, incoming.resolved ?? 0);
  }
  const same =
    merged.seen === local.seen && merged.quoted === local.quoted && merged.fixed === local.fixed &&
    merged.dismissed === local.dismissed && merged.resolved === local.resolved && merged.level === local.level;
  return same ? null : merged;
}

/** Worklist pages: the later sighting wins, the earliest first sighting is kept. */
function mergePage(local: PageRecord | undefined, incoming: PageRecord): PageRecord | null {
  if (!local) return incoming;
  if (incoming.lastSeen <= local.lastSeen) {
    return incoming.firstSeen < local.firstSeen ? { ...local, firstSeen: incoming.firstSeen } : null;
  }
  return { ...incoming, firstSeen: Math.min(local.firstSeen, incoming.firstSeen) };
}

export interface ImportOptions {
  now: number;
  retentionDays: number;
  /** Worklist pages are imported only while the worklist is on. */
  worklist: boolean;
}

/** Validates and merges an export in one transaction: all of it or nothing. */
export async function importData(store: Store, data: string, options: ImportOptions): Promise<ImportResult> {
  const parsed = parseImport(data);
  if (!parsed.ok) throw new Error(`Import refused: ${parsed.reason}`);
  const firstKept = addDays(dayOf(options.now), -(Math.max(1, Math.floor(options.retentionDays)) - 1));
  const daily = parsed.daily.filter((r) => r.day >= firstKept);
  const pages = options.worklist ? parsed.pages : [];
  const skipped = parsed.skipped + (parsed.daily.length - daily.length) + (parsed.pages.length - pages.length);
  // Counted inside the transaction so that a retry after a quota prune starts from zero.
  return store.write(['daily', 'pages', 'rollup'], async (tx: Tx) => {
    const result: ImportResult = { merged: 0, unchanged: 0, skipped };
    // One read of the stored rows over the imported days (the primary key is ordered by day
    // first), one of the worklist, then every write queued at once: no round trip per row.
    let first = '';
    let last = '';
    for (const r of daily) {
      if (first === '' || r.day < first) first = r.day;
      if (r.day > last) last = r.day;
    }
    const localDaily = new Map<string, DailyRecord>();
    if (daily.length > 0) {
      for (const r of await tx.getAllInKeyRange('daily', [first], [last, []])) localDaily.set(dailyId(r), r);
    }
    const localPages = new Map<string, PageRecord>();
    if (pages.length > 0) for (const p of await tx.getAll('pages')) localPages.set(p.url, p);
    const writes: Promise<void>[] = [];
    for (const r of daily) {
      const id = dailyId(r);
      const next = mergeDaily(localDaily.get(id), r);
      if (next) {
        localDaily.set(id, next);
        writes.push(tx.put('daily', next));
        result.merged++;
      } else result.unchanged++;
    }
    for (const p of pages) {
      const next = mergePage(localPages.get(p.url), p);
      if (next) {
        localPages.set(p.url, next);
        writes.push(tx.put('pages', next));
        result.merged++;
      } else result.unchanged++;
    }
    await Promise.all(writes);
    if (daily.length > 0) {
      // localDaily now holds every row of those days as stored: roll them up in key order.
      const rows = [...localDaily.values()].sort(
        (a, b) => cmp(a.day, b.day) || cmp(a.hostname, b.hostname) || cmp(a.rule, b.rule),
      );
      await rebuildRollups(tx, first, last, rows);
    }
    return result;
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const dailyId = (r: DailyRecord) => JSON.stringify([r.day, r.hostname, r.rule]);
