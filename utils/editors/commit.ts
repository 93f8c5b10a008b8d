// Talking to an editor the way a user's input would, and waiting until it has taken the change in.

/**
 * Resolves once the editor had the chance to commit an edit: its mutation observers, input
 * handlers and framework re-renders run in microtasks, the same task or the next frame.
 */
export function afterCommit(win: Window): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      // One more task after the frame: some editors flush their model from a setTimeout(0).
      win.setTimeout(resolve, 0);
    };
    // A hidden tab may never give a frame; the timer keeps us from waiting for ever.
    win.requestAnimationFrame(finish);
    win.setTimeout(finish, 100);
  });
}

/**
 * Resolves once the editor has seen the selection we made: editors such as VisualEditor read the
 * selection in their `selectionchange` handler or a poll, and an edit arriving before that lands
 * in the DOM but not in their document.
 */
export function selectionSeen(win: Window): Promise<void> {
  return afterCommit(win);
}

/** Whether the document selection still spans exactly `range` (an editor may have moved it). */
export function selectionHolds(win: Window, range: Range): boolean {
  const sel = win.getSelection();
  if (!sel || sel.rangeCount !== 1) return false;
  const now = sel.getRangeAt(0);
  return (
    now.startContainer === range.startContainer &&
    now.startOffset === range.startOffset &&
    now.endContainer === range.endContainer &&
    now.endOffset === range.endOffset
  );
}

type InputEventCtor = new (type: string, init: InputEventInit & { targetRanges?: StaticRange[] }) => InputEvent;

/**
 * Offers the edit to editors that take their input from `beforeinput` (Lexical, Slate, Quill):
 * a cancelable `insertReplacementText` over `range`. True when the editor took it over
 * (cancelled the event); then nothing else may write.
 */
export function offerBeforeInput(target: Element, range: StaticRange | Range, text: string): boolean {
  const win = target.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (!win) return false;
  const Ctor = (win as unknown as { InputEvent?: InputEventCtor }).InputEvent;
  if (!Ctor) return false;
  let dataTransfer: DataTransfer | null = null;
  try {
    dataTransfer = new win.DataTransfer();
    dataTransfer.setData('text/plain', text);
  } catch {
    dataTransfer = null;
  }
  const staticRange = new win.StaticRange({
    startContainer: range.startContainer,
    startOffset: range.startOffset,
    endContainer: range.endContainer,
    endOffset: range.endOffset,
  });
  let event: InputEvent;
  try {
    event = new Ctor('beforeinput', {
      inputType: 'insertReplacementText',
      data: text,
      dataTransfer,
      targetRanges: [staticRange],
      bubbles: true,
      cancelable: true,
      composed: true,
    });
  } catch {
    return false;
  }
  return !target.dispatchEvent(event);
}

/**
 * One step of the editor's own undo. Editors with their own history (ProseMirror, Quill,
 * TinyMCE) listen for `historyUndo`; native fields and plain contenteditable use the browser's.
 */
export function undoOnce(target: HTMLElement): boolean {
  const doc = target.ownerDocument;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win) return false;
  target.focus({ preventScroll: true });
  try {
    const event = new win.InputEvent('beforeinput', {
      inputType: 'historyUndo',
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    if (!target.dispatchEvent(event)) return true;
  } catch {
    // No InputEvent constructor: straight to the native command.
  }
  try {
    return doc.execCommand('undo');
  } catch {
    return false;
  }
}

/** `document.execCommand('insertText')`, or `delete` for an empty insertion; false when refused. */
export function execInsert(doc: Document, text: string): boolean {
  try {
    return text === '' ? doc.execCommand('delete') : doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}
