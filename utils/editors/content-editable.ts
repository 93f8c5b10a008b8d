// Fixes in contenteditable editing hosts: plain ones, and editors built on them (ProseMirror,
// Quill, TinyMCE, Lexical, Slate). The editor must see an ordinary edit, so that its model, its
// undo history and its listeners all follow.
import { walkBlocks, type TextBlock } from '@/utils/page/dom-text';
import { adapterFor } from './adapter';
import { afterCommit, execInsert, offerBeforeInput, selectionHolds, selectionSeen, undoOnce } from './commit';
import { normalizeText } from './plan';

export type RangeWriteResult =
  | { ok: true; how: 'beforeinput' | 'native' | 'direct'; before: string; after: string }
  | { ok: false; reason: 'gone' | 'refused' | 'changed' | 'not-taken' | 'stale'; before: string };

/** Offset of a DOM position in `host.textContent`. */
export function textOffset(host: Node, node: Node, offset: number): number {
  const r = host.ownerDocument!.createRange();
  r.setStart(host, 0);
  r.setEnd(node, offset);
  return r.toString().length;
}

const hostText = (host: HTMLElement) => normalizeText(host.textContent ?? '');

/**
 * The block (as the scanner reads it) that holds `range`, read afresh, with the range's offsets
 * in its text. Null when the range no longer sits in text of that block (the editor re-rendered).
 */
export function locate(container: Element, range: Range): { block: TextBlock; start: number; end: number } | null {
  if (!container.isConnected || range.startContainer.nodeType !== 3 || range.endContainer.nodeType !== 3) return null;
  for (const block of walkBlocks(container)) {
    const s = block.nodes.indexOf(range.startContainer as Text);
    if (s < 0) continue;
    const e = block.nodes.indexOf(range.endContainer as Text);
    if (e < 0) return null;
    return { block, start: block.starts[s]! + range.startOffset, end: block.starts[e]! + range.endOffset };
  }
  return null;
}

/**
 * Replaces `range` in `host` with `insert`, writing once: a cancelable `beforeinput` first (for
 * editors that take their input from it), else `execCommand('insertText')` on a selection of
 * the range, and only when both are refused and nothing changed, a direct text edit announced
 * with an `input` event. The host's text is compared with the expected text after the editor
 * has committed.
 */
export async function writeRange(host: HTMLElement, range: Range, insert: string): Promise<RangeWriteResult> {
  const doc = host.ownerDocument;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const rawBefore = host.textContent ?? '';
  const before = normalizeText(rawBefore);
  if (!win || !host.isConnected) return { ok: false, reason: 'gone', before };
  const start = textOffset(host, range.startContainer, range.startOffset);
  const end = textOffset(host, range.endContainer, range.endOffset);
  const expected = normalizeText(rawBefore.slice(0, start) + insert + rawBefore.slice(end));

  const selection = win.getSelection();
  const select = () => {
    if (!selection) return;
    selection.removeAllRanges();
    selection.addRange(range.cloneRange());
  };
  const adapter = adapterFor(host);
  const probe = adapter?.modelProbe?.(host);
  host.focus({ preventScroll: true });
  select();
  // Let the editor see the selection before anything is written (see selectionSeen).
  await selectionSeen(win);
  if (!host.isConnected || !range.startContainer.isConnected || !range.endContainer.isConnected) {
    return { ok: false, reason: 'gone', before };
  }
  // The writer typed, or the editor re-rendered, while we waited: plan again rather than guess.
  if (normalizeText(host.textContent ?? '') !== before) return { ok: false, reason: 'stale', before };
  if (!selectionHolds(win, range)) {
    select();
    await selectionSeen(win);
  }
  let how: 'beforeinput' | 'native' | 'direct' = 'beforeinput';
  let wrote = offerBeforeInput(host, range, insert);
  if (!wrote) {
    how = 'native';
    // The page may have moved the selection while handling the event: select again.
    if (!selectionHolds(win, range)) select();
    wrote = execInsert(doc, insert);
  }
  await afterCommit(win);
  if (!wrote && host.isConnected && hostText(host) === before && range.startContainer.isConnected) {
    how = 'direct';
    directEdit(range, insert);
    host.dispatchEvent(
      new win.InputEvent('input', { inputType: 'insertReplacementText', data: insert, bubbles: true, composed: true }),
    );
    await afterCommit(win);
  }
  const check = (): Extract<RangeWriteResult, { ok: false }> | null => {
    const now = hostText(host);
    if (now === expected) return null;
    if (!host.isConnected) return { ok: false, reason: 'gone', before };
    return { ok: false, reason: now === before ? 'refused' : 'changed', before };
  };
  const first = check();
  if (first) return first;
  if (how === 'native') adapter?.afterNativeWrite?.(host, insert);
  // Success only once the editor has re-rendered and the new text is still there, and where the
  // page shows the editor's model, the model holds it too.
  await afterCommit(win);
  const second = check();
  if (second) return second.reason === 'refused' ? { ok: false, reason: 'not-taken', before } : second;
  if (probe && probe() === false) return { ok: false, reason: 'not-taken', before };
  return { ok: true, how, before, after: expected };
}

/** The last resort: the text nodes themselves, as little as possible. */
function directEdit(range: Range, insert: string): void {
  const start = range.startContainer;
  const offset = range.startOffset;
  range.deleteContents();
  if (start.nodeType === 3 && start.isConnected) (start as Text).insertData(offset, insert);
  else range.insertNode(range.startContainer.ownerDocument!.createTextNode(insert));
}

/**
 * Takes back `steps` edits with the editor's own undo, stopping as soon as the text is what it
 * was (an editor may have merged the steps), and refusing when the writer changed the text since.
 */
export async function undoRange(host: HTMLElement, before: string, after: string, steps: number): Promise<boolean> {
  const win = host.ownerDocument.defaultView;
  if (!win || !host.isConnected || hostText(host) !== after) return false;
  const adapter = adapterFor(host);
  for (let i = 0; i < steps; i++) {
    if (!adapter?.undo?.(host)) undoOnce(host);
    await afterCommit(win);
    if (hostText(host) === before) return true;
  }
  return hostText(host) === before;
}
