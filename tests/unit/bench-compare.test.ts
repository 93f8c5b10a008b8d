import { describe, expect, it } from 'vitest';
import { compareRuns } from '../bench/compare';

describe('compareRuns: one build against another, every run', () => {
  it.each([
    ['every run after under every run before', [60, 72, 69], [50, 55, 58], 'lower'],
    ['every run after over every run before', [50, 55], [56, 80], 'higher'],
    ['runs that meet at one value', [50, 60], [60, 70], 'overlap'],
    ['runs that interleave', [50, 70], [55, 65], 'overlap'],
    ['no runs after', [50], [], 'overlap'],
  ] as const)('%s', (_name, before, after, expected) => {
    expect(compareRuns(before, after)).toBe(expected);
  });
});
