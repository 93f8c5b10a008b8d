// The database's shape: names, version, record types, key paths and the guards that check what
// comes back from disk. Shared constants live here so that every data module can import them
// without importing each other.
import type { DBSchema } from 'idb';
import type { Figures, RuleTally, Settings, SiteInfo, StatsTotals } from '@/utils/protocol/model';
import type { Level } from '@/utils/engine/types';
import { isOrgAudit, type OrgAudit } from '@/utils/protocol/org-audit';

export const DB_NAME = 'partner-lens';
export const DB_VERSION = 3;

/** The key of the one imported wiki audit in the `audits` store (a new import replaces it). */
export const AUDIT_KEY = 'latest';

/** The `daily` row that carries resolved-page counts; not a rule (rule ids never start with '#'). */
export const PAGES_ROW = '#pages';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a view's snapshot is kept to recognise re-sent reports. */
export const VIEW_TTL_MS = DAY_MS;

export type SiteRecord = SiteInfo;

export interface DailyRecord extends Figures {
  day: string;
  hostname: string;
  rule: string;
  /** The rule's level when counted; absent on the PAGES_ROW row. */
  level?: Level;
  /** Pages resolved; only on the PAGES_ROW row. */
  resolved?: number;
}

export interface PageRecord {
  url: string;
  hostname: string;
  title: string;
  flagged: number;
  firstSeen: number;
  lastSeen: number;
  resolvedAt?: number;
}

/** What has already been counted for one page view: the high-water marks and event ids. */
export interface ViewRecord {
  viewId: string;
  hostname: string;
  url: string;
  tallies: RuleTally[];
  eventIds: string[];
  /** The view has shown flagged phrases at some point. */
  hadFlagged: boolean;
  /** A resolution has been counted for this view (at most one). */
  resolvedCounted: boolean;
  updatedAt: number;
}

export type DailyKey = [day: string, hostname: string, rule: string];

export type RollupSite = StatsTotals & { hostname: string };
export interface RollupRecord {
  day: string;
  /** How many `daily` rows the day has: a roll-up that disagrees with the rows is not used. */
  rows: number;
  /** The sum of the day's `daily` rows, as the statistics add them. */
  totals: StatsTotals;
  /** One entry per site with a row that day. */
  sites: RollupSite[];
  /** One entry per rule with a row that day; `level` from the first row (key order). */
  rules: RollupRule[];
}
export interface RollupRule extends Figures {
  rule: string;
  level: Level;
}

export interface PartnerLensSchema extends DBSchema {
  sites: { key: string; value: SiteRecord };
  daily: { key: DailyKey; value: DailyRecord; indexes: { 'by-day': string; 'by-hostname': string } };
  pages: { key: string; value: PageRecord; indexes: { 'by-last-seen': number } };
  views: { key: string; value: ViewRecord; indexes: { 'by-updated': number } };
  settings: { key: string; value: Settings };
  rollup: { key: string; value: RollupRecord };
  audits: { key: string; value: OrgAudit };
}

export type StoreName = 'sites' | 'daily' | 'pages' | 'views' | 'settings' | 'rollup' | 'audits';
export const STORE_NAMES: readonly StoreName[] = ['sites', 'daily', 'pages', 'views', 'settings', 'rollup', 'audits'];

export interface RecordOf {
  sites: SiteRecord;
  daily: DailyRecord;
  pages: PageRecord;
  views: ViewRecord;
  settings: Settings;
  rollup: RollupRecord;
  audits: OrgAudit;
}
export interface KeyOf {
  sites: string;
  daily: DailyKey;
  pages: string;
  views: string;
  settings: string;
  rollup: string;
  audits: string;
}
export interface IndexOf {
  sites: never;
  daily: 'by-day' | 'by-hostname';
  pages: 'by-last-seen';
  views: 'by-updated';
  settings: never;
  rollup: never;
  audits: never;
}
export type IndexedStore = 'daily' | 'pages' | 'views';

