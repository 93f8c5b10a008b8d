// The content script runs at document_start: its code is compiled, and its preferences are on
// their way, while the page is still being parsed. The scan itself waits for the parsed page.

/**
 * Pages with at most this many elements are scanned as soon as they are parsed and the preferences
 * are in, without waiting for a frame: their style and layout cost a few milliseconds, which the
 * first frame would pay anyway, and their highlights then show in that first frame.
 */
export const SMALL_PAGE_ELEMENTS = 2000;

/**
 * Calls `fn` once the parsed page can be scanned. A small page is scanned as soon as it is parsed
 * and `ready` (the preferences) has settled. A larger one waits for a task after the first frame
 * that follows DOMContentLoaded: by then the page's own DOMContentLoaded handlers have run and its
 * style and layout are done, so the first scan neither pays for them nor has to be redone for what
 * those handlers changed (on a Sphinx page of the benchmark, scanning at once doubled our time).
 */
export function afterParse(win: Window, fn: () => void, ready?: Promise<unknown>): void {
  const later = () => {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      fn();
    };
    // A hidden tab gives no frame: the timer starts us anyway.
    const timer = win.setTimeout(run, 100);
    win.requestAnimationFrame(() => win.setTimeout(() => (win.clearTimeout(timer), run()), 0));
    if (ready && win.document.getElementsByTagName('*').length <= SMALL_PAGE_ELEMENTS) {
      const now = () => (win.clearTimeout(timer), run());
      ready.then(now, now);
    }
  };
  if (win.document.readyState === 'loading') win.document.addEventListener('DOMContentLoaded', later, { once: true });
  else later();
}

export interface EarlyPrefs<T> {
  /** The answer asked for at start on the first call; a fresh request on every later one. */
  get(): Promise<T>;
  /** Settles when the answer asked for at start does (fulfilled or not). */
  readonly settled: Promise<void>;
  /** The preferences changed before the early answer was used: it must not be used. */
  invalidate(): void;
}

export function earlyRequest<T>(ask: () => Promise<T>): EarlyPrefs<T> {
  let early: Promise<T> | null = ask();
  // Kept for later: a failure is seen by whoever takes it, not reported as unhandled now.
  const settled = early.then(() => undefined, () => undefined);
  return {
    settled,
    get() {
      const answer = early ?? ask();
      early = null;
      return answer;
    },
    invalidate() {
      early = null;
    },
  };
}
