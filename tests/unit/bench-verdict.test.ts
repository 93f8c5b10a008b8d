// The benchmark's verdict on a noisy figure: an interval for the median from order statistics.
import { describe, expect, it } from 'vitest';
import { againstLimit, medianInterval } from '../bench/verdict';

describe('medianInterval', () => {
  it.each([
    // n = 5: only [min, max] reaches 90 % (1 − 2/32 = 0.9375).
    { runs: [5, 1, 4, 2, 3], low: 1, high: 5, coverage: 0.9375 },
    // n = 9: [x(2), x(8)] has 1 − 2·10/512 ≈ 0.961; [x(3), x(7)] only ≈ 0.820.
    { runs: [9, 8, 7, 6, 5, 4, 3, 2, 1], low: 2, high: 8, coverage: 1 - 20 / 512 },
    // n = 3: too few for 90 %; the whole range, with what it covers (0.75).
    { runs: [3, 1, 2], low: 1, high: 3, coverage: 0.75 },
    // Failed runs (NaN) are left out.
    { runs: [1, NaN, 2, 3, 4, 5], low: 1, high: 5, coverage: 0.9375 },
  ])('$runs', ({ runs, low, high, coverage }) => {
    const r = medianInterval(runs);
    expect([r.low, r.high]).toEqual([low, high]);
    expect(r.coverage).toBeCloseTo(coverage, 6);
  });

  it('no runs: no interval', () => {
    expect(medianInterval([]).coverage).toBe(0);
    expect(Number.isNaN(medianInterval([]).low)).toBe(true);
  });
});

describe('againstLimit', () => {
  it.each([
    { case: 'every run under the limit', runs: [1, 2, 3, 4, 5], limit: 5, verdict: 'holds' },
    { case: 'every run over it', runs: [6, 7, 8, 9, 10], limit: 5, verdict: 'fails' },
    // The median (3) is under the limit, but one run in five is over it: five runs cannot tell.
    { case: 'a median under the limit with a run over it', runs: [1, 2, 3, 4, 40], limit: 5, verdict: 'unclear' },
    { case: 'a median over it with a run under it', runs: [-90, 20, 30, 40, 50], limit: 5, verdict: 'unclear' },
    { case: 'no runs', runs: [], limit: 5, verdict: 'unclear' },
  ])('$case', ({ runs, limit, verdict }) => {
    expect(againstLimit(runs, limit)).toBe(verdict);
  });
});
