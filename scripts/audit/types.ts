// Shapes shared by the audit's sources (API, dump), its spool and its report writers.
import type { FoundMatch } from '@/scripts/scan-core';

/** One page as the audit found it; one line of the spool. */
export interface PageResult {
  path: string;
  namespace: number;
  url: string;
  edit: string;
  flagged: number;
  partner: number;
  categories: string[];
  matches: FoundMatch[];
  /** Month → [flagged, partner] of the revision current at the end of that month. */
  history?: Record<string, [number, number]>;
}

export interface AuditHeader {
  partnerLensAudit: 1;
  kind: 'mediawiki' | 'mediawiki-dump';
  source: string;
  namespaces: number[];
  /** Months read, oldest first (empty without --history). */
  months: string[];
  /** When the audit began (kept across resumes, so a resumed report is the same). */
  started: string;
  sitename?: string;
  /** Namespace number → local name, for the report. */
  namespaceNames?: Record<string, string>;
}
