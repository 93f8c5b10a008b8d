// The one message protocol between content scripts, the background, the popup and the options
// page. Every message is a member of a discriminated union on `type`; the background checks the
// shape (validate-message.ts) and the sender (a content script or an extension page) before it
// acts, so a page posting into a content script can never reach the data.
import type {
  Diagnostics,
  EffectivePrefs,
  EffectiveSettings,
  ExportFile,
  ImportResult,
  RuleTally,
  Settings,
  SiteInfo,
  SiteMode,
  Stats,
} from './model';
import type { AuditImportResult, OrgAudit } from './org-audit';

// The options page and the popup still take these from here (issue 15 rewrites them); new code
// imports the model from model.ts.
export { DEFAULT_SETTINGS } from './model';
export type { Diagnostics, PagePhrase, Settings, SiteInfo, SiteMode, Stats, StatsTotals } from './model';

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

export type ExtensionPageMessage =
  | { type: 'get-stats'; days: number }
  | { type: 'get-site'; hostname: string }
  | { type: 'set-site'; hostname: string; mode?: SiteMode; showPartner?: boolean; ignored?: string[] }
  | { type: 'remove-site'; hostname: string }
  | { type: 'get-settings' }
  | { type: 'set-settings'; settings: Partial<Settings> }
  | { type: 'export'; format: 'json' | 'csv'; includeWorklist: boolean }
  | { type: 'import'; data: string }
  /** An audit's JSON report (npm run scan -- --mediawiki …): checked and kept by the background. */
  | { type: 'import-audit'; data: string }
  | { type: 'get-audit' }
  | { type: 'remove-audit' }
  | { type: 'clear-worklist' }
  | { type: 'reset' }
  | { type: 'get-diagnostics' }
  /** Every site the user has listed (the options page's site list), by hostname. */
  | { type: 'list-sites' }
  /** What the popup's switch shows: the mode in force on a site, and whether policy fixed it. */
  | { type: 'get-site-mode'; hostname: string };

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

/** The reply value for each message type. */
export interface ReplyMap {
  report: { flaggedNow: number };
  'get-prefs': EffectivePrefs;
  'ignore-phrase': EffectivePrefs;
  'get-stats': Stats;
  'get-site': SiteInfo | null;
  'set-site': SiteInfo;
  'remove-site': null;
  'get-settings': EffectiveSettings;
  'set-settings': EffectiveSettings;
  export: ExportFile[];
  import: ImportResult;
  'import-audit': AuditImportResult;
  'get-audit': OrgAudit | null;
  'remove-audit': null;
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
