// The one place where Partner Lens shows anything on a page: a shadow root under a
// <partner-lens-ui> host (contract), created the first time it is needed, styled only from inside.

export const UI_HOST_TAG = 'partner-lens-ui';

export interface UiLayer {
  host: HTMLElement;
  root: ShadowRoot;
  /** The element the card renders into. */
  mount: HTMLElement;
  remove(): void;
}

export function createUiLayer(doc: Document, css: string): UiLayer {
  const host = doc.createElement(UI_HOST_TAG);
  // Inline styles on the host beat page rules aimed at unknown elements; everything else is inside.
  host.setAttribute(
    'style',
    'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;contain:layout style;',
  );
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const mount = doc.createElement('div');
  root.append(style, mount);
  // Beside <body>, not in it: frameworks that own <body> never meet our node.
  doc.documentElement.append(host);
  return { host, root, mount, remove: () => host.remove() };
}
