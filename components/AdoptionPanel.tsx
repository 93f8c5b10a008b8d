import type { Stats } from '../utils/messages';
import { formatShare } from '../utils/page-target';
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
const LEVEL_NAME = { flag: 'flagged', hint: 'hint', partner: 'partner' } as const;

export function AdoptionPanel({ stats, days, onDays, ruleName, worklistOff = false }: AdoptionPanelProps) {
  const t = stats?.totals;
  const figure = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en'));
  const nothingYet = stats !== null && stats.byDay.every((d) => d.seen + d.partner + d.quoted + d.fixed + d.dismissed === 0);
  return (
    <section class="adoption" aria-labelledby="adoption-heading" aria-busy={stats === null}>
      <div class="adoption-head">
        <h2 id="adoption-heading">Adoption</h2>
        <fieldset class="periods">
          <legend class="visually-hidden">Period</legend>
          {PERIODS.map((p) => (
            <label key={p} class="period">
              <input type="radio" name="period" value={p} checked={days === p} onChange={() => onDays(p)} />
              <span>{p} days</span>
            </label>
          ))}
        </fieldset>
      </div>

      <dl class="totals">
        <div class="total share">
          <dt>Partner share</dt>
          <dd data-figure="adoption">{stats ? formatShare(stats.adoption) : '–'}</dd>
        </div>
        <div class="total">
          <dt>Phrases seen</dt>
          <dd data-figure="seen">{figure(t?.seen)}</dd>
        </div>
        <div class="total">
          <dt>Fixed</dt>
          <dd data-figure="fixed">{figure(t?.fixed)}</dd>
        </div>
        <div class="total">
          <dt>Dismissed</dt>
          <dd data-figure="dismissed">{figure(t?.dismissed)}</dd>
        </div>
        <div class="total">
          <dt>Pages resolved</dt>
          <dd data-figure="resolved">{figure(t?.resolved)}</dd>
        </div>
      </dl>
      <p class="muted small">Partner share = partner language ÷ (partner language + flagged phrases); quoted mentions are left out.</p>

      <div class="chart-slot">
        {stats === null ? (
          <p class="muted">Loading figures…</p>
        ) : nothingYet ? (
          <EmptyState title={`Nothing counted in the last ${days} days`}>
            Figures appear here as you read pages: every “internal customer” phrase and every bit of partner language Partner
            Lens sees is counted once per page view, on this device only.
          </EmptyState>
        ) : (
          <AdoptionChart days={stats.byDay} label={`Partner share by day, last ${days} days`} />
        )}
      </div>

      {stats && !nothingYet && (
        <>
          <h3>Top sites</h3>
          {stats.topSites.length === 0 ? (
            <EmptyState title="No sites yet">The sites with the most flagged phrases will be listed here.</EmptyState>
          ) : (
            <ol class="top-list">
              {stats.topSites.slice(0, 5).map((s) => (
                <li key={s.hostname}>
                  <span class="name">{s.hostname}</span>
                  <span class="num">
                    {s.seen} flagged · {formatShare(s.adoption)} partner
                  </span>
                </li>
              ))}
            </ol>
          )}
          <h3>Top phrases</h3>
          {stats.topPhrases.length === 0 ? (
            <EmptyState title="No phrases yet">The phrases seen most often will be listed here.</EmptyState>
          ) : (
            <ol class="top-list">
              {stats.topPhrases.slice(0, 5).map((p) => (
                <li key={p.rule}>
                  <span class="name">
                    {ruleName(p.rule)} <span class={`level ${LEVEL_CLASS[p.level]}`}>{LEVEL_NAME[p.level]}</span>
                  </span>
                  <span class="num">
                    {p.seen} seen{p.fixed ? ` · ${p.fixed} fixed` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}

      {stats && (
        <>
          <h3>Pages still to fix</h3>
          {worklistOff ? (
            <EmptyState title="The worklist is off">
              Switch it on in the options to keep a list, on this device, of pages that still use “internal customer” framing.
            </EmptyState>
          ) : stats.worklist.length === 0 ? (
            <EmptyState title="No pages to fix">
              Pages where Partner Lens finds flagged phrases are listed here until they are fixed, most flagged first.
            </EmptyState>
          ) : (
            <>
              <ul class="worklist">
                {stats.worklist.map((p) => (
                  <li key={p.url}>
                    <a href={p.url} target="_blank" rel="noopener noreferrer">
                      {p.title || p.url}
                    </a>
                    <span class="num">
                      {p.flagged} flagged · {p.hostname}
                    </span>
                  </li>
                ))}
              </ul>
              {stats.worklistTotal > stats.worklist.length && (
                <p class="muted small">
                  Showing {stats.worklist.length} of {stats.worklistTotal} pages.
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
