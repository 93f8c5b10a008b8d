import { t } from '@/utils/i18n/i18n';
import { formatShare } from './page-target';

export interface AdoptionChartProps {
  /** One entry per day, oldest first (Stats.byDay). */
  days: { day: string; adoption: number | null; seen: number; partner: number }[];
  /** Accessible name of the chart. */
  label?: string;
}

const WIDTH = 320;
const HEIGHT = 72;
const GAP = 1;

/** The chart in words, for screen readers and for anyone who would rather read than look. */
export function summarizeAdoption(days: AdoptionChartProps['days']): string {
  const withFigures = days.filter((d) => d.adoption !== null);
  if (withFigures.length === 0) return t('chartNoFigures', String(days.length));
  const first = withFigures[0]!;
  const last = withFigures[withFigures.length - 1]!;
  const partner = withFigures.reduce((n, d) => n + d.partner, 0);
  const flagged = withFigures.reduce((n, d) => n + d.seen, 0);
  const overall = partner / (partner + flagged);
  const quiet = days.length - withFigures.length;
  let trend: string;
  if (withFigures.length === 1) trend = t('chartOnlyDay', [label(first.day), formatShare(first.adoption)]);
  else {
    const delta = Math.round(last.adoption! * 100) - Math.round(first.adoption! * 100);
    const [from, fromDay, to, toDay] = [formatShare(first.adoption), label(first.day), formatShare(last.adoption), label(last.day)];
    trend =
      delta > 0
        ? t('chartTrendRose', [String(delta), from, fromDay, to, toDay])
        : delta < 0
          ? t('chartTrendFell', [String(-delta), from, fromDay, to, toDay])
          : t('chartTrendLevel', [from, fromDay, to, toDay]);
  }
  const best = withFigures.reduce((a, b) => (b.adoption! > a.adoption! ? b : a));
  return [
    t('chartOverall', [formatShare(overall), String(partner + flagged), String(days.length)]),
    trend,
    withFigures.length > 1 ? t('chartHighest', [formatShare(best.adoption), label(best.day)]) : '',
    quiet === 1 ? t('chartQuietOne') : quiet > 1 ? t('chartQuietMany', String(quiet)) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function label(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toLocaleDateString('en', { day: 'numeric', month: 'short' });
}

// Bars show the day's adoption share; a day without figures gets a short grey tick, so "no data"
// never reads as "0 %". The SVG itself is hidden from assistive technology: the summary says it.
export function AdoptionChart({ days, label: name = t('chartDefaultLabel') }: AdoptionChartProps) {
  const n = Math.max(days.length, 1);
  const slot = WIDTH / n;
  const barWidth = Math.max(slot - GAP, 1);
  const summary = summarizeAdoption(days);
  return (
    <figure class="adoption-chart" aria-label={name}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 1}`} width="100%" aria-hidden="true" focusable="false">
        <line x1="0" x2={WIDTH} y1={HEIGHT} y2={HEIGHT} class="axis" />
        <line x1="0" x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} class="grid" />
        {days.map((d, i) => {
          const x = i * slot;
          if (d.adoption === null) return <rect key={d.day} x={x} y={HEIGHT - 2} width={barWidth} height={2} class="bar-empty" />;
          const h = Math.max(d.adoption * HEIGHT, 2);
          return (
            <rect key={d.day} x={x} y={HEIGHT - h} width={barWidth} height={h} class="bar">
              <title>{t('chartBarTitle', [label(d.day), formatShare(d.adoption)])}</title>
            </rect>
          );
        })}
      </svg>
      {days.length > 0 && (
        <div class="chart-ticks" aria-hidden="true">
          <span>{label(days[0]!.day)}</span>
          <span>{label(days[days.length - 1]!.day)}</span>
        </div>
      )}
      <figcaption class="chart-summary">{summary}</figcaption>
    </figure>
  );
}
