// TinyMCE keeps its own undo levels. It records one for a replacement the way it does for the
// browser's spell checker (an `input` event of type insertReplacementText), not for a plain
// insertText, and it undoes on its Ctrl+Z shortcut, not on `historyUndo`.
import type { EditorAdapter } from './types';

export const tinymce: EditorAdapter = {
  name: 'tinymce',
  matches: (host) => host.classList.contains('mce-content-body'),
  afterNativeWrite(host, insert) {
    const win = host.ownerDocument.defaultView as (Window & typeof globalThis) | null;
    if (!win) return;
    host.dispatchEvent(
      new win.InputEvent('input', { inputType: 'insertReplacementText', data: insert, bubbles: true, composed: true }),
    );
  },
  undo(host) {
    const win = host.ownerDocument.defaultView as (Window & typeof globalThis) | null;
    if (!win) return false;
    const mac = /Mac/.test(win.navigator.platform);
    const event = new win.KeyboardEvent('keydown', {
      key: 'z',
      code: 'KeyZ',
      keyCode: 90,
      which: 90,
      ctrlKey: !mac,
      metaKey: mac,
      bubbles: true,
      cancelable: true,
    } as KeyboardEventInit);
    return !host.dispatchEvent(event);
  },
};
