// Reads an audit's JSON report (the command line's --format json) into the summary the
// extension keeps. Everything is checked: a file that is not an audit, or has one bad field,
// is refused with the reason and changes nothing.
import { AUDIT_LIMITS, isWebLink, type AuditImportResult, type AuditProblem } from '@/utils/protocol/org-audit';
import { AuditAggregate, type AuditPage } from './aggregate';
import { isMonth } from './months';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const refuse = (refused: AuditProblem, detail: string): AuditImportResult => ({ refused, detail });

export function parseAuditReport(text: string, now: number, maxChars = 200_000_000): AuditImportResult {
  if (text.length > maxChars) return refuse('too-large', `${text.length} characters`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return refuse('not-json', (e as Error).message.slice(0, 200));
  }
  if (!isObj(data) || !isObj(data.audit) || !Array.isArray(data.files) || !isObj(data.totals)) {
    return refuse('not-audit', 'expected "audit", "files" and "totals" (npm run scan -- --mediawiki … --format json)');
  }
  const a = data.audit;
  if (typeof a.source !== 'string' || a.source.length > AUDIT_LIMITS.text) return refuse('bad-field', 'audit.source');
  if (typeof a.date !== 'string' || Number.isNaN(Date.parse(a.date))) return refuse('bad-field', 'audit.date');
  if (a.sitename !== undefined && (typeof a.sitename !== 'string' || a.sitename.length > AUDIT_LIMITS.text)) return refuse('bad-field', 'audit.sitename');

  const history = data.history;
  if (history !== undefined && (!Array.isArray(history) || history.length > AUDIT_LIMITS.months)) return refuse('bad-field', 'history');
  const months: string[] = [];
  for (const [i, h] of (history ?? []).entries()) {
    if (!isObj(h) || typeof h.month !== 'string' || !isMonth(h.month) || !isCount(h.pages) || !isCount(h.flagged) || !isCount(h.partner)) {
      return refuse('bad-field', `history[${i}]`);
    }
    if (months.length && h.month <= months[months.length - 1]!) return refuse('bad-field', `history[${i}].month is out of order`);
    months.push(h.month);
  }

  const agg = new AuditAggregate([], AUDIT_LIMITS.toFix);
  for (const [i, f] of data.files.entries()) {
    if (!isObj(f) || typeof f.path !== 'string' || f.path.length > AUDIT_LIMITS.text || !isCount(f.flagged) || !isCount(f.partner)) {
      return refuse('bad-field', `files[${i}]`);
    }
    const url = f.url ?? '';
    const edit = f.edit ?? '';
    if (!isWebLink(url) || !isWebLink(edit)) return refuse('bad-field', `files[${i}].url`);
    agg.add({ path: f.path, url, edit, flagged: f.flagged, partner: f.partner } satisfies AuditPage);
  }
  const totals = agg.totals();
  const t = data.totals;
  if (t.files !== totals.pages || t.flagged !== totals.flagged || t.partner !== totals.partner) {
    return refuse('bad-field', 'totals do not add up to the pages listed');
  }
  return {
    imported: {
      source: a.source,
      sitename: typeof a.sitename === 'string' ? a.sitename : '',
      date: a.date,
      importedAt: now,
      totals,
      history: (history ?? []).map((h: { month: string; pages: number; flagged: number; partner: number }) => ({
        month: h.month,
        pages: h.pages,
        flagged: h.flagged,
        partner: h.partner,
        adoption: h.flagged + h.partner ? Math.round((h.partner / (h.flagged + h.partner)) * 1000) / 1000 : null,
      })),
      toFix: agg.toFix(AUDIT_LIMITS.toFix),
    },
  };
}
