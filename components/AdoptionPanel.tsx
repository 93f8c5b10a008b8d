import { t } from '@/utils/i18n/i18n';
import type { Stats } from '@/utils/protocol/messages';
import { formatShare } from './page-target';
import { AdoptionChart } from './AdoptionChart';
import { EmptyState } from './EmptyState';

export interface AdoptionPanelProps {
  /** null while the figures load: the layout is drawn anyway, with placeholders. */
  stats: Stats | null;
  days: number;
  onDays(days: number): void;
  /** A readable name for a rule id (e.g. the phrase it finds). */
  ruleName(id: string): string;
  /** The worklist is switched off in the options. */
  worklistOff?: boolean;
}

export const PERIODS = [7, 30, 90] as const;

const LEVEL_CLASS = { flag: 'level-flag', hint: 'level-soft', partner: 'level-partner' } as const;

export function AdoptionPanel({ stats, days, onDays, ruleName, worklistOff = false }: AdoptionPanelProps) {
  const totals = stats?.totals;
  const levelName = (level: keyof typeof LEVEL_CLASS) =>
    level === 'flag' ? t('levelFlagged') : level === 'hint' ? t('levelHint') : t('levelPartner');
  const figure = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en'));
  const nothingYet = stats !== null && stats.byDay.every((d) => d.seen + d.partner + d.quoted + d.fixed + d.dismissed === 0);
  return (
    <section class="adoption" aria-labelledby="adoption-heading" aria-busy={stats === null}>
      <div class="adoption-head">
        <h2 id="adoption-heading">{t('adoptionHeading')}</h2>
        <fieldset class="periods">
          <legend class="visually-hidden">{t('periodLegend')}</legend>
          {PERIODS.map((p) => (
            <label key={p} class="period">
              <input type="radio" name="period" value={p} checked={days === p} onChange={() => onDays(p)} />
              <span>{t('periodDays', String(p))}</span>
            </label>
          ))}
        </fieldset>
      </div>

      <dl class="totals">
        <div class="total share">
          <dt>{t('totalShare')}</dt>
          <dd data-figure="adoption">{stats ? formatShare(stats.adoption) : '–'}</dd>
        </div>
        <div class="total">
          <dt>{t('totalSeen')}</dt>
          <dd data-figure="seen">{figure(totals?.seen)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalFixed')}</dt>
          <dd data-figure="fixed">{figure(totals?.fixed)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalDismissed')}</dt>
          <dd data-figure="dismissed">{figure(totals?.dismissed)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalResolved')}</dt>
          <dd data-figure="resolved">{figure(totals?.resolved)}</dd>
        </div>
      </dl>
      <p class="muted small">{t('adoptionShareExplained')}</p>

      <div class="chart-slot">
        {stats === null ? (
          <p class="muted">{t('loadingFigures')}</p>
        ) : nothingYet ? (
          <EmptyState title={t('adoptionNothingTitle', String(days))}>{t('adoptionNothingBody')}</EmptyState>
        ) : (
          <AdoptionChart days={stats.byDay} label={t('chartLabel', String(days))} />
        )}
      </div>

      {stats && !nothingYet && (
        <>
          <h3>{t('topSitesHeading')}</h3>
          {stats.topSites.length === 0 ? (
            <EmptyState title={t('noSitesTitle')}>{t('noSitesBody')}</EmptyState>
          ) : (
            <ol class="top-list">
              {stats.topSites.slice(0, 5).map((s) => (
                <li key={s.hostname}>
                  <span class="name">{s.hostname}</span>
                  <span class="num">{t('topSiteFigures', [String(s.seen), formatShare(s.adoption)])}</span>
                </li>
              ))}
            </ol>
          )}
          <h3>{t('topPhrasesHeading')}</h3>
          {stats.topPhrases.length === 0 ? (
            <EmptyState title={t('noPhrasesTitle')}>{t('noPhrasesBody')}</EmptyState>
          ) : (
            <ol class="top-list">
              {stats.topPhrases.slice(0, 5).map((p) => (
                <li key={p.rule}>
                  <span class="name">
                    {ruleName(p.rule)} <span class={`level ${LEVEL_CLASS[p.level]}`}>{levelName(p.level)}</span>
                  </span>
                  <span class="num">
                    {p.fixed ? t('topPhraseSeenFixed', [String(p.seen), String(p.fixed)]) : t('topPhraseSeen', String(p.seen))}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}

      {stats && (
        <>
          <h3>{t('worklistHeading')}</h3>
          {worklistOff ? (
            <EmptyState title={t('worklistOffTitle')}>{t('worklistOffBody')}</EmptyState>
          ) : stats.worklist.length === 0 ? (
            <EmptyState title={t('worklistEmptyTitle')}>{t('worklistEmptyBody')}</EmptyState>
          ) : (
            <>
              <ul class="worklist">
                {stats.worklist.map((p) => (
                  <li key={p.url}>
                    <a href={p.url} target="_blank" rel="noopener noreferrer">
                      {p.title || p.url}
                    </a>
                    <span class="num">{t('worklistPageFigures', [String(p.flagged), p.hostname])}</span>
                  </li>
                ))}
              </ul>
              {stats.worklistTotal > stats.worklist.length && (
                <p class="muted small">
                  {t('worklistShowing', [String(stats.worklist.length), String(stats.worklistTotal)])}
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
