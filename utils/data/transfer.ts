// Export and import of the figures (and, if asked, the worklist): JSON or CSV out, JSON in,
// checked row by row and merged so that importing twice never counts twice.
import type { ExportFile, ImportResult } from '@/utils/protocol/model';
import { addDays, dayOf } from './days';
import { maxFigures } from './figures';
import { rebuildRollups } from './rollup';
import { DAY_RE, isDailyRecord, isPageRecord, type DailyRecord, type PageRecord } from './schema';
import type { Store, Tx } from './store';

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
  const merged: DailyRecord = { ...local, level: local.level ?? incoming.level, ...maxFigures(local, incoming) };
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
