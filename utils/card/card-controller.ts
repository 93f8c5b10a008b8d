// Opens, places and closes the suggestion card in the UI layer, and the notice a fix leaves behind.
import { renderCard, type CardProps } from './card-view';
import { t } from '@/utils/i18n/i18n';
import { placeCard, unionBox } from './card-position';
import { FixNotice } from './fix-notice';
import { createUiLayer, unzoomHost, type UiLayer } from '@/utils/page/ui-layer';
import type { Occurrence } from '@/utils/page/page-scanner';

/** What the card can do for an occurrence; the content app provides it. */
export interface CardActions {
  copy(occ: Occurrence): Promise<boolean>;
  dismiss(occ: Occurrence): void;
  ignore(occ: Occurrence): void;
  /** Editable phrases: the replacements to offer and whether the field can be fixed at once. */
  editable?(occ: Occurrence): EditOffer | null;
  replace?(occ: Occurrence, replacement: string): Promise<FixOutcome>;
  fixAll?(occ: Occurrence): Promise<FixOutcome>;
  /** The phrase a keyboard user goes on to after fixing `occ` (read before the fix). */
  next?(occ: Occurrence): Occurrence | undefined;
}

export interface EditOffer {
  replacements: string[];
  canFixAll: boolean;
  /** What "Fix all in this field" would change, phrase → wording, in order. */
  fixAll?: { from: string; to: string }[];
}

export interface FixOutcome {
  ok: boolean;
  /** What to tell the user ("Replaced …", or why the fix could not be applied). */
  message: string;
  undo?: () => Promise<boolean> | boolean;
}

/** "a → b, c → d (2)": what a Fix all changes, each change once with its count. */
export function describeChanges(changes: { from: string; to: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) {
    const key = `${c.from} → ${c.to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join(', ');
}

export class CardController {
  private layer: UiLayer | null = null;
  private occ: Occurrence | null = null;
  private status: CardProps['status'];
  private whyOpen = false;
  private returnFocus: Element | null = null;
  private frame = 0;
  private readonly notice: FixNotice;

  constructor(
    private readonly doc: Document,
    private readonly css: string,
    private readonly actions: CardActions,
  ) {
    this.notice = new FixNotice(doc, css);
  }

  get current(): Occurrence | null {
    return this.occ;
  }

  /** Kept for the content app: a successful fix closes the card, so no card outlives its phrase. */
  get pinned(): boolean {
    return false;
  }

  get host(): HTMLElement | null {
    return this.layer?.host ?? this.notice.host;
  }

  /** Whether an event target belongs to our UI (events from inside a shadow root retarget to the host). */
  owns(target: EventTarget | null): boolean {
    const host = this.host;
    return !!target && !!host && target === host;
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
    this.whyOpen = false;
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
    this.notice.dispose();
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
    const button = this.layer?.root.querySelector<HTMLButtonElement>('.card .primary, .card .actions button');
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
      fixAllPreview: edit?.fixAll?.length ? t('cardFixAllPreview', describeChanges(edit.fixAll)) : undefined,
      whyOpen: this.whyOpen,
      status: this.status,
      onReplace: (r, byKeyboard) => void this.runFix(occ, byKeyboard, () => this.actions.replace?.(occ, r)),
      onFixAll: (byKeyboard) => void this.runFix(occ, byKeyboard, () => this.actions.fixAll?.(occ), edit?.fixAll),
      onWhy: () => {
        this.whyOpen = !this.whyOpen;
        this.paint();
      },
      onCopy: () =>
        void this.actions.copy(occ).then((ok) => {
          this.setStatus({ text: ok ? t('cardCopied') : t('cardCopyFailed'), error: !ok });
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

  /**
   * A fix the editor took closes the card (a keyboard user goes on to the next phrase) and leaves
   * a notice with its Undo; a fix it refused keeps the card, says why and offers Copy.
   */
  private async runFix(
    occ: Occurrence,
    byKeyboard: boolean,
    run: () => Promise<FixOutcome> | undefined,
    changes?: { from: string; to: string }[],
  ): Promise<void> {
    const next = byKeyboard ? this.actions.next?.(occ) : undefined;
    const where = this.layer?.mount.firstElementChild?.getBoundingClientRect();
    const outcome = await run();
    if (!outcome) return;
    if (!outcome.ok) {
      if (this.occ === occ) this.setStatus({ text: outcome.message, error: true });
      return;
    }
    const text = changes?.length ? `${outcome.message} ${describeChanges(changes)}` : outcome.message;
    const undo = outcome.undo;
    this.notice.show({ text, onUndo: undo ? () => void this.runUndo(undo) : undefined }, where, this.doc.defaultView);
    if (this.occ === occ) this.close({ restoreFocus: !next });
    if (next && next.range.startContainer.isConnected) this.open(next, { focus: true });
  }

  private async runUndo(undo: () => Promise<boolean> | boolean): Promise<void> {
    const ok = await undo();
    this.notice.show({ text: ok ? t('cardUndone') : t('cardNothingToUndo'), error: !ok });
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
