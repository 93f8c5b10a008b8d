// Editor support (fields, editing hosts, the editors' adapters) is a third of the content
// script, and most pages have nothing to edit. It is loaded, once, on the first sign of a place to
// write: a textarea or editing host in the page, a text field holding a phrase, or the focus
// entering a field. Until then the card treats every phrase as read-only text, which it is.
import type { EditorBridge } from '@/utils/editors/editor-bridge';
import type { EditorContext } from '@/utils/editors/types';
import { isEditableField } from '@/utils/editors/editable-context';
import type { FixOutcome } from '@/utils/card/card-controller';
import { t } from '@/utils/i18n/i18n';

const notLoaded = (): Promise<FixOutcome> => Promise.resolve({ ok: false, message: t('fixStale') });

/** The name under which the editors bundle hands its factory to the content script's world. */
export const EDITORS_GLOBAL = '__partnerLensEditors';

export type EditorBridgeFactory = (win: Window, options?: { log?: (message: string) => void }) => EditorBridge;

export interface LazyEditors extends EditorBridge {
  /** Looks at the page again (after a rescan) and loads editor support if it now has a place to write. */
  pageChanged(): void;
  /** Resolves once editor support is loaded and attached; null while nothing asked for it. */
  readonly loaded: Promise<void> | null;
}

/**
 * Places to write, and the text fields whose value may already hold a phrase, found in one walk:
 * on Node's 8 MB manual each walk of the page is 8–17 ms, and two of them sat in one task.
 */
const PLACES = 'textarea, input, [contenteditable]:not([contenteditable="false"])';

/** Whether `el` is a place the writer can type into: the fields the bridge fixes, or an editing host. */
const isWritable = (el: Element) => (el as HTMLElement).isContentEditable || isEditableField(el);

export function createLazyEditors(
  win: Window,
  load: () => Promise<EditorBridgeFactory>,
  log: (message: string) => void = () => {},
): LazyEditors {
  const doc = win.document;
  let ctx: EditorContext | null = null;
  let bridge: EditorBridge | null = null;
  let loading: Promise<void> | null = null;
  let failed = false;

  const ensure = () => {
    if (loading || failed) return;
    loading = load().then(
      (factory) => {
        bridge = factory(win);
        if (ctx) {
          bridge.attach(ctx);
          // A card opened a moment ago on editable text offered no fix: it can now.
          ctx.refreshCard?.();
        }
        doc.removeEventListener('focusin', onFocusIn, true);
      },
      (error: unknown) => {
        // The page stays as it was: highlights without fixes. Said once, never retried in a loop.
        failed = true;
        log(`editor support could not be loaded: ${String(error)}`);
      },
    );
  };

  /** Values already read without a phrase by this matcher: a page's rescans do not scan its form again. */
  let checked = new WeakMap<HTMLInputElement, string>();
  /** A textarea or an editing host, or a text field whose value already holds a phrase (a form filled in, a draft kept). */
  const placeToWrite = (matcher: EditorContext['matcher']): boolean => {
    for (const el of doc.querySelectorAll(PLACES)) {
      if (el.localName !== 'input') return true;
      const input = el as HTMLInputElement;
      const value = input.value;
      if (!value || checked.get(input) === value || !isEditableField(input)) continue;
      if (matcher.scan(value).length > 0) return true;
      checked.set(input, value);
    }
    return false;
  };

  const look = () => {
    if (loading || failed || !ctx) return;
    if (doc.designMode === 'on' || placeToWrite(ctx.matcher)) ensure();
  };

  // Writable places inside shadow roots or added without a rescan show up here, when used.
  const onFocusIn = (event: Event) => {
    const target = event.composedPath()[0] as Node | undefined;
    if (target?.nodeType === Node.ELEMENT_NODE && isWritable(target as Element)) ensure();
  };
  doc.addEventListener('focusin', onFocusIn, true);

  return {
    get loaded() {
      return loading;
    },
    pageChanged: look,
    attach(next) {
      ctx = next;
      checked = new WeakMap();
      if (bridge) bridge.attach(next);
      else look();
    },
    detach() {
      ctx = null;
      bridge?.detach();
    },
    hitTest: (x, y) => bridge?.hitTest(x, y),
    refresh: () => bridge?.refresh(),
    pruneDetached: () => bridge?.pruneDetached(),
    editable: (occ) => {
      if (bridge) return bridge.editable(occ);
      // An editing host that came without a rescan (or before one): load, and the card follows.
      if (occ.range.startContainer.parentElement?.isContentEditable) ensure();
      return null;
    },
    // Offered only once `editable` said yes, which it says only when loaded; the guard is for types.
    replace: (occ, replacement) => (bridge ? bridge.replace(occ, replacement) : notLoaded()),
    fixAll: (occ) => (bridge ? bridge.fixAll(occ) : notLoaded()),
  };
}
