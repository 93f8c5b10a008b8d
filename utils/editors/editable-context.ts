// Where a fix may be offered: editable fields and editing hosts the writer has not opted out of.

export type TextField = HTMLTextAreaElement | HTMLInputElement;

/**
 * Input types whose value is prose and which support the selection API (setSelectionRange
 * throws on email and number inputs, so those stay out).
 */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', '']);

/**
 * Only our own marker opts out. `data-gramm="false"` is not one: editors such as VisualEditor set
 * it to keep one grammar checker's DOM edits out, while our fixes go through the editor's input path.
 */
function optedOut(el: Element): boolean {
  return !!el.closest('[data-partner-lens="ignore"]');
}

export function isTextField(node: unknown): node is TextField {
  if (!node || (node as Node).nodeType !== 1) return false;
  const el = node as Element;
  const name = el.localName;
  if (name === 'textarea') return true;
  if (name !== 'input') return false;
  return TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
}

/** A text field we may read and fix: not read-only, disabled, a password, or opted out. */
export function isEditableField(node: unknown): node is TextField {
  if (!isTextField(node)) return false;
  const el = node as TextField;
  if (el.readOnly || el.disabled) return false;
  if (el.getAttribute('aria-readonly') === 'true') return false;
  return !optedOut(el);
}

/**
 * The editing host (outermost contenteditable element, or a contenteditable body) that holds
 * `node`, when it is one we may fix; null for read-only text.
 */
export function editingHostOf(node: Node | null): HTMLElement | null {
  let el: Element | null = node ? (node.nodeType === 1 ? (node as Element) : node.parentElement) : null;
  if (!el || !(el as HTMLElement).isContentEditable) return null;
  while (el.parentElement && (el.parentElement as HTMLElement).isContentEditable) el = el.parentElement;
  const host = el as HTMLElement;
  if (host.getAttribute('aria-readonly') === 'true' || host.getAttribute('aria-disabled') === 'true') return null;
  if (optedOut(host)) return null;
  return host;
}

/** Whether every part of `range` lies in editable content of one host. */
export function rangeIsEditable(range: Range, host: HTMLElement): boolean {
  const a = editingHostOf(range.startContainer);
  const b = editingHostOf(range.endContainer);
  return a === host && b === host;
}
