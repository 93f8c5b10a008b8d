// Whether a median is under a limit, said no more firmly than the runs allow. The main-thread Δ
// of a small page spreads over hundreds of milliseconds from run to run, more than our whole
// cost, so the median of five runs alone flips between "holds" and "no" from one hour to the
// next. A distribution-free interval for the median (order statistics: no assumption about the
// noise's shape) says which verdicts the runs can carry.

export interface MedianInterval {
  low: number;
  high: number;
  /** Probability that the interval holds the true median (exact for any continuous distribution). */
  coverage: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialCdfHalf(n: number, k: number): number {
  let term = 0.5 ** n;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The narrowest interval [x(k), x(n+1−k)] of the sorted runs whose coverage is at least `level`;
 * with too few runs for that, the whole range (and its smaller coverage).
 */
export function medianInterval(runs: readonly number[], level = 0.9): MedianInterval {
  const xs = runs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return { low: NaN, high: NaN, coverage: 0 };
  let k = 1;
  // Coverage of [x(k), x(n+1−k)] is 1 − 2·P(X ≤ k − 1); move inward while it stays above `level`.
  while (k + 1 <= (n + 1) / 2 && 1 - 2 * binomialCdfHalf(n, k) >= level) k++;
  return { low: xs[k - 1]!, high: xs[n - k]!, coverage: n === 1 ? 0 : 1 - 2 * binomialCdfHalf(n, k - 1) };
}

export type LimitVerdict = 'holds' | 'fails' | 'unclear';

/** Holds when the whole interval is at or under the limit, fails when it is all over it. */
export function againstLimit(runs: readonly number[], limit: number, level = 0.9): LimitVerdict {
  const { low, high } = medianInterval(runs, level);
  if (!(high <= limit) && !(low > limit)) return 'unclear';
  return high <= limit ? 'holds' : 'fails';
}
