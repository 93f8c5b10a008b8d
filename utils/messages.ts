// The one message protocol between content scripts, the background, the popup and the options
// page. Every message is a member of a discriminated union on `type`; the background checks the
// shape (validate-message.ts) and the sender (a content script or an extension page) before it
// acts, so a page posting into a content script can never reach the data.
import type { Level, Rule } from './types';

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
      /** Flag and hint uses on the page right now (quoted excluded): the badge number. */
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
  | { type: 'get-diagnostics' };

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
