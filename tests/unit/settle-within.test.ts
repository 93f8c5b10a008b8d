import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settleWithin } from '@/components/settle-within';

describe('settleWithin: the popup waits briefly for its figures before the first render', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const later = <T>(ms: number, value: T, fail = false) =>
    new Promise<T>((ok, no) => setTimeout(() => (fail ? no(new Error('no answer')) : ok(value)), ms));

  it.each([
    { case: 'an answer within the wait', answerMs: 10, waitMs: 40, fail: false, want: 'figures' },
    { case: 'an answer at the last moment', answerMs: 39, waitMs: 40, fail: false, want: 'figures' },
    { case: 'an answer after the wait', answerMs: 41, waitMs: 40, fail: false, want: undefined },
    { case: 'a failure within the wait', answerMs: 5, waitMs: 40, fail: true, want: undefined },
  ])('$case → $want', async ({ answerMs, waitMs, fail, want }) => {
    const answer = later(answerMs, 'figures', fail);
    answer.catch(() => undefined);
    const settled = settleWithin(answer, waitMs);
    await vi.advanceTimersByTimeAsync(waitMs);
    expect(await settled).toBe(want);
  });

  it('leaves the promise to the caller: a late answer still arrives through it', async () => {
    const answer = later(100, 'figures');
    const settled = settleWithin(answer, 40);
    await vi.advanceTimersByTimeAsync(40);
    expect(await settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60);
    expect(await answer).toBe('figures');
  });
});
