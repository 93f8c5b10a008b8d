// The one message protocol between content scripts, the background, the popup and the options
// page. Every message is a member of a discriminated union on `type`; the background checks the
// shape (validate-message.ts) and the sender (a content script or an extension page) before it
// acts, so a page posting into a content script can never reach the data.
import type { Level, Rule } from '@/utils/engine/types';

export type SiteMode = 'highlight' | 'off';

/** Per-rule figures of one page view, as the content script holds them (totals, not deltas). */
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

// ---- content script -> background ----

export type ContentMessage =
  /**
   * A snapshot of this page view's totals. Idempotent: the background stores the difference to
   * the previous snapshot of the same `viewId`, so a re-sent or re-rendered page never counts
   * twice.
   */
  | {
      type: 'report';
      viewId: string;
      url: string;
      title: string;
      tallies: RuleTally[];
      /** Flag-level uses on the page right now (hints and quoted mentions excluded): the badge number. */
      flaggedNow: number;
      /** Events since the last report, each with a unique id so a retry never counts twice. */
      events: { id: string; kind: 'fixed' | 'dismissed'; rule: string }[];
    }
  | { type: 'get-prefs'; url: string }
  /** "Ignore on this site" from the card: only for the sender tab's own hostname. */
  | { type: 'ignore-phrase'; phrase: string };

// ---- popup / options -> background ----

export interface StatsQuery {
  days: number;
}

export type ExtensionPageMessage =
  | { type: 'get-stats'; days: number }
  | { type: 'get-site'; hostname: string }
  | { type: 'set-site'; hostname: string; mode?: SiteMode; showPartner?: boolean; ignored?: string[] }
  | { type: 'remove-site'; hostname: string }
  | { type: 'get-settings' }
  | { type: 'set-settings'; settings: Partial<Settings> }
  | { type: 'export'; format: 'json' | 'csv'; includeWorklist: boolean }
  | { type: 'import'; data: string }
  | { type: 'clear-worklist' }
  | { type: 'reset' }
  | { type: 'get-diagnostics' }
  /** Every site the user has listed (the options page's site list), by hostname. */
  | { type: 'list-sites' }
  /** What the popup's switch shows: the mode in force on a site, and whether policy fixed it. */
  | { type: 'get-site-mode'; hostname: string };

export interface Settings {
  /** Run everywhere, or only on sites listed with mode 'highlight'. */
  defaultMode: 'everywhere' | 'listed';
  showPartner: boolean;
  worklist: boolean;
  retentionDays: number;
  customRules: Rule[];
  disabledRules: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  defaultMode: 'everywhere',
  showPartner: false,
  worklist: true,
  retentionDays: 400,
  customRules: [],
  disabledRules: [],
};

export type RuntimeMessage = ContentMessage | ExtensionPageMessage;

// ---- background -> content script (tabs.sendMessage) ----

export type TabMessage =
  | { type: 'prefs-changed' }
  | { type: 'navigate'; direction: 'next' | 'previous' }
  | { type: 'list-phrases' }
  | { type: 'reveal'; index: number };

// ---- background -> sender (the reply to every RuntimeMessage) ----
// Added for the background (issue 6). Every runtime message is answered with a `Reply`: the
// value on success, or the reason it was refused (bad shape, wrong sender, storage failure), so
// a caller can tell "no data" from "not allowed".

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

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
  /** Plain-language sentences for the user; empty when all is well. */
  notices: string[];
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
  topPhrases: { rule: string; level: Level; seen: number; quoted: number; fixed: number; dismissed: number }[];
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

/** The reply value for each message type. */
export interface ReplyMap {
  report: { flaggedNow: number };
  'get-prefs': EffectivePrefs;
  'ignore-phrase': EffectivePrefs;
  'get-stats': Stats;
  'get-site': SiteInfo | null;
  'set-site': SiteInfo;
  'remove-site': null;
  'get-settings': Settings & { locked: string[] };
  'set-settings': Settings & { locked: string[] };
  export: ExportFile[];
  import: ImportResult;
  'clear-worklist': null;
  reset: null;
  'get-diagnostics': Diagnostics;
  'list-sites': SiteInfo[];
  'get-site-mode': { mode: SiteMode; locked: boolean };
}

export type ReplyTo<M extends RuntimeMessage> = Reply<ReplyMap[M['type']]>;

/**
 * Sends a runtime message and unwraps the reply: resolves with the value, rejects with the
 * background's reason. `send` is `browser.runtime.sendMessage`, passed in to keep this file free
 * of extension APIs.
 */
export async function request<M extends RuntimeMessage>(
  send: (message: M) => Promise<unknown>,
  message: M,
): Promise<ReplyMap[M['type']]> {
  const reply = (await send(message)) as ReplyTo<M> | undefined;
  if (!reply || typeof reply !== 'object') throw new Error(`No reply to ${message.type}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
