// The one place where Partner Lens shows anything on a page: a shadow root under a
// <partner-lens-ui> host (contract), created the first time it is needed, styled only from inside.
// The card and the form-field overlays are parts of that one host; it goes when the last part goes.

export const UI_HOST_TAG = 'partner-lens-ui';

export interface UiLayer {
  host: HTMLElement;
  root: ShadowRoot;
  /** The element this part renders into. */
  mount: HTMLElement;
  /** Removes this part (and the host, when it was the last). */
  remove(): void;
}

interface Shared {
  host: HTMLElement;
  root: ShadowRoot;
  parts: number;
}

/**
 * Kept on the content script's global, not in this module: the card (content script) and the
 * field overlays (editors.js, loaded later into the same world) are two bundles with a copy of
 * this module each, and must still share one host. Pages never see this global.
 */
const REGISTRY = Symbol.for('partner-lens.ui-layers');
const shared: WeakMap<Document, Shared> = ((globalThis as unknown as Record<symbol, WeakMap<Document, Shared>>)[REGISTRY] ??=
  new WeakMap());

export function createUiLayer(doc: Document, css: string): UiLayer {
  let layer = shared.get(doc);
  if (!layer) {
    const host = doc.createElement(UI_HOST_TAG);
    // Inline styles on the host beat page rules aimed at unknown elements; everything else is inside.
    host.setAttribute(
      'style',
      'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;contain:layout style;',
    );
    const root = host.attachShadow({ mode: 'open' });
    layer = { host, root, parts: 0 };
    shared.set(doc, layer);
  }
  const { host, root } = layer;
  // Beside <body>, not in it: frameworks that own <body> never meet our node. A page that
  // rewrote <html> may have dropped it: put it back.
  if (!host.isConnected) doc.documentElement.append(host);
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  root.append(style, mount);
  layer.parts++;
  let removed = false;
  const owner = layer;
  return {
    host,
    root,
    mount,
    remove: () => {
      if (removed) return;
      removed = true;
      style.remove();
      mount.remove();
      if (--owner.parts === 0) {
        host.remove();
        shared.delete(doc);
      }
    },
  };
}

/** Whether `node` is our host (mutations of it are ours, not the page's). */
export function isUiHost(node: Node | null): boolean {
  return !!node && node.nodeType === 1 && (node as Element).localName === UI_HOST_TAG;
}

/**
 * Undoes a CSS `zoom` the page set on <html> (or wherever the host sits) for our layer, so that
 * the card and overlays are placed in viewport pixels, as getClientRects() reports them, and
 * drawn at their normal size. Browser zoom needs nothing: it scales CSS pixels for everyone.
 */
export function unzoomHost(host: HTMLElement): void {
  const parent = host.parentElement as (HTMLElement & { currentCSSZoom?: number }) | null;
  const zoom = parent?.currentCSSZoom ?? 1;
  const want = zoom > 0 && Math.abs(zoom - 1) > 1e-3 ? String(1 / zoom) : '';
  if (host.style.zoom !== want) host.style.zoom = want;
}
