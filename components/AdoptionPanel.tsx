import { t } from '@/utils/i18n/i18n';
import type { Stats } from '@/utils/protocol/messages';
import { AdoptionChart } from './AdoptionChart';
import { EmptyState } from './EmptyState';
import {
  formatNumber,
  formatPercent,
  periodName,
  phraseCount,
  isOne,
  PERIODS,
  summarize,
  trendOf,
  trendSentence,
  WEEKLY_AFTER,
} from './adoption-figures';

export interface AdoptionPanelProps {
  /** null while the figures load: the layout is drawn anyway, with placeholders. */
  stats: Stats | null;
  /**
   * Days for the trend when the period is too short to hold it (the last 8 weeks); the period's
   * own days otherwise.
   */
  trendDays?: Stats['byDay'];
  days: number;
  onDays(days: number): void;
  /** A readable name for a rule id (e.g. the phrase it finds). */
  ruleName(id: string): string;
  /** The worklist is switched off in the options. */
  worklistOff?: boolean;
}

const LEVEL_CLASS = { flag: 'level-flag', hint: 'level-soft', partner: 'level-partner' } as const;

export function AdoptionPanel({ stats, trendDays, days, onDays, ruleName, worklistOff = false }: AdoptionPanelProps) {
  const totals = stats?.totals;
  const levelName = (level: keyof typeof LEVEL_CLASS) =>
    level === 'flag' ? t('levelFlagged') : level === 'hint' ? t('levelHint') : t('levelPartner');
  const nothingYet = stats !== null && stats.byDay.every((d) => d.seen + d.partner + d.quoted + d.fixed + d.dismissed === 0);
  const trend = stats ? trendOf(trendDays ?? stats.byDay, days) : null;
  const phrases = totals ? phraseCount(totals) : undefined;
  const oldFraming = stats?.topPhrases.filter((p) => p.level !== 'partner') ?? [];
  const partnerLanguage = stats?.topPhrases.filter((p) => p.level === 'partner') ?? [];
  return (
    <section class="adoption" aria-labelledby="adoption-heading" aria-busy={stats === null}>
      <div class="adoption-head">
        <h2 id="adoption-heading">{t('adoptionHeading')}</h2>
        <fieldset class="periods">
          <legend class="visually-hidden">{t('periodLegend')}</legend>
          {PERIODS.map((p) => (
            <label key={p} class="period">
              <input type="radio" name="period" value={p} checked={days === p} onChange={() => onDays(p)} />
              <span>{p >= 365 ? t('periodYear') : t('periodDays', formatNumber(p))}</span>
            </label>
          ))}
        </fieldset>
      </div>

      <div class="headline">
        <p class="share">
          <span class="share-label">{t('totalShare')}</span>
          <span class="share-n" data-figure="adoption">
            {stats ? formatPercent(stats.adoption) : '–'}
          </span>
          <span class="share-of" data-figure="phrases">
            {phrases === undefined ? '' : isOne(phrases) ? t('totalShareOf_one', formatNumber(phrases)) : t('totalShareOf_other', formatNumber(phrases))}
          </span>
        </p>
        <p class="trend" data-figure="trend">
          {trend ? trendSentence(trend) : ''}
        </p>
      </div>
      <dl class="totals">
        <div class="total">
          <dt>{t('totalSeen')}</dt>
          <dd data-figure="seen">{formatNumber(totals?.seen)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalPartner')}</dt>
          <dd data-figure="partner">{formatNumber(totals?.partner)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalFixed')}</dt>
          <dd data-figure="fixed">{formatNumber(totals?.fixed)}</dd>
        </div>
        <div class="total">
          <dt>{t('totalResolved')}</dt>
          <dd data-figure="resolved">{formatNumber(totals?.resolved)}</dd>
        </div>
      </dl>
      <p class="muted small">{t('adoptionShareExplained')}</p>

      <div class="chart-slot">
        {stats === null ? (
          <p class="muted">{t('loadingFigures')}</p>
        ) : nothingYet ? (
          <EmptyState title={t('adoptionNothingTitle', periodName(days))}>{t('adoptionNothingBody')}</EmptyState>
        ) : (
          <AdoptionChart
            days={stats.byDay}
            label={days > WEEKLY_AFTER ? t('chartLabelWeeks', periodName(days)) : t('chartLabel', periodName(days))}
            summary={summarize(stats.totals, days, trend!)}
          />
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
                  <span class="num">{t('topSiteFigures', [formatNumber(phraseCount(s)), formatPercent(s.adoption)])}</span>
                </li>
              ))}
            </ol>
          )}
          <h3>{t('topPhrasesHeading')}</h3>
          {oldFraming.length === 0 ? (
            <EmptyState title={t('noPhrasesTitle')}>{t('noPhrasesBody')}</EmptyState>
          ) : (
            <ol class="top-list" data-list="old-framing">
              {oldFraming.slice(0, 5).map((p) => (
                <li key={p.rule}>
                  <span class="name">
                    {ruleName(p.rule)} <span class={`level ${LEVEL_CLASS[p.level]}`}>{levelName(p.level)}</span>
                  </span>
                  <span class="num">
                    {p.fixed
                      ? t('topPhraseSeenFixed', [formatNumber(p.seen), formatNumber(p.fixed)])
                      : t('topPhraseSeen', formatNumber(p.seen))}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {partnerLanguage.length > 0 && (
            <>
              <h3>{t('topPartnerHeading')}</h3>
              <ol class="top-list" data-list="partner-language">
                {partnerLanguage.slice(0, 5).map((p) => (
                  // Partner language is never "fixed": there is nothing to fix.
                  <li key={p.rule}>
                    <span class="name">{ruleName(p.rule)}</span>
                    <span class="num">{t('topPhraseSeen', formatNumber(p.seen))}</span>
                  </li>
                ))}
              </ol>
            </>
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
                    <span class="num">{t('worklistPageFigures', [formatNumber(p.flagged), p.hostname])}</span>
                  </li>
                ))}
              </ul>
              {stats.worklistTotal > stats.worklist.length && (
                <p class="muted small">
                  {t('worklistShowing', [formatNumber(stats.worklist.length), formatNumber(stats.worklistTotal)])}
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
