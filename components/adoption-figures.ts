// The popup's figures in the shapes its chart and sentences need: weekly buckets past 90 days,
// the trend of the last weeks (or months) against those before, numbers and dates through Intl in
// the browser's locale, and plural wording. Pure: the day series comes in, text and points go out.
import { t } from '@/utils/i18n/i18n';
import type { Stats } from '@/utils/protocol/model';

type Day = Pick<Stats['byDay'][number], 'day' | 'seen' | 'partner'>;

export interface Point {
  /** First and last day of the bucket, YYYY-MM-DD. */
  from: string;
  to: string;
  seen: number;
  partner: number;
  adoption: number | null;
}

/** The periods the popup offers, in days; the longest is a year. */
export const PERIODS = [7, 30, 90, 365] as const;
/** Past this many days, the chart shows weeks. */
export const WEEKLY_AFTER = 90;

const share = (seen: number, partner: number) => (seen + partner === 0 ? null : partner / (seen + partner));

/** "Phrases" means one thing everywhere: uses of old framing plus uses of partner language. */
export const phraseCount = (t: { seen: number; partner: number }) => t.seen + t.partner;

/** One point per day, or per week (ending on the last day) for long periods. */
export function bucketize(days: Day[]): Point[] {
  const size = days.length > WEEKLY_AFTER ? 7 : 1;
  const out: Point[] = [];
  // From the newest day back, so that the last bucket is a whole week ending today.
  for (let end = days.length; end > 0; end -= size) {
    const slice = days.slice(Math.max(0, end - size), end);
    const seen = slice.reduce((n, d) => n + d.seen, 0);
    const partner = slice.reduce((n, d) => n + d.partner, 0);
    out.unshift({ from: slice[0]!.day, to: slice[slice.length - 1]!.day, seen, partner, adoption: share(seen, partner) });
  }
  return out;
}

export interface Trend {
  /** Share in the recent window and the one before it (null: nothing counted there). */
  recent: number | null;
  before: number | null;
  /** Whole percentage points, recent minus before. */
  delta: number | null;
  unit: 'weeks' | 'months';
}

/**
 * The last 4 weeks against the 4 before; for a year, the last 3 months (13 weeks) against the 3
 * before. `days` is the newest-last day series, at least two windows long to say anything.
 */
export function trendOf(days: Day[], period: number): Trend {
  const unit = period >= 365 ? 'months' : 'weeks';
  const size = unit === 'months' ? 91 : 28;
  const sum = (slice: Day[]) =>
    share(
      slice.reduce((n, d) => n + d.seen, 0),
      slice.reduce((n, d) => n + d.partner, 0),
    );
  const recent = sum(days.slice(-size));
  const before = days.length >= 2 * size ? sum(days.slice(-2 * size, -size)) : null;
  const delta = recent === null || before === null ? null : Math.round(recent * 100) - Math.round(before * 100);
  return { recent, before, delta, unit };
}

// ---- words and numbers ----

const locale = () => (typeof navigator !== 'undefined' ? navigator.language : undefined);

export function formatNumber(n: number | undefined): string {
  return n === undefined ? '–' : new Intl.NumberFormat(locale()).format(n);
}

/** "42 %" as the locale writes it; an en dash where there is nothing to divide. */
export function formatPercent(value: number | null): string {
  return value === null ? '–' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function formatDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), withYear ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' }).format(
    new Date(y!, m! - 1, d!),
  );
}

export function formatMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'short' }).format(new Date(y!, m! - 1, 1));
}

/**
 * Whether `n` takes the locale's "one" form (Intl.PluralRules). Messages come in `_one` / `_other`
 * pairs, each asked for by its literal key, so that the locale test can see every key in use.
 */
export function isOne(n: number): boolean {
  return new Intl.PluralRules(locale()).select(n) === 'one';
}

/** The trend in one sentence, or '' when either window has nothing counted. */
export function trendSentence(trend: Trend): string {
  if (trend.delta === null || trend.recent === null) return '';
  const window = trend.unit === 'months' ? t('trendLastMonths') : t('trendLastWeeks');
  const before = trend.unit === 'months' ? t('trendMonthsBefore') : t('trendWeeksBefore');
  const recent = formatPercent(trend.recent);
  if (trend.delta === 0) return t('trendLevel', [recent, window, before]);
  const n = Math.abs(trend.delta);
  const points = formatNumber(n);
  if (trend.delta > 0) return isOne(n) ? t('trendUp_one', [recent, window, points, before]) : t('trendUp_other', [recent, window, points, before]);
  return isOne(n) ? t('trendDown_one', [recent, window, points, before]) : t('trendDown_other', [recent, window, points, before]);
}

/** What the chart shows, in words: the period's share of its phrases, then the trend. */
export function summarize(totals: { seen: number; partner: number }, period: number, trend: Trend): string {
  const phrases = phraseCount(totals);
  if (phrases === 0) return t('chartNoFigures');
  const [pct, count, name] = [formatPercent(share(totals.seen, totals.partner)), formatNumber(phrases), periodName(period)];
  const overall = isOne(phrases) ? t('chartOverall_one', [pct, count, name]) : t('chartOverall_other', [pct, count, name]);
  return [overall, trendSentence(trend)].filter(Boolean).join(' ');
}

export function periodName(days: number): string {
  return days >= 365 ? t('periodYear') : t('periodDays', formatNumber(days));
}
