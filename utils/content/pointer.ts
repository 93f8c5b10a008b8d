// The pointer, clicks, focus and Escape: which phrase the reader is on, and when its card opens
// or closes. Hover waits a little both ways so a pointer passing by does not flash cards.
import type { CardController } from '@/utils/card/card-controller';
import { pointInRects } from '@/utils/card/card-position';
import { caretFromPoint } from '@/utils/page/caret-from-point';
import type { Occurrence, PageScanner } from '@/utils/page/page-scanner';

const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 400;

export interface PointerDeps {
  win: Window;
  scanner(): PageScanner | null;
  /** The card if one was made. */
  card(): CardController | null;
  /** The card, made on first use. */
  openCard(): CardController;
  /** Form fields keep their text out of the DOM: their underlines know their own geometry. */
  fieldHitTest?: (x: number, y: number) => Occurrence | undefined;
}

export interface PointerHandlers {
  onPointerMove(event: PointerEvent): void;
  onClick(event: MouseEvent): void;
  onFocusIn(event: FocusEvent): void;
  onKeyDown(event: KeyboardEvent): void;
}

/** The phrase under a viewport point, if the point is on its text. */
export function phraseAt(deps: Pick<PointerDeps, 'win' | 'scanner' | 'fieldHitTest'>, x: number, y: number): Occurrence | undefined {
  const scanner = deps.scanner();
  if (!scanner) return undefined;
  const caret = caretFromPoint(deps.win.document, x, y);
  const occ = caret ? scanner.at(caret.node, caret.offset) : undefined;
  // Caret APIs answer with the nearest position even beside the text: check the pointer is on it.
  if (occ && pointInRects(x, y, occ.range.getClientRects())) return occ;
  return deps.fieldHitTest?.(x, y);
}

export function createPointerHandlers(deps: PointerDeps): PointerHandlers {
  const { win } = deps;
  let hoverTimer = 0;
  let closeTimer = 0;
  let pending: Occurrence | null = null;
  let moveFrame = 0;
  let lastPoint = { x: 0, y: 0 };
  /** Whether the last move was onto our card: a frame asked for by an earlier move then has nothing to do. */
  let onCard = false;

  return {
    onPointerMove(event) {
      lastPoint = { x: event.clientX, y: event.clientY };
      onCard = !!deps.card()?.owns(event.target);
      if (onCard) {
        win.clearTimeout(closeTimer);
        closeTimer = 0;
        return;
      }
      if (moveFrame) return;
      moveFrame = win.requestAnimationFrame(() => {
        moveFrame = 0;
        // Read at the card's point, the page has no phrase there: the card would close under the pointer.
        if (onCard) return;
        const occ = phraseAt(deps, lastPoint.x, lastPoint.y);
        const card = deps.card();
        if (occ) {
          win.clearTimeout(closeTimer);
          closeTimer = 0;
          if (card?.current === occ || pending === occ) return;
          pending = occ;
          win.clearTimeout(hoverTimer);
          hoverTimer = win.setTimeout(() => {
            if (pending === occ) deps.openCard().open(occ);
            pending = null;
          }, HOVER_OPEN_MS);
        } else {
          pending = null;
          win.clearTimeout(hoverTimer);
          if (card?.current && !closeTimer) {
            closeTimer = win.setTimeout(() => {
              closeTimer = 0;
              deps.card()?.close({ restoreFocus: false });
            }, HOVER_CLOSE_MS);
          }
        }
      });
    },

    onClick(event) {
      const card = deps.card();
      if (!event.isTrusted || card?.owns(event.target)) return;
      const occ = phraseAt(deps, event.clientX, event.clientY);
      if (occ) deps.openCard().open(occ);
      else if (card?.current) card.close({ restoreFocus: false });
    },

    onFocusIn(event) {
      const scanner = deps.scanner();
      const target = event.target as Node | null;
      if (!scanner || !target || target.nodeType !== 1 || deps.card()?.owns(target)) return;
      // Focus moving into an editor is the writer starting to type, not asking about a phrase.
      if ((target as HTMLElement).isContentEditable) return;
      for (const occ of scanner.ordered()) {
        if (occ.range.intersectsNode(target) && target.contains(occ.range.commonAncestorContainer)) {
          deps.openCard().open(occ);
          return;
        }
      }
    },

    onKeyDown(event) {
      const card = deps.card();
      if (event.key === 'Escape' && card?.current) card.close();
    },
  };
}
