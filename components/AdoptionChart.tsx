import { t } from '@/utils/i18n/i18n';
import { bucketize, formatDay, formatMonth, formatPercent, type Point } from './adoption-figures';

export interface AdoptionChartProps {
  /** One entry per day, oldest first (Stats.byDay). */
  days: { day: string; seen: number; partner: number }[];
  /** Accessible name of the chart. */
  label: string;
  /** The chart in words (the figure's caption). */
  summary: string;
}

const WIDTH = 320;
const HEIGHT = 96;
/** Room on the left for the y-axis labels. */
const AXIS = 34;
const TOP = 6;

// A line through the points that have figures (a quiet day is a gap in the data, not 0 %), with a
// dot on each, over a labelled 0 / 50 / 100 % scale. The SVG is hidden from assistive technology:
// the caption says the same in words.
export function AdoptionChart({ days, label, summary }: AdoptionChartProps) {
  const points = bucketize(days);
  const weekly = points.length < days.length;
  const plot = WIDTH - AXIS - 4;
  const x = (i: number) => AXIS + (points.length === 1 ? plot : (i / (points.length - 1)) * plot);
  const y = (share: number) => TOP + (1 - share) * (HEIGHT - TOP);
  const shown = points.map((p, i) => ({ p, i })).filter(({ p }) => p.adoption !== null);
  const line = shown.map(({ p, i }) => `${x(i).toFixed(1)},${y(p.adoption!).toFixed(1)}`).join(' ');
  const area = shown.length > 1 ? `${x(shown[0]!.i)},${HEIGHT} ${line} ${x(shown[shown.length - 1]!.i)},${HEIGHT}` : '';
  const r = points.length <= 31 ? 3 : 2;
  const title = (p: Point) =>
    weekly ? t('chartWeekTitle', [formatDay(p.from), formatPercent(p.adoption)]) : t('chartBarTitle', [formatDay(p.to), formatPercent(p.adoption)]);
  const ticks = points.length > 0 ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : [];
  return (
    <figure class="adoption-chart" aria-label={label}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`} width="100%" aria-hidden="true" focusable="false">
        {[0, 0.5, 1].map((s) => (
          <g key={s}>
            <line x1={AXIS} x2={WIDTH} y1={y(s)} y2={y(s)} class={s === 0 ? 'axis' : 'grid'} />
            <text x={AXIS - 4} y={y(s) + 4} class="axis-label" text-anchor="end">
              {formatPercent(s)}
            </text>
          </g>
        ))}
        {area && <polygon points={area} class="area" />}
        {shown.length > 1 && <polyline points={line} class="line" fill="none" />}
        {shown.map(({ p, i }) => (
          <circle key={p.from} cx={x(i)} cy={y(p.adoption!)} r={r} class="dot">
            <title>{title(p)}</title>
          </circle>
        ))}
        {[...new Set(ticks)].map((i, n, all) => (
          <text
            key={i}
            x={x(i)}
            y={HEIGHT + 14}
            class="axis-label"
            text-anchor={all.length > 1 && n === 0 ? 'start' : n === all.length - 1 ? 'end' : 'middle'}
          >
            {weekly ? formatMonth(points[i]!.to) : formatDay(points[i]!.to)}
          </text>
        ))}
      </svg>
      <figcaption class="chart-summary">{summary}</figcaption>
    </figure>
  );
}