/** Inline key paths and index key paths, shared by the schema and the memory twin. */
export const KEY_PATHS: Record<StoreName, string | string[] | null> = {
  sites: 'hostname',
  daily: ['day', 'hostname', 'rule'],
  pages: 'url',
  views: 'viewId',
  settings: null,
  rollup: 'day',
  audits: null,
};
export const INDEX_FIELDS: Record<IndexedStore, Record<string, string>> = {
  daily: { 'by-day': 'day', 'by-hostname': 'hostname' },
  pages: { 'by-last-seen': 'lastSeen' },
  views: { 'by-updated': 'updatedAt' },
};

// -------------------------------------------------------------------------------------------
// ---- record guards:  a record that fails is skipped and counted, never trusted and never fatal.

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isLevel = (v: unknown): v is Level => v === 'flag' || v === 'hint' || v === 'partner';
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDailyRecord(v: unknown): v is DailyRecord {
  return (
    isObj(v) && isStr(v.day) && DAY_RE.test(v.day) && isStr(v.hostname) && isStr(v.rule) && v.rule !== '' &&
    (v.level === undefined || isLevel(v.level)) &&
    isCount(v.seen) && isCount(v.quoted) && isCount(v.fixed) && isCount(v.dismissed) &&
    (v.resolved === undefined || isCount(v.resolved))
  );
}
export function isPageRecord(v: unknown): v is PageRecord {
  return (
    isObj(v) && isStr(v.url) && isStr(v.hostname) && isStr(v.title) && isCount(v.flagged) &&
    isTime(v.firstSeen) && isTime(v.lastSeen) && (v.resolvedAt === undefined || isTime(v.resolvedAt))
  );
}
export function isSiteRecord(v: unknown): v is SiteRecord {
  return (
    isObj(v) && isStr(v.hostname) && (v.mode === 'highlight' || v.mode === 'off') &&
    (v.showPartner === undefined || typeof v.showPartner === 'boolean') &&
    Array.isArray(v.ignored) && v.ignored.every(isStr) && isTime(v.updatedAt)
  );
}
const isTotals = (v: unknown): v is StatsTotals =>
  isObj(v) && isNum(v.seen) && isNum(v.partner) && isNum(v.quoted) && isNum(v.fixed) && isNum(v.dismissed) && isNum(v.resolved);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function isRollupRecord(v: unknown): v is RollupRecord {
  return (
    isObj(v) && isStr(v.day) && DAY_RE.test(v.day) && isCount(v.rows) && isTotals(v.totals) &&
    Array.isArray(v.sites) && v.sites.every((s) => isTotals(s) && isStr((s as { hostname?: unknown }).hostname)) &&
    Array.isArray(v.rules) &&
    v.rules.every((r) => isObj(r) && isStr(r.rule) && isLevel(r.level) && isNum(r.seen) && isNum(r.quoted) && isNum(r.fixed) && isNum(r.dismissed))
  );
}
function isViewRecord(v: unknown): v is ViewRecord {
  return (
    isObj(v) && isStr(v.viewId) && isStr(v.hostname) && isStr(v.url) && isTime(v.updatedAt) &&
    typeof v.hadFlagged === 'boolean' && typeof v.resolvedCounted === 'boolean' &&
    Array.isArray(v.eventIds) && v.eventIds.every(isStr) &&
    Array.isArray(v.tallies) &&
    v.tallies.every((t) => isObj(t) && isStr(t.rule) && isLevel(t.level) && isCount(t.seen) && isCount(t.quoted))
  );
}
export const GUARDS: Record<StoreName, (v: unknown) => boolean> = {
  sites: isSiteRecord,
  daily: isDailyRecord,
  pages: isPageRecord,
  views: isViewRecord,
  // Settings are sanitised field by field in prefs.ts; only a non-object is unusable.
  settings: isObj,
  rollup: isRollupRecord,
  audits: isOrgAudit,
};
