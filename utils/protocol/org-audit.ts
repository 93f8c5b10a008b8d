// The organisation's wiki audit as the extension keeps it: a summary of an audit made with
// `npm run scan -- --mediawiki …` (or a dump), imported on the options page and shown in the
// popup beside the user's own figures. Never collected from browsing: only what the champion
// imports.

export interface AuditFigures {
  pages: number;
  flagged: number;
  partner: number;
  adoption: number | null;
}

export interface AuditMonth extends AuditFigures {
  /** "YYYY-MM" */
  month: string;
}

export interface AuditPageToFix {
  title: string;
  url: string;
  edit: string;
  flagged: number;
  partner: number;
}

export interface OrgAudit {
  /** The api.php URL or dump file the audit read. */
  source: string;
  sitename: string;
  /** When the audit ran (ISO 8601). */
  date: string;
  importedAt: number;
  totals: AuditFigures;
  /** Oldest first; empty when the audit was made without --history. */
  history: AuditMonth[];
  /** Most flagged uses first, at most AUDIT_LIMITS.toFix. */
  toFix: AuditPageToFix[];
}

/** Why an audit file was refused (worded by the options page). */
export type AuditProblem = 'not-json' | 'not-audit' | 'bad-field' | 'too-large';

export type AuditImportResult = { imported: OrgAudit } | { refused: AuditProblem; detail: string };

export const AUDIT_LIMITS = { toFix: 20, months: 240, text: 2000, url: 8192 } as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isShare = (v: unknown) => v === null || (typeof v === 'number' && v >= 0 && v <= 1);
const isText = (v: unknown, max: number = AUDIT_LIMITS.text): v is string => typeof v === 'string' && v.length <= max;
/** Links stored for the popup are http(s) or empty, nothing else. */
export const isWebLink = (v: unknown): v is string => isText(v, AUDIT_LIMITS.url) && (v === '' || /^https?:\/\//i.test(v));

const isMonthKey = (v: unknown) => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

export function isAuditFigures(v: unknown): v is AuditFigures {
  return isObj(v) && isCount(v.pages) && isCount(v.flagged) && isCount(v.partner) && isShare(v.adoption);
}

/** The stored record and the message carrying it are checked by the same guard. */
export function isOrgAudit(v: unknown): v is OrgAudit {
  return (
    isObj(v) && isText(v.source) && isText(v.sitename) && isText(v.date, 40) && !Number.isNaN(Date.parse(v.date)) &&
    isCount(v.importedAt) && isAuditFigures(v.totals) &&
    Array.isArray(v.history) && v.history.length <= AUDIT_LIMITS.months &&
    v.history.every((h: unknown) => isAuditFigures(h) && isMonthKey((h as { month?: unknown }).month)) &&
    Array.isArray(v.toFix) && v.toFix.length <= AUDIT_LIMITS.toFix &&
    v.toFix.every((p) => isObj(p) && isText(p.title) && isWebLink(p.url) && isWebLink(p.edit) && isCount(p.flagged) && isCount(p.partner))
  );
}
