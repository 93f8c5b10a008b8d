// What the writer asked not to see: phrases ignored on this site and single occurrences dismissed.
// One predicate, shared by the page scanner and the form-field overlays.
import { phraseKey } from '@/utils/engine/phrase-key';
import { diffSpan } from '@/utils/engine/text-edit';
import type { Match, TextEdit } from '@/utils/engine/types';

export interface HiddenPhrases {
  /**
   * Whether the writer hid `match`. `text` is the text of a page block the match is in: when it
   * changed since an occurrence in it was dismissed (the writer typed in that paragraph), the
   * dismissed occurrences move with their words first.
   */
  isHidden(match: Match, container: Element, text?: string): boolean;
  /** Replaces the ignored phrases (from the preferences). */
  setIgnored(phrases: readonly string[]): void;
  /** Ignores a phrase from now on; returns its key. */
  ignore(text: string): string;
  /** Hides one occurrence; `text`, the text of its page block, lets it follow later edits there. */
  dismiss(container: Element, match: Pick<Match, 'start' | 'text'>, text?: string): void;
  /**
   * The text of `container` changed by `edit` (a form field, as the writer types): dismissed
   * occurrences after it move with their text; one the edit touched is a new phrase, shown again.
   */
  shift(container: Element, edit: TextEdit): void;
}

interface Dismissed {
  keys: Set<string>;
  /** The block's text the keys are offsets into (page blocks; a field reports its edits instead). */
  text?: string;
}

export function createHiddenPhrases(): HiddenPhrases {
  const ignored = new Set<string>();
  // Keyed by block container: a dismissed occurrence goes with its block when the page drops it.
  const dismissed = new WeakMap<Element, Dismissed>();
  const shift = (entry: Dismissed, edit: TextEdit) => {
    const delta = edit.insert.length - (edit.end - edit.start);
    const moved = new Set<string>();
    for (const key of entry.keys) {
      const bar = key.indexOf('|');
      const start = Number(key.slice(0, bar));
      const text = key.slice(bar + 1);
      // Writing right before or after a phrase leaves it whole (a letter added to its word makes
      // it another match, with another key, anyway).
      if (start + text.length <= edit.start) moved.add(key);
      else if (start >= edit.end) moved.add(occurrenceKey(start + delta, text));
    }
    entry.keys = moved;
  };
  return {
    isHidden(m, container, text) {
      if (ignored.size > 0 && ignored.has(phraseKey(m.text))) return true;
      const entry = dismissed.get(container);
      if (!entry) return false;
      if (text !== undefined && entry.text !== undefined && entry.text !== text) {
        shift(entry, diffSpan(entry.text, text));
        entry.text = text;
      }
      return entry.keys.has(occurrenceKey(m.start, m.text));
    },
    setIgnored(phrases) {
      ignored.clear();
      for (const p of phrases) ignored.add(phraseKey(p));
    },
    ignore(text) {
      const key = phraseKey(text);
      ignored.add(key);
      return key;
    },
    dismiss(container, match, text) {
      let entry = dismissed.get(container);
      if (!entry) dismissed.set(container, (entry = { keys: new Set() }));
      if (text) {
        // Earlier dismissals here are offsets into the text they were made in: bring them up to date.
        if (entry.text !== undefined && entry.text !== text) shift(entry, diffSpan(entry.text, text));
        entry.text = text;
      }
      entry.keys.add(occurrenceKey(match.start, match.text));
    },
    shift(container, edit) {
      const entry = dismissed.get(container);
      if (entry && entry.keys.size > 0) shift(entry, edit);
    },
  };
}

function occurrenceKey(start: number, text: string): string {
  return `${start}|${text}`;
}
