// What the card's buttons do in the content app: copy, dismiss, ignore, and the editor's fixes,
// each counted in the view report once it has taken effect.
import type { CardActions } from '@/utils/card/card-controller';
import { phraseKey } from '@/utils/engine/phrase-key';
import { isFieldOccurrence } from '@/utils/editors/types';
import type { PageScanner } from '@/utils/page/page-scanner';
import type { HiddenPhrases } from './hidden-phrases';
import type { ViewReport } from './view-report';

export interface CardActionDeps {
  win: Window;
  scanner(): PageScanner | null;
  hidden: HiddenPhrases;
  report: ViewReport;
  ignorePhrase(phrase: string): Promise<void> | void;
  /** Editor support (fix on the spot), when present. */
  editors?: Pick<CardActions, 'editable' | 'replace' | 'fixAll'> & { refresh?(): void };
  log(message: string): void;
}

export function createCardActions(deps: CardActionDeps): CardActions {
  const { editors } = deps;
  const actions: CardActions = {
    async copy(occ) {
      const text = occ.match.suggestion ?? '';
      try {
        await deps.win.navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    dismiss(occ) {
      // A field's occurrence has no block text: the field reports its edits (FieldOverlay onEdit).
      deps.hidden.dismiss(occ.container, occ.match, isFieldOccurrence(occ) ? undefined : occ.block.text);
      deps.report.recordDismiss(occ);
      deps.scanner()?.drop(occ);
      editors?.refresh?.();
    },
    ignore(occ) {
      const key = deps.hidden.ignore(occ.match.text);
      void Promise.resolve()
        .then(() => deps.ignorePhrase(key))
        .catch(() => deps.log('could not save the ignored phrase; it is ignored until the page reloads'));
      const scanner = deps.scanner();
      for (const other of [...(scanner?.occurrences() ?? [])]) {
        if (phraseKey(other.match.text) === key) scanner?.drop(other);
      }
      editors?.refresh?.();
    },
    ...editors,
  };
  // A fix is counted only once the editor took it.
  return {
    ...actions,
    replace: actions.replace
      ? async (occ, r) => {
          const out = await actions.replace!(occ, r);
          if (out.ok) deps.report.recordFix(occ);
          return out;
        }
      : undefined,
    fixAll: actions.fixAll
      ? async (occ) => {
          const out = await actions.fixAll!(occ);
          if (out.ok) deps.report.recordFix(occ);
          return out;
        }
      : undefined,
  };
}
