// What differs between editors built on contenteditable. Most need nothing beyond the generic
// path (beforeinput, then insertText, then the editor's historyUndo or the native undo).
import { tinymce } from './tinymce';
import type { EditorAdapter } from './types';

const ADAPTERS: EditorAdapter[] = [tinymce];

export function adapterFor(host: HTMLElement): EditorAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(host));
}
