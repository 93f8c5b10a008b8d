// The small "Replaced … · Undo" line a fix leaves where the card was. It stays a few seconds, and
// as long as the pointer or the focus is on it, so that Undo is never pulled away from under a hand.
import { renderNotice, type NoticeProps } from './card-view';
import { createUiLayer, unzoomHost, type UiLayer } from '@/utils/page/ui-layer';

export const NOTICE_MS = 6000;

export class FixNotice {
  private layer: UiLayer | null = null;
  private timer = 0;
  private held = false;

  constructor(
    private readonly doc: Document,
    private readonly css: string,
  ) {}

  get host(): HTMLElement | null {
    return this.layer?.host ?? null;
  }

  /** Shows `props` at `where` (the card's old box), or where the last notice was. */
  show(props: NoticeProps, where?: { top: number; left: number }, view?: Window | null): void {
    if (!this.layer) this.layer = createUiLayer(this.doc, this.css);
    const layer = this.layer;
    unzoomHost(layer.host);
    const old = layer.mount.firstElementChild as HTMLElement | null;
    const node = renderNotice(this.doc, props);
    const width = view?.innerWidth ?? 1000;
    node.style.top = where ? `${Math.max(8, where.top)}px` : (old?.style.top ?? '8px');
    node.style.left = where ? `${Math.max(8, Math.min(where.left, width - 348))}px` : (old?.style.left ?? '8px');
    node.addEventListener('pointerenter', () => this.hold(true));
    node.addEventListener('pointerleave', () => this.hold(false));
    node.addEventListener('focusin', () => this.hold(true));
    node.addEventListener('focusout', () => this.hold(false));
    const hadFocus = !!old && old.contains(layer.root.activeElement);
    layer.mount.replaceChildren(node);
    if (hadFocus) node.querySelector('button')?.focus();
    this.held = hadFocus;
    this.arm();
  }

  dispose(): void {
    this.doc.defaultView?.clearTimeout(this.timer);
    this.layer?.remove();
    this.layer = null;
  }

  private hold(on: boolean): void {
    this.held = on;
    this.arm();
  }

  private arm(): void {
    const view = this.doc.defaultView;
    if (!view) return;
    view.clearTimeout(this.timer);
    if (!this.held) this.timer = view.setTimeout(() => this.dispose(), NOTICE_MS);
  }
}
