// What the editor bridge and the content app tell each other.
import type { Matcher } from '@/utils/engine/matcher';
import type { Occurrence } from '@/utils/page/page-scanner';
import type { Match, TextEdit } from '@/utils/engine/types';
import type { TextField } from './editable-context';

/** Handed to the bridge each time the content app (re)starts with a set of rules. */
export interface EditorContext {
  matcher: Matcher;
  /** Ignored phrases and dismissed occurrences. */
  isHidden(match: Match, container: Element, text?: string): boolean;
  /** A form field's value changed by `edit`: its dismissed occurrences move with their text. */
  shiftHidden(container: Element, edit: TextEdit): void;
  /** The page scanner's occurrences (contenteditable text included). */
  occurrences(): Iterable<Occurrence>;
  openCard(occ: Occurrence): void;
  /** Closes the card if it shows `occ`. */
  closeCard(occ: Occurrence): void;
  /** The open card asks again what it can offer (editor support arrived after it opened). */
  refreshCard?(): void;
}

/** The content app's hooks into editor support, beside the card actions. */
export interface EditorHooks {
  attach(ctx: EditorContext): void;
  detach(): void;
  /** An underlined phrase of a form field under the pointer. */
  hitTest(x: number, y: number): Occurrence | undefined;
  /** Hidden phrases changed (dismissed, ignored): redraw. */
  refresh(): void;
  /** Nodes left the page: forget fields that went with them. */
  pruneDetached(): void;
}

/** A phrase in a form field's value; `match` offsets are offsets into the value. */
export interface FieldOccurrence extends Occurrence {
  field: TextField;
  rects(): DOMRectReadOnly[] | ArrayLike<DOMRectReadOnly>;
}

export function isFieldOccurrence(occ: Occurrence): occ is FieldOccurrence {
  return 'field' in occ && !!(occ as FieldOccurrence).field;
}

/** What differs between editors built on contenteditable (adapter.ts lists them). */
export interface EditorAdapter {
  name: string;
  matches(host: HTMLElement): boolean;
  /** Called after a verified native write, so that the editor records it as it should. */
  afterNativeWrite?(host: HTMLElement, insert: string): void;
  /** One step of the editor's own undo; true when the editor took it. */
  undo?(host: HTMLElement): boolean;
  /**
   * Read before a write: a probe of the editor's model (beyond its DOM) that tells after the
   * write whether the model took it; undefined where the page shows nothing of its model.
   */
  modelProbe?(host: HTMLElement): (() => boolean | undefined) | undefined;
}
