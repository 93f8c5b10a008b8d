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
  /** The occurrences, by occurrenceKey (a lookup per match), with their offset and words (to move them). */
  occurrences: Map<string, { start: number; text: string }>;
  /** The block's text the offsets are into (page blocks; a field reports its edits instead). */
  text?: string;
}

export function createHiddenPhrases(): HiddenPhrases {
  const ignored = new Set<string>();
  // Keyed by block container: a dismissed occurrence goes with its block when the page drops it.
  const dismissed = new WeakMap<Element, Dismissed>();
  /**
   * The containers with dismissals, by their parent when dismissed. An editor may put a new
   * element in a block's place without changing its text (ProseMirror does when a paragraph is
   * made a heading); the new one takes over the dismissals of the one it replaced (see `adopt`).
   */
  const byParent = new WeakMap<Node, Set<Element>>();
  /**
   * The dismissals of a container that left `container`'s parent with the text `text` now: the
   * same parent, out of the page or moved away, and the same text (one such container only when
   * the text changed: the dismissals then move by the difference, as for an edit in place).
   */
  const adopt = (container: Element, text: string): Dismissed | undefined => {
    const parent = container.parentNode;
    const gone = parent && byParent.get(parent);
    if (!gone) return undefined;
    let found: Element | undefined;
    let candidates = 0;
    for (const old of gone) {
      const entry = dismissed.get(old);
      if (!entry || entry.occurrences.size === 0) {
        gone.delete(old);
        continue;
      }
      if (old === container || (old.isConnected && old.parentNode === parent)) continue;
      candidates++;
      if (entry.text === text) {
        found = old;
        break;
      }
      found ??= old;
    }
    if (!found || (candidates > 1 && dismissed.get(found)!.text !== text)) return undefined;
    const entry = dismissed.get(found)!;
    dismissed.delete(found);
    gone.delete(found);
    dismissed.set(container, entry);
    gone.add(container);
    return entry;
  };
  const move = (entry: Dismissed, edit: TextEdit) => {
    const delta = edit.insert.length - (edit.end - edit.start);
    const moved: Dismissed['occurrences'] = new Map();
    for (const [key, o] of entry.occurrences) {
      // Writing right before or after a phrase leaves it whole (a letter added to its word makes
      // it another match, with another key, anyway).
      if (o.start + o.text.length <= edit.start) moved.set(key, o);
      else if (o.start >= edit.end) moved.set(occurrenceKey(o.start + delta, o.text), { start: o.start + delta, text: o.text });
    }
    entry.occurrences = moved;
  };
  /** The block's text now: the dismissals made in an earlier text move by the difference. */
  const catchUp = (entry: Dismissed, text: string) => {
    if (entry.text !== undefined && entry.text !== text) move(entry, diffSpan(entry.text, text));
    entry.text = text;
  };
  return {
    isHidden(m, container, text) {
      if (ignored.size > 0 && ignored.has(phraseKey(m.text))) return true;
      const entry = dismissed.get(container) ?? (text !== undefined ? adopt(container, text) : undefined);
      if (!entry) return false;
      if (text !== undefined) catchUp(entry, text);
      return entry.occurrences.has(occurrenceKey(m.start, m.text));
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
      if (!entry) dismissed.set(container, (entry = { occurrences: new Map() }));
      if (text) {
        catchUp(entry, text);
        const parent = container.parentNode;
        if (parent) (byParent.get(parent) ?? byParent.set(parent, new Set()).get(parent)!).add(container);
      }
      entry.occurrences.set(occurrenceKey(match.start, match.text), { start: match.start, text: match.text });
    },
    shift(container, edit) {
      const entry = dismissed.get(container);
      if (entry && entry.occurrences.size > 0) move(entry, edit);
    },
  };
}

function occurrenceKey(start: number, text: string): string {
  return `${start}|${text}`;
}
