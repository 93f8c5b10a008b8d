// What differs between editors built on contenteditable. Most need nothing beyond the generic
// path (beforeinput, then insertText, then the editor's historyUndo or the native undo).
import { tinymce } from './tinymce';
import { visualEditor } from './visual-editor';

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

const ADAPTERS: EditorAdapter[] = [tinymce, visualEditor];

export function adapterFor(host: HTMLElement): EditorAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(host));
}
