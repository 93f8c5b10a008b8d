// Gives the page its turn between slices of our work so that no task of ours runs long.
// scheduler.yield keeps our continuation ahead of other queued work where it exists; a
// MessageChannel post is the next cheapest macrotask (setTimeout is clamped to 4 ms when nested).

interface SchedulerLike {
  yield?: () => Promise<void>;
}

export function createYielder(win: Window): () => Promise<void> {
  const scheduler = (win as unknown as { scheduler?: SchedulerLike }).scheduler;
  if (scheduler?.yield) return () => scheduler.yield!.call(scheduler);
  const channel = new (win as unknown as typeof globalThis).MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/** Time budget of one slice: far below the 50 ms long-task line, leaving the page room in the same frame. */
export const SLICE_MS = 8;
