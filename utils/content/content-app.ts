// The content script's behaviour, free of extension APIs: the entrypoint hands in how to talk to
// the background, so the same code runs under test with plain functions. This file starts and
// stops the parts (view report, pointer, live updates, card actions) and answers the popup.
import { CardController, type CardActions } from '@/utils/card/card-controller';
import { isOptedOut } from '@/utils/page/dom-text';
import { createPainter } from '@/utils/page/highlight-painter';
import { compileMatcher } from '@/utils/engine/matcher';
import type { TabMessage } from '@/utils/protocol/messages';
import type { EffectivePrefs, PagePhrase } from '@/utils/protocol/model';
import { PageScanner, type Occurrence } from '@/utils/page/page-scanner';
import { activeRules } from '@/utils/engine/rules';
import { UI_HOST_TAG } from '@/utils/page/ui-layer';
import type { EditorContext, EditorHooks } from '@/utils/editors/types';
import { createYielder } from '@/utils/page/yield-to-page';
import { createCardActions } from './card-actions';
import { createHiddenPhrases } from './hidden-phrases';
import { createLiveUpdates } from './live-updates';
import { createPointerHandlers } from './pointer';
import { createViewReport, type ReportMessage } from './view-report';
import { FIRST_PAINT, FIRST_SCAN, SCAN_END, SCAN_START } from './marks';
import type { SkippedContent } from '@/utils/page/skipped-content';

export interface ContentDeps {
  win: Window;
  getPrefs(): Promise<EffectivePrefs>;
  report(message: ReportMessage): Promise<void> | void;
  ignorePhrase(phrase: string): Promise<void> | void;
  /** CSS of the card, inside the UI layer's shadow root. */
  cardCss: string;
  /** CSS for ::highlight() inside open shadow roots (the document gets it from the manifest). */
  highlightCss: string;
  /** Editor support (fix on the spot), when present; the hooks let it follow form fields. */
  editors?: Pick<CardActions, 'editable' | 'replace' | 'fixAll'> & Partial<EditorHooks> & { pageChanged?(): void };
  /** Content the browser skips rendering for now, followed since document_start (skipped-content.ts). */
  skipped?: SkippedContent;
  log?: (message: string) => void;
}

export interface ContentApp {
  handle(message: TabMessage): Promise<unknown> | unknown;
  readonly scanner: PageScanner | null;
  readonly card: CardController | null;
  stop(): void;
}

export const FALLBACK_PREFS: EffectivePrefs = {
  mode: 'highlight',
  showPartner: false,
  ignored: [],
  customRules: [],
  disabledRules: [],
  worklist: true,
};

