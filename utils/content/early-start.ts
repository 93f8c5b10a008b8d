// The content script runs at document_start: its code is compiled, and its preferences are on
// their way, while the page is still being parsed. The scan itself waits for the parsed page.
import type { EffectivePrefs } from '@/utils/protocol/model';
import { prefsFromSnapshot, snapshotKeys } from '@/utils/protocol/prefs-snapshot';


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

/**
 * Asks once at start with `first`; every later call asks with `again` (by default `first` too):
 * the answer at start may come from a quicker source than later ones must.
 */
export function earlyRequest<T>(first: () => Promise<T>, again: () => Promise<T> = first): EarlyPrefs<T> {
  let early: Promise<T> | null = first();
  // Kept for later: a failure is seen by whoever takes it, not reported as unhandled now.
  const settled = early.then(() => undefined, () => undefined);
  return {
    settled,
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
