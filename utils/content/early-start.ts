// The content script runs at document_start: its code is compiled, and its preferences are on
// their way, while the page is still being parsed. The scan itself waits for the parsed page.

/**
 * Calls `fn` once the parsed page has been drawn once: in a task after the first frame that follows
 * DOMContentLoaded (or soon, if that has passed). By then the page's own DOMContentLoaded handlers
 * have run and its style and layout are done, so the first scan neither pays for them nor has to
 * be redone for what those handlers changed.
 */
export function afterParse(win: Window, fn: () => void): void {
  const later = () => {
    // A hidden tab gives no frame: the timer starts us anyway.
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      fn();
    };
    const timer = win.setTimeout(run, 100);
    win.requestAnimationFrame(() => win.setTimeout(() => (win.clearTimeout(timer), run()), 0));
  };
  if (win.document.readyState === 'loading') win.document.addEventListener('DOMContentLoaded', later, { once: true });
  else later();
}

export interface EarlyPrefs<T> {
  /** The answer asked for at start on the first call; a fresh request on every later one. */
  get(): Promise<T>;
  /** The preferences changed before the early answer was used: it must not be used. */
  invalidate(): void;
}

export function earlyRequest<T>(ask: () => Promise<T>): EarlyPrefs<T> {
  let early: Promise<T> | null = ask();
  // Kept for later: a failure is seen by whoever takes it, not reported as unhandled now.
  early.catch(() => undefined);
  return {
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
