// What the writer asked not to see: phrases ignored on this site and single occurrences dismissed.
// One predicate, shared by the page scanner and the form-field overlays.
import { phraseKey } from '@/utils/engine/phrase-key';
import type { Match, TextEdit } from '@/utils/engine/types';

export interface HiddenPhrases {
  isHidden(match: Match, container: Element): boolean;
  /** Replaces the ignored phrases (from the preferences). */
  setIgnored(phrases: readonly string[]): void;
  /** Ignores a phrase from now on; returns its key. */
  ignore(text: string): string;
  dismiss(container: Element, match: Pick<Match, 'start' | 'text'>): void;
  /**
   * The text of `container` changed by `edit` (a form field, as the writer types): dismissed
   * occurrences after it move with their text; one the edit touched is a new phrase, shown again.
   */
  shift(container: Element, edit: TextEdit): void;
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
    shift(container, edit) {
      const set = dismissed.get(container);
      if (!set || set.size === 0) return;
      const delta = edit.insert.length - (edit.end - edit.start);
      const moved = new Set<string>();
      for (const key of set) {
        const bar = key.indexOf('|');
        const start = Number(key.slice(0, bar));
        const text = key.slice(bar + 1);
        // Writing right before or after a phrase leaves it whole (a letter added to its word makes
        // it another match, with another key, anyway).
        if (start + text.length <= edit.start) moved.add(key);
        else if (start >= edit.end) moved.add(occurrenceKey(start + delta, text));
      }
      dismissed.set(container, moved);
    },
  };
}

function occurrenceKey(start: number, text: string): string {
  return `${start}|${text}`;
}
