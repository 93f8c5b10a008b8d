// Fixes in <textarea> and text <input>: the field is its own editor, with its own undo stack.
import type { TextField } from './editable-context';
import { afterCommit, execInsert, undoOnce } from './commit';
import type { TextEdit } from '@/utils/engine/types';
import { applyEdit } from './plan';
import { diffSpan } from '@/utils/engine/text-edit';

export type WriteResult =
  | { ok: true; how: 'native' | 'direct'; before: string; after: string }
  | { ok: false; reason: 'gone' | 'refused' | 'changed'; before: string };

function isFocused(field: TextField): boolean {
  // A field inside a shadow root shows up as its host in document.activeElement.
  const root = field.getRootNode() as Document | ShadowRoot;
  return root.activeElement === field;
}

/**
 * Writes one edit into a field, once: through `execCommand('insertText')` on the focused field
 * (the browser records one undo step and fires the input events frameworks listen to), and only
 * when that is refused outright, through `setRangeText` plus an `input` event. The value is
 * checked after the page had its turn; a framework that threw the change away is reported, and
 * never written to a second time.
 */
export async function writeField(field: TextField, edit: TextEdit): Promise<WriteResult> {
  const before = field.value;
  if (!field.isConnected) return { ok: false, reason: 'gone', before };
  const expected = applyEdit(before, edit);
  const caret = edit.start + edit.insert.length;
  const doc = field.ownerDocument;
  const win = doc.defaultView;
  if (!win) return { ok: false, reason: 'gone', before };

  field.focus({ preventScroll: true });
  let wrote = false;
  if (isFocused(field)) {
    field.setSelectionRange(edit.start, edit.end);
    wrote = execInsert(doc, edit.insert);
  }
  let how: 'native' | 'direct' = 'native';
  if (!wrote) {
    await afterCommit(win);
    // Refused, but maybe only reported late: write only if the field still holds the old text.
    if (field.isConnected && field.value === before) {
      field.setRangeText(edit.insert, edit.start, edit.end, 'end');
      field.dispatchEvent(
        new (win as Window & typeof globalThis).InputEvent('input', {
          inputType: 'insertReplacementText',
          data: edit.insert,
          bubbles: true,
          composed: true,
        }),
      );
      how = 'direct';
    }
  }
  await afterCommit(win);
  let now = field.value;
  if (now === expected) {
    // Still there once the page re-rendered: a framework may put its own state back a frame later.
    await afterCommit(win);
    now = field.value;
  }
  if (now !== expected) {
    if (!field.isConnected) return { ok: false, reason: 'gone', before };
    return { ok: false, reason: now === before ? 'refused' : 'changed', before };
  }
  // Frameworks that re-set the value move the caret to the end; put it after the replacement.
  if (isFocused(field) && (field.selectionStart !== caret || field.selectionEnd !== caret)) {
    field.setSelectionRange(caret, caret);
  }
  return { ok: true, how, before, after: now };
}

/**
 * Undoes a fix with the field's own undo (the same step Ctrl+Z takes back), but only while the
 * field still holds exactly what the fix left: otherwise it would take back the writer's typing.
 */
export async function undoField(field: TextField, result: Extract<WriteResult, { ok: true }>): Promise<boolean> {
  if (!field.isConnected || field.value !== result.after) return false;
  const win = field.ownerDocument.defaultView;
  if (!win) return false;
  if (result.how === 'native') {
    undoOnce(field as HTMLElement);
    await afterCommit(win);
    if (field.value === result.before) return true;
    if (field.value !== result.after) return false;
  }
  // The direct write left nothing on the undo stack: write the old text back the same way.
  const back = await writeField(field, diffSpan(result.after, result.before));
  return back.ok;
}
