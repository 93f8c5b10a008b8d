// The content script runs at document_start: its code is compiled, and its preferences are on
// their way, while the page is still being parsed. The scan itself waits for the parsed page.
import type { EffectivePrefs } from '@/utils/protocol/model';
import { prefsFromSnapshot, snapshotKeys } from '@/utils/protocol/prefs-snapshot';

/**
 * Calls `fn` once the parsed page has been drawn once: in a task after the first frame that follows
 * DOMContentLoaded (or soon, if that has passed). By then the page's own DOMContentLoaded handlers
 * have run and its style and layout are done, so the first scan neither pays for them nor has to
 * be redone for what those handlers changed, and the page's first paint does not wait for us.
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

/**
 * Asks once at start with `first`; every later call asks with `again` (by default `first` too):
 * the answer at start may come from a quicker source than later ones must.
 */
export function earlyRequest<T>(first: () => Promise<T>, again: () => Promise<T> = first): EarlyPrefs<T> {
  let early: Promise<T> | null = first();
  // Kept for later: a failure is seen by whoever takes it, not reported as unhandled now.
  early.catch(() => undefined);
  return {
    get() {
      const answer = early ?? again();
      early = null;
      return answer;
    },
    invalidate() {
      early = null;
    },
  };
}

/**
 * A message listener for the time before the app handles messages: a `prefs-changed` then makes
 * the early answer stale (the loader listens while the app is on its way, the app until it runs).
 */
export function staleOnPrefsChange(prefs: Pick<EarlyPrefs<unknown>, 'invalidate'>): (message: unknown) => undefined {
  return (message) => {
    if ((message as { type?: unknown } | null)?.type === 'prefs-changed') prefs.invalidate();
    return undefined;
  };
}

/**
 * The page's preferences from the background's copy in `storage.local`, or from `ask` (a
 * `get-prefs` message) when there is no usable copy: not written yet, damaged, or unreadable.
 */
export async function prefsFromCopyOr(
  read: (keys: string[]) => Promise<unknown>,
  hostname: string,
  ask: () => Promise<EffectivePrefs>,
): Promise<EffectivePrefs> {
  const copy = await read(snapshotKeys(hostname)).then(
    (stored) => prefsFromSnapshot(stored, hostname),
    () => null,
  );
  return copy ?? ask();
}
