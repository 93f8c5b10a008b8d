// The domain model shared by the content script, the background, the popup and the options page:
// preferences, page-view tallies, statistics, storage health. The messages that carry them are
// in messages.ts.
import type { Level, Rule } from '@/utils/engine/types';

export type SiteMode = 'highlight' | 'off';

/**
 * Per-rule figures of one page view (totals, not deltas): what the content script reports and
 * what the background keeps as the view's high-water marks.
 */
export interface RuleTally {
  rule: string;
  level: Level;
  /** Distinct occurrences seen in this page view (uses, not quoted mentions). */
  seen: number;
  /** Distinct quoted mentions seen in this page view. */
  quoted: number;
}

/** What the content script needs to know to run on a site. */
export interface EffectivePrefs {
  mode: SiteMode;
  showPartner: boolean;
  /** Phrases (lower case) the user chose to ignore on this site. */
  ignored: string[];
  /** Custom rules (user and organisation), already checked. */
  customRules: Rule[];
  /** Built-in rule ids switched off. */
  disabledRules: string[];
  /** Whether the worklist is kept. */
  worklist: boolean;
  /** Keys that an organisation has locked. */
  locked?: string[];
}

/** A phrase on the current page, as the popup lists it. */
export interface PagePhrase {
  index: number;
  rule: string;
  level: Level;
  text: string;
  suggestion?: string;
  quoted: boolean;
}

export interface Settings {
  /** Run everywhere, or only on sites listed with mode 'highlight'. */
  defaultMode: 'everywhere' | 'listed';
  showPartner: boolean;
  worklist: boolean;
  retentionDays: number;
  customRules: Rule[];
  disabledRules: string[];
}

/** Settings as they apply: the organisation's values over the user's, and the keys it locked. */
export type EffectiveSettings = Settings & { locked: string[] };

export const DEFAULT_SETTINGS: Settings = {
  defaultMode: 'everywhere',
  showPartner: false,
  worklist: true,
  retentionDays: 400,
  customRules: [],
  disabledRules: [],
};

/** What the background keeps about one site (the `sites` store). */
export interface SiteInfo {
  hostname: string;
  mode: SiteMode;
  showPartner?: boolean;
  ignored: string[];
  updatedAt: number;
}

/** Health of the storage layer, shown by the popup. */
export interface Diagnostics {
  /** 'memory' when IndexedDB could not be opened (e.g. Firefox private browsing). */
  storage: 'indexeddb' | 'memory';
  /** Why IndexedDB is not used, when storage is 'memory'. */
  storageError?: string;
  /** Stored records that were unreadable and skipped (never fatal). */
  corruptRecords: number;
  /** Times the oldest daily figures were dropped because the disk quota was exceeded. */
  quotaPrunes: number;
  /** Daily rows dropped by those prunes. */
  quotaPrunedRows: number;
  /** The last write that failed even after pruning, if any. */
  lastWriteError?: string;
  /** Messages refused by the background since it started, and the last reason. */
  rejectedMessages: number;
  lastRejection?: string;
  /** Plain-language sentences for the user (worded from `StorageNotice`s); empty when all is well. */
  notices: string[];
}

/** A storage problem the user should hear about; the data layer names it, the UI words it. */
export type StorageNotice =
  | { code: 'session-only' }
  | { code: 'quota-pruned'; rows: number }
  | { code: 'write-failed'; error: string }
  | { code: 'corrupt'; records: number };

/** The store's own health: `Diagnostics` before the background adds its figures and the wording. */
export type StorageDiagnostics = Omit<Diagnostics, 'notices' | 'rejectedMessages' | 'lastRejection'> & {
  notices: StorageNotice[];
};

/** The four figures counted per rule (a daily row, a roll-up's rule, a top phrase). */
export interface Figures {
  /** Uses (quoted mentions excluded). */
  seen: number;
  /** Quoted mentions, kept out of adoption. */
  quoted: number;
  fixed: number;
  dismissed: number;
}

export interface StatsTotals {
  /** Flag and hint uses (quoted mentions excluded). */
  seen: number;
  /** Partner-language uses. */
  partner: number;
  /** Quoted mentions of any rule, kept out of adoption. */
  quoted: number;
  fixed: number;
  dismissed: number;
  /** Pages earlier seen with phrases and later without. */
  resolved: number;
}

export interface Stats {
  /** Inclusive day range, local time, YYYY-MM-DD. */
  from: string;
  to: string;
  totals: StatsTotals;
  /** partner / (partner + seen); null when both are 0. */
  adoption: number | null;
  /** One entry per day of the range, oldest first, zero-filled. */
  byDay: (StatsTotals & { day: string; adoption: number | null })[];
  /** Most flagged sites first. */
  topSites: (StatsTotals & { hostname: string; adoption: number | null })[];
  /** Rules by uses (flag/hint/partner), most first. */
  topPhrases: (Figures & { rule: string; level: Level })[];
  /** Unresolved pages, most flagged first (empty when the worklist is off). */
  worklist: { url: string; hostname: string; title: string; flagged: number; firstSeen: number; lastSeen: number }[];
  /** Unresolved pages in total (the list above is capped). */
  worklistTotal: number;
}

export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
}

export interface ImportResult {
  /** Daily rows and worklist pages added or raised. */
  merged: number;
  /** Rows already present with the same or higher figures. */
  unchanged: number;
  /** Rows that failed validation or fell outside the retention period. */
  skipped: number;
}