export function startContentApp(deps: ContentDeps): ContentApp {
  const { win, editors } = deps;
  const doc = win.document;
  const log = deps.log ?? ((m: string) => console.info(`Partner Lens: ${m}`));
  const perf = win.performance;

  let prefs: EffectivePrefs = FALLBACK_PREFS;
  let scanner: PageScanner | null = null;
  let card: CardController | null = null;
  const painter = createPainter(win);
  const yieldToPage = createYielder(win);
  const hidden = createHiddenPhrases();
  const report = createViewReport(win, deps.report);

  const tally = () => report.tally(scanner?.occurrences() ?? [], !scanner || (scanner.settled && !live.pending));

  const actions = createCardActions({ win, scanner: () => scanner, hidden, report, ignorePhrase: deps.ignorePhrase, editors, log });
  // After a fix by keyboard, the card goes on to the phrase after this one.
  actions.next = (occ) => {
    const list = visible();
    const at = list.indexOf(occ);
    return at >= 0 ? list[at + 1] : undefined;
  };
  const getCard = () => (card ??= new CardController(doc, deps.cardCss, actions));

  const pointer = createPointerHandlers({
    win,
    scanner: () => scanner,
    card: () => card,
    openCard: getCard,
    fieldHitTest: (x, y) => editors?.hitTest?.(x, y),
  });

  const followNavigation = () => {
    // An SPA route change is a new page view: the report starts afresh, the page is read again.
    if (report.followNavigation() && scanner) void scanner.scanAll(doc.body ?? doc.documentElement);
  };
  const onHistory = () => win.setTimeout(followNavigation, 50);

  const live = createLiveUpdates({
    win,
    scanner: () => scanner,
    isOurs: (node) => {
      const host = card?.host;
      return !!host && (node === host || host.contains(node));
    },
    highlightCss: deps.highlightCss,
    beforeRescan: followNavigation,
    afterRescan: () => {
      editors?.pageChanged?.();
      // A card that reports a fix stays (with its Undo) though the editor re-rendered the phrase.
      card?.current && !card.pinned && !card.current.range.startContainer.isConnected && card.close({ restoreFocus: false });
    },
    pruneDetached: () => editors?.pruneDetached?.(),
    log,
  });

  /** Listeners that live while the extension is on for this site (added in start, removed in halt). */
  const pageListeners = (): [EventTarget | undefined, string, EventListener, AddEventListenerOptions | boolean | undefined][] => [
    [win, 'pointermove', pointer.onPointerMove as EventListener, { passive: true }],
    [win, 'click', pointer.onClick as EventListener, true],
    [win, 'focusin', pointer.onFocusIn as EventListener, true],
    [win, 'keydown', pointer.onKeyDown as EventListener, true],
    [win, 'popstate', onHistory, undefined],
    [win, 'hashchange', onHistory, undefined],
    [(win as unknown as { navigation?: EventTarget }).navigation, 'navigatesuccess', onHistory, undefined],
  ];

  // ---- applying preferences ----
  const start = () => {
    const rules = activeRules({ disabled: prefs.disabledRules, custom: prefs.customRules });
    const matcher = compileMatcher(rules);
    painter.setShowPartner(prefs.showPartner);
    hidden.setIgnored(prefs.ignored);
    scanner?.clear();
    scanner = new PageScanner({
      matcher,
      painter,
      yieldToPage,
      afterRender: () =>
        new Promise<void>((resolve) => {
          // A frame, or 100 ms in a background tab where frames do not come.
          const timer = win.setTimeout(resolve, 100);
          win.requestAnimationFrame(() => win.setTimeout(() => (win.clearTimeout(timer), resolve()), 0));
        }),
      now: () => perf.now(),
      skipped: deps.skipped,
      isHidden: hidden.isHidden,
      onChange: tally,
      onShadowRoot: live.addShadowRoot,
    });
    if (live.start()) {
      for (const [target, type, fn, opts] of pageListeners()) target?.addEventListener(type, fn, opts);
    }
    // In a task of its own: looking for a place to write walks the whole document (20-28 ms on
    // Node's 8 MB manual), and beside the start and the first slice it made tasks of 50-73 ms.
    const own = scanner;
    const context: EditorContext = {
      matcher,
      isHidden: hidden.isHidden,
      shiftHidden: hidden.shift,
      occurrences: () => scanner?.occurrences() ?? [],
      openCard: (occ) => getCard().open(occ),
      closeCard: (occ) => {
        if (card?.current === occ) card.close({ restoreFocus: false });
      },
      refreshCard: () => card?.refresh(),
    };
    win.setTimeout(() => {
      if (scanner === own) editors?.attach?.(context);
    }, 0);
    perf.mark(SCAN_START);
    return scanner.scanAll(doc.body ?? doc.documentElement).then(() => {
      perf.mark(SCAN_END);
      report.scanDone();
      perf.measure(FIRST_SCAN, SCAN_START, SCAN_END);
      tally();
      // npm start and the start-up benchmark wait for this: a task after the next frame is drawn.
      if (!perf.getEntriesByName(FIRST_PAINT).length) win.requestAnimationFrame(() => win.setTimeout(() => perf.mark(FIRST_PAINT)));
    });
  };

  const halt = () => {
    editors?.detach?.();
    for (const [target, type, fn, opts] of pageListeners()) target?.removeEventListener(type, fn, opts);
    live.stop();
    scanner?.clear();
    scanner = null;
    card?.dispose();
    card = null;
    painter.dispose();
    report.scanDone();
    report.staleBadge();
    tally();
  };

  const applyPrefs = async () => {
    try {
      prefs = await deps.getPrefs();
    } catch {
      prefs = FALLBACK_PREFS;
    }
    if (prefs.mode === 'off') halt();
    else await start();
  };

  // ---- navigation between phrases, and the popup's list ----
  const visible = () => (scanner?.ordered() ?? []).filter((o) => o.match.level !== 'partner' || prefs.showPartner);

  const reveal = (occ: Occurrence) => {
    const el = occ.range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', inline: 'nearest' });
    getCard().open(occ, { focus: true });
  };

  const navigate = (direction: 'next' | 'previous') => {
    const list = visible();
    if (list.length === 0) return false;
    const current = card?.current ? list.indexOf(card.current) : -1;
    let index: number;
    if (current >= 0) index = (current + (direction === 'next' ? 1 : -1) + list.length) % list.length;
    else {
      // From the viewport: the first phrase below its top (or the last above it).
      const tops = list.map((o) => o.range.getBoundingClientRect().top);
      if (direction === 'next') index = Math.max(0, tops.findIndex((t) => t >= 0));
      else {
        const below = tops.findIndex((t) => t >= 0);
        index = below <= 0 ? list.length - 1 : below - 1;
      }
    }
    reveal(list[index]!);
    return true;
  };

  const app: ContentApp = {
    get scanner() {
      return scanner;
    },
    get card() {
      return card;
    },
    handle(message) {
      switch (message.type) {
        case 'prefs-changed':
          return applyPrefs();
        case 'navigate':
          return navigate(message.direction);
        case 'list-phrases':
          return visible().map(
            (o, index): PagePhrase => ({
              index,
              rule: o.match.rule,
              level: o.match.level,
              text: o.match.text,
              suggestion: o.match.suggestion,
              quoted: o.match.quoted,
            }),
          );
        case 'reveal': {
          const occ = visible()[message.index];
          if (occ) reveal(occ);
          return !!occ;
        }
      }
    },
    stop() {
      halt();
      report.stop();
    },
  };

  if (isOptedOut(doc) || doc.documentElement.localName === UI_HOST_TAG) return app;
  void applyPrefs();
  return app;
}
