// Calendar months in UTC, as "YYYY-MM" keys. The audit reads each page as it stood at the end of
// each month: the latest revision saved before the first instant of the next month.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(key: string): boolean {
  return MONTH.test(key);
}

export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant after the month (exclusive end), in ms since the epoch. */
export function monthEnd(key: string): number {
  const m = MONTH.exec(key);
  if (!m) throw new Error(`not a month: ${key}`);
  return Date.UTC(Number(m[1]), Number(m[2]), 1);
}

export function monthStart(key: string): number {
  const m = MONTH.exec(key);
  if (!m) throw new Error(`not a month: ${key}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
}

export function addMonths(key: string, n: number): string {
  const m = MONTH.exec(key);
  if (!m) throw new Error(`not a month: ${key}`);
  return monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1 + n, 1));
}

/** Every month from `since` to `until`, both included, oldest first. */
export function monthRange(since: string, until: string): string[] {
  const out: string[] = [];
  for (let k = since; k <= until; k = addMonths(k, 1)) out.push(k);
  return out;
}

/**
 * Which of `months` a revision saved at `from` is the current one at the end of, given that the
 * next revision was saved at `to` (or none: `to` is Infinity). Months are sorted oldest first.
 */
export function monthsHeld(months: readonly string[], from: number, to: number): string[] {
  const out: string[] = [];
  for (const key of months) {
    const end = monthEnd(key);
    if (from < end && end <= to) out.push(key);
    else if (to < end) break;
  }
  return out;
}
