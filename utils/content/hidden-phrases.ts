// What the writer asked not to see: phrases ignored on this site and single occurrences dismissed.
// One predicate, shared by the page scanner and the form-field overlays.
import { phraseKey } from '@/utils/engine/phrase-key';
import type { Match } from '@/utils/engine/types';

export interface HiddenPhrases {
  isHidden(match: Match, container: Element): boolean;
  /** Replaces the ignored phrases (from the preferences). */
  setIgnored(phrases: readonly string[]): void;
  /** Ignores a phrase from now on; returns its key. */
  ignore(text: string): string;
  dismiss(container: Element, match: Pick<Match, 'start' | 'text'>): void;
}

export function createHiddenPhrases(): HiddenPhrases {
  const ignored = new Set<string>();
  // Keyed by block container: a dismissed occurrence goes with its block when the page drops it.
  const dismissed = new WeakMap<Element, Set<string>>();
  return {
    isHidden: (m, container) =>
      (ignored.size > 0 && ignored.has(phraseKey(m.text))) || !!dismissed.get(container)?.has(occurrenceKey(m.start, m.text)),
    setIgnored(phrases) {
      ignored.clear();
      for (const p of phrases) ignored.add(phraseKey(p));
    },
    ignore(text) {
      const key = phraseKey(text);
      ignored.add(key);
      return key;
    },
    dismiss(container, match) {
      let set = dismissed.get(container);
      if (!set) dismissed.set(container, (set = new Set()));
      set.add(occurrenceKey(match.start, match.text));
    },
  };
}

function occurrenceKey(start: number, text: string): string {
  return `${start}|${text}`;
}
