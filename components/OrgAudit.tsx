import { t } from '@/utils/i18n/i18n';
import type { AuditMonth, OrgAudit as Audit } from '@/utils/protocol/org-audit';
import { formatNumber, formatPercent as formatShare } from './adoption-figures';

export interface OrgAuditProps {
  /** The imported wiki audit (options page); nothing is shown without one. */
  audit: Audit | null;
  /** Pages to fix listed (the audit keeps up to 20). */
  pages?: number;
}

const WIDTH = 320;
const HEIGHT = 56;

function MonthBars({ history }: { history: AuditMonth[] }) {
  const known = history.filter((h) => h.adoption !== null);
  if (known.length === 0) return null;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const label = t('orgAuditTrend', [formatShare(first.adoption), first.month, formatShare(last.adoption), last.month]);
  const w = WIDTH / history.length;
  return (
    <svg class="org-audit-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} width="100%" height={HEIGHT}>
      <title>{label}</title>
      {history.map((h, i) => {
        const height = h.adoption === null ? 0 : Math.max(1, h.adoption * HEIGHT);
        return <rect key={h.month} x={i * w + 1} y={HEIGHT - height} width={Math.max(1, w - 2)} height={height} />;
      })}
    </svg>
  );
}

/** The organisation's figures from an imported wiki audit, labelled as such, beside the user's own. */
export function OrgAudit({ audit, pages = 5 }: OrgAuditProps) {
  if (!audit) return null;
  const date = audit.date.slice(0, 10);
  const toFix = audit.toFix.slice(0, pages);
  return (
    <section class="org-audit" aria-labelledby="org-audit-heading">
      <h2 id="org-audit-heading">{t('orgAuditHeading', date)}</h2>
      <p class="org-audit-source">{t('orgAuditSource', audit.sitename || audit.source)}</p>
      <p class="org-audit-figures">
        {t('orgAuditFigures', [formatShare(audit.totals.adoption), formatNumber(audit.totals.flagged), formatNumber(audit.totals.pages)])}
      </p>
      <MonthBars history={audit.history} />
      {toFix.length > 0 && (
        <>
          <h3>{t('orgAuditFixHeading')}</h3>
          <ol class="org-audit-fix">
            {toFix.map((p) => (
              <li key={p.title}>
                {p.url ? (
                  <a href={p.url} target="_blank" rel="noreferrer">
                    {p.title}
                  </a>
                ) : (
                  p.title
                )}{' '}
                <span class="count">{t('orgAuditFlagged', String(p.flagged))}</span>{' '}
                {p.edit && (
                  <a href={p.edit} target="_blank" rel="noreferrer" aria-label={t('orgAuditEdit', p.title)}>
                    ✎
                  </a>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
