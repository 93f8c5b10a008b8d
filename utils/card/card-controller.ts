// Opens, places and closes the suggestion card in the UI layer.
import { renderCard, type CardProps } from './card-view';
import { t } from '@/utils/i18n/i18n';
import { placeCard, unionBox } from './card-position';
import { createUiLayer, unzoomHost, type UiLayer } from '@/utils/page/ui-layer';
import type { Occurrence } from '@/utils/page/page-scanner';

/** What the card can do for an occurrence; the content app provides it. */
export interface CardActions {
  copy(occ: Occurrence): Promise<boolean>;
  dismiss(occ: Occurrence): void;
  ignore(occ: Occurrence): void;
  /** Editable phrases: the replacements to offer and whether the field can be fixed at once. */
  editable?(occ: Occurrence): { replacements: string[]; canFixAll: boolean } | null;
  replace?(occ: Occurrence, replacement: string): Promise<FixOutcome>;
  fixAll?(occ: Occurrence): Promise<FixOutcome>;
}

export interface FixOutcome {
  ok: boolean;
  /** What to tell the user ("Replaced …", or why the fix could not be applied). */
  message: string;
  undo?: () => Promise<boolean> | boolean;
}

export class CardController {
  private layer: UiLayer | null = null;
  private occ: Occurrence | null = null;
  private status: CardProps['status'];
  private undo: FixOutcome['undo'];
  private returnFocus: Element | null = null;
  private frame = 0;

  constructor(
    private readonly doc: Document,
    private readonly css: string,
    private readonly actions: CardActions,
  ) {}

  get current(): Occurrence | null {
    return this.occ;
  }

  /** Whether the card reports a fix (and may offer its Undo): it stays though the phrase changed. */
  get pinned(): boolean {
    return !!this.status && !this.status.error && this.status.canUndo;
  }

  get host(): HTMLElement | null {
    return this.layer?.host ?? null;
  }

  /** Whether an event target belongs to our UI (events from inside a shadow root retarget to the host). */
  owns(target: EventTarget | null): boolean {
    return !!target && !!this.layer && target === this.layer.host;
  }

  open(occ: Occurrence, options: { focus?: boolean } = {}): void {
    if (this.occ === occ && this.layer) {
      if (options.focus) this.focusFirst();
      return;
    }
    if (!this.layer) this.layer = createUiLayer(this.doc, this.css);
    const active = this.doc.activeElement;
    if (!this.occ && active && !this.owns(active)) this.returnFocus = active;
    this.occ = occ;
    this.status = undefined;
    this.undo = undefined;
    this.paint();
    if (options.focus) this.focusFirst();
    const view = this.doc.defaultView;
    view?.addEventListener('scroll', this.onViewportChange, { capture: true, passive: true });
    view?.addEventListener('resize', this.onViewportChange, { passive: true });
  }

  close(options: { restoreFocus?: boolean } = { restoreFocus: true }): void {
    if (!this.occ || !this.layer) return;
    const hadFocus = this.doc.activeElement === this.layer.host;
    this.occ = null;
    this.layer.mount.replaceChildren();
    const view = this.doc.defaultView;
    view?.removeEventListener('scroll', this.onViewportChange, { capture: true });
    view?.removeEventListener('resize', this.onViewportChange);
    if (hadFocus && options.restoreFocus && this.returnFocus instanceof HTMLElement) {
      this.returnFocus.focus({ preventScroll: true });
    }
    this.returnFocus = null;
  }

  /** Re-renders after the occurrence changed (e.g. its range moved). */
  refresh(): void {
    if (this.occ) this.paint();
  }

  dispose(): void {
    this.close({ restoreFocus: false });
    this.layer?.remove();
    this.layer = null;
  }

  private readonly onViewportChange = () => {
    if (this.frame) return;
    const view = this.doc.defaultView;
    if (!view) return;
    this.frame = view.requestAnimationFrame(() => {
      this.frame = 0;
      this.position();
    });
  };

  private focusFirst(): void {
    const button = this.layer?.root.querySelector<HTMLButtonElement>('.actions button');
    button?.focus();
  }

  private paint(): void {
    const occ = this.occ;
    const layer = this.layer;
    if (!occ || !layer) return;
    const { match } = occ;
    const edit = this.actions.editable?.(occ) ?? null;
    const props: CardProps = {
      phrase: match.text,
      level: match.level,
      quoted: match.quoted,
      suggestion: match.suggestion,
      alternatives: match.alternatives,
      reason: match.reason,
      replacements: edit?.replacements,
      canFixAll: edit?.canFixAll,
      status: this.status,
      onReplace: (r) => void this.runFix(() => this.actions.replace?.(occ, r)),
      onFixAll: () => void this.runFix(() => this.actions.fixAll?.(occ)),
      onUndo: () => void this.runUndo(),
      onCopy: () =>
        void this.actions.copy(occ).then((ok) => {
          this.setStatus({ text: ok ? t('cardCopied') : t('cardCopyFailed'), canUndo: false, error: !ok });
        }),
      onDismiss: () => {
        this.actions.dismiss(occ);
        this.close();
      },
      onIgnore: () => {
        this.actions.ignore(occ);
        this.close();
      },
      onClose: () => this.close(),
    };
    // Rebuilt whole on each change (it is small); the focused button keeps focus across it.
    const focused = layer.root.activeElement?.textContent ?? null;
    layer.mount.replaceChildren(renderCard(this.doc, props));
    if (focused !== null) {
      for (const b of layer.mount.querySelectorAll('button')) {
        if (b.textContent === focused) {
          b.focus();
          break;
        }
      }
    }
    this.position();
  }

  private setStatus(status: CardProps['status']): void {
    this.status = status;
    this.paint();
  }

  private async runFix(run: () => Promise<FixOutcome> | undefined): Promise<void> {
    const outcome = await run();
    if (!outcome) return;
    this.undo = outcome.ok ? outcome.undo : undefined;
    this.setStatus({ text: outcome.message, canUndo: !!this.undo, error: !outcome.ok });
  }

  private async runUndo(): Promise<void> {
    const undo = this.undo;
    this.undo = undefined;
    const ok = undo ? await undo() : false;
    this.setStatus({ text: ok ? t('cardUndone') : t('cardNothingToUndo'), canUndo: false, error: !ok });
  }

  private position(): void {
    const occ = this.occ;
    const card = this.layer?.mount.firstElementChild as HTMLElement | null;
    const view = this.doc.defaultView;
    if (!occ || !card || !view) return;
    unzoomHost(this.layer!.host);
    // Phrases in form fields have no range of their own: they know their boxes.
    const rects = (occ as Occurrence & { rects?: () => ArrayLike<DOMRectReadOnly> }).rects;
    const anchor = unionBox(rects ? rects() : occ.range.getClientRects());
    if (!anchor) return;
    const size = card.getBoundingClientRect();
    const place = placeCard(anchor, size, {
      width: view.innerWidth,
      height: view.innerHeight,
    });
    card.style.top = `${place.top}px`;
    card.style.left = `${place.left}px`;
  }
}
