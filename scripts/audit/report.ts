// Writes the audit's report from its spool: JSON (the files contract, one entry per page, plus
// the audit's source and the monthly series), text, CSV, or the HTML report for champions.
import { csvCell, matchEntry } from '@/scripts/scan-report';
import { AuditAggregate } from '@/utils/audit/aggregate';
import { renderHtmlReport } from './html-report';
import { readPages } from './spool';
import type { AuditHeader, PageResult } from './types';

export type AuditFormat = 'json' | 'text' | 'csv' | 'html';

function pageEntry(p: PageResult): Record<string, unknown> {
  return {
    path: p.path,
    url: p.url,
    edit: p.edit,
    namespace: p.namespace,
    categories: p.categories,
    flagged: p.flagged,
    partner: p.partner,
    matches: p.matches.map(matchEntry),
  };
}

export function auditInfo(h: AuditHeader): Record<string, unknown> {
  return {
    kind: h.kind,
    source: h.source,
    ...(h.sitename ? { sitename: h.sitename } : {}),
    namespaces: h.namespaces,
    date: h.started,
  };
}

export async function writeReport(spoolPath: string, header: AuditHeader, format: AuditFormat, out: (s: string) => void): Promise<void> {
  const agg = new AuditAggregate(header.months);
  if (format === 'html') {
    for await (const p of readPages(spoolPath)) agg.add(p);
    out(renderHtmlReport(header, agg));
    return;
  }
  if (format === 'json') {
    out(`{"audit":${JSON.stringify(auditInfo(header))},\n"files":[`);
    let first = true;
    for await (const p of readPages(spoolPath)) {
      agg.add(p);
      out(`${first ? '\n' : ',\n'}${JSON.stringify(pageEntry(p))}`);
      first = false;
    }
    const t = agg.totals();
    out(`\n],\n"totals":${JSON.stringify({ files: t.pages, flagged: t.flagged, partner: t.partner, adoption: t.adoption })}`);
    if (header.months.length) out(`,\n"history":[\n${agg.history().map((h) => JSON.stringify(h)).join(',\n')}\n]`);
    out('}\n');
    return;
  }
  if (format === 'csv') {
    out('path,line,rule,level,text,suggestion,quoted\n');
    for await (const p of readPages(spoolPath)) {
      for (const m of p.matches) out([p.path, m.line, m.rule, m.level, m.text, m.suggestion ?? '', m.quoted].map(csvCell).join(',') + '\n');
    }
    return;
  }
  for await (const p of readPages(spoolPath)) {
    agg.add(p);
    for (const m of p.matches) {
      const where = m.line === null ? p.path : `${p.path}:${m.line}`;
      const advice = m.suggestion ? ` \u2192 ${m.suggestion}` : '';
      out(`${where}: ${m.level}${m.quoted ? ' (quoted)' : ''} [${m.rule}] "${m.text.replace(/\s+/g, ' ')}"${advice}\n`);
    }
  }
  const t = agg.totals();
  const a = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  out(`${t.pages} page${t.pages === 1 ? '' : 's'}: ${t.flagged} flagged, ${t.partner} partner language, adoption ${a(t.adoption)}\n`);
  for (const h of agg.history()) out(`${h.month}: ${h.pages} pages, ${h.flagged} flagged, ${h.partner} partner language, adoption ${a(h.adoption)}\n`);
}
