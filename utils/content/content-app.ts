// The content script's behaviour, free of extension APIs: the entrypoint hands in how to talk to
// the background, so the same code runs under test with plain functions.
import { CardController, type CardActions } from '@/utils/card/card-controller';
import { caretFromPoint } from '@/utils/page/caret-from-point';
import { pointInRects } from '@/utils/card/card-position';
import { isOptedOut } from '@/utils/page/dom-text';
import { createPainter } from '@/utils/page/highlight-painter';
import { compileMatcher } from '@/utils/engine/matcher';
import type { ContentMessage, EffectivePrefs, PagePhrase, RuleTally, TabMessage } from '@/utils/protocol/messages';
import { PageScanner, type Occurrence } from '@/utils/page/page-scanner';
import { phraseKey } from '@/utils/engine/phrase-key';
import { activeRules } from '@/utils/engine/rules';
import { isUiHost, UI_HOST_TAG } from '@/utils/page/ui-layer';
import type { EditorHooks } from '@/utils/editors/types';
import { createYielder } from '@/utils/page/yield-to-page';

type ReportMessage = Extract<ContentMessage, { type: 'report' }>;

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
  editors?: Pick<CardActions, 'editable' | 'replace' | 'fixAll'> & Partial<EditorHooks>;
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

const REPORT_EVERY_MS = 2000;
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 400;
/** Quiet time before a rescan after the page changed. */
const SETTLE_MS = 100;
/** Longest wait between rescans of a page that never stops changing. */
const MAX_BACKOFF_MS = 2000;
/** Attributes that show or hide content (`open` for `<details>`); watched to count only what is rendered. */
const VISIBILITY_ATTRIBUTES = ['class', 'style', 'hidden', 'open'];

export function startContentApp(deps: ContentDeps): ContentApp {
  const { win } = deps;
  const doc = win.document;
  const log = deps.log ?? ((m: string) => console.info(`Partner Lens: ${m}`));
  const perf = win.performance;

  let prefs: EffectivePrefs = FALLBACK_PREFS;
  let scanner: PageScanner | null = null;
  let observer: MutationObserver | null = null;
  let card: CardController | null = null;
  const painter = createPainter(win);
  const yieldToPage = createYielder(win);
  const ignored = new Set<string>();
  const dismissed = new WeakMap<Element, Set<string>>();

  // ---- page view figures: high-water marks, so a re-render never counts twice ----
  let viewId = newViewId(win);
  let url = win.location.href;
  let highWater = new Map<string, RuleTally>();
  let events: ReportMessage['events'] = [];
  let dirtyReport = false;
  let reportTimer = 0;
  let lastReportAt = 0;
  let flaggedNow = 0;
  let firstScanDone = false;

  const tally = () => {
    const now = new Map<string, { level: RuleTally['level']; seen: number; quoted: number }>();
    let flagged = 0;
    for (const occ of scanner?.occurrences() ?? []) {
      const m = occ.match;
      const t = now.get(m.rule) ?? { level: m.level, seen: 0, quoted: 0 };
      if (m.quoted) t.quoted++;
      else {
        t.seen++;
        if (m.level === 'flag') flagged++; // the badge: hints and quoted mentions are not counted
      }
      now.set(m.rule, t);
    }
    for (const [rule, t] of now) {
      const prev = highWater.get(rule);
      if (!prev || t.seen > prev.seen || t.quoted > prev.quoted) {
        highWater.set(rule, {
          rule,
          level: t.level,
          seen: Math.max(t.seen, prev?.seen ?? 0),
          quoted: Math.max(t.quoted, prev?.quoted ?? 0),
        });
        dirtyReport = true;
      }
    }
    // Mid-rescan the set is partial: keep the last complete figure for the badge and the worklist.
    const complete = !scanner || (scanner.settled && !flushTimer);
    if (complete && flagged !== flaggedNow) {
      flaggedNow = flagged;
      dirtyReport = true;
    }
    scheduleReport();
  };

  const sendReport = () => {
    if (reportTimer) win.clearTimeout(reportTimer);
    reportTimer = 0;
    // Until the first scan is done, figures are partial: a page flagged earlier would look resolved.
    if (!firstScanDone || (!dirtyReport && events.length === 0)) return;
    dirtyReport = false;
    lastReportAt = perf.now();
    const message: ReportMessage = {
      type: 'report',
      viewId,
      url,
      title: doc.title.slice(0, 300),
      tallies: [...highWater.values()],
      flaggedNow,
      events: [...events],
    };
    void Promise.resolve()
      .then(() => deps.report(message))
      .then(() => {
        // Events carry ids, so re-sending them after a failure never counts twice; drop them once delivered.
        const sent = new Set(message.events.map((e) => e.id));
        events = events.filter((e) => !sent.has(e.id));
      })
      .catch(() => {
        // The background may be restarting; the snapshot is re-sent with the next change.
        dirtyReport = true;
        scheduleReport();
      });
  };

  const scheduleReport = () => {
    if (reportTimer || (!dirtyReport && events.length === 0)) return;
    const wait = Math.max(0, REPORT_EVERY_MS - (perf.now() - lastReportAt));
    reportTimer = win.setTimeout(sendReport, wait);
  };

  const onPageHide = () => sendReport();
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') sendReport();
  };
  win.addEventListener('pagehide', onPageHide);
  doc.addEventListener('visibilitychange', onVisibility);

  // ---- card ----
  const actions: CardActions = {
    async copy(occ) {
      const text = occ.match.suggestion ?? '';
      try {
        await win.navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    dismiss(occ) {
      let set = dismissed.get(occ.container);
      if (!set) dismissed.set(occ.container, (set = new Set()));
      set.add(occurrenceKey(occ.match.start, occ.match.text));
      events.push({ id: `${viewId}:${occ.id}:d`, kind: 'dismissed', rule: occ.match.rule });
      scanner?.drop(occ);
      deps.editors?.refresh?.();
      scheduleReport();
    },
    ignore(occ) {
      const key = phraseKey(occ.match.text);
      ignored.add(key);
      void Promise.resolve()
        .then(() => deps.ignorePhrase(key))
        .catch(() => log('could not save the ignored phrase; it is ignored until the page reloads'));
      for (const other of [...(scanner?.occurrences() ?? [])]) {
        if (phraseKey(other.match.text) === key) scanner?.drop(other);
      }
      deps.editors?.refresh?.();
    },
    ...deps.editors,
  };
  const wrappedActions: CardActions = {
    ...actions,
    replace: actions.replace
      ? async (occ, r) => {
          const out = await actions.replace!(occ, r);
          if (out.ok) recordFix(occ);
          return out;
        }
      : undefined,
    fixAll: actions.fixAll
      ? async (occ) => {
          const out = await actions.fixAll!(occ);
          if (out.ok) recordFix(occ);
          return out;
        }
      : undefined,
  };
  // Every fix is its own event, even two on one occurrence (fix, undo, fix again).
  let fixSeq = 0;
  const recordFix = (occ: Occurrence) => {
    events.push({ id: `${viewId}:${occ.id}:f:${fixSeq++}`, kind: 'fixed', rule: occ.match.rule });
    scheduleReport();
  };

  const getCard = () => (card ??= new CardController(doc, deps.cardCss, wrappedActions));

  // ---- pointer and focus ----
  let hoverTimer = 0;
  let closeTimer = 0;
  let pending: Occurrence | null = null;
  let moveFrame = 0;
  let lastPoint = { x: 0, y: 0 };

  const hitTest = (x: number, y: number): Occurrence | undefined => {
    if (!scanner) return undefined;
    const caret = caretFromPoint(doc, x, y);
    const occ = caret ? scanner.at(caret.node, caret.offset) : undefined;
    // Caret APIs answer with the nearest position even beside the text: check the pointer is on it.
    if (occ && pointInRects(x, y, occ.range.getClientRects())) return occ;
    // Form fields keep their text out of the DOM: their underlines know their own geometry.
    return deps.editors?.hitTest?.(x, y);
  };

  const onPointerMove = (event: PointerEvent) => {
    lastPoint = { x: event.clientX, y: event.clientY };
    if (card?.owns(event.target)) {
      win.clearTimeout(closeTimer);
      closeTimer = 0;
      return;
    }
    if (moveFrame) return;
    moveFrame = win.requestAnimationFrame(() => {
      moveFrame = 0;
      const occ = hitTest(lastPoint.x, lastPoint.y);
      if (occ) {
        win.clearTimeout(closeTimer);
        closeTimer = 0;
        if (card?.current === occ || pending === occ) return;
        pending = occ;
        win.clearTimeout(hoverTimer);
        hoverTimer = win.setTimeout(() => {
          if (pending === occ) getCard().open(occ);
          pending = null;
        }, HOVER_OPEN_MS);
      } else {
        pending = null;
        win.clearTimeout(hoverTimer);
        if (card?.current && !closeTimer) {
          closeTimer = win.setTimeout(() => {
            closeTimer = 0;
            card?.close({ restoreFocus: false });
          }, HOVER_CLOSE_MS);
        }
      }
    });
  };

  const onClick = (event: MouseEvent) => {
    if (!event.isTrusted || card?.owns(event.target)) return;
    const occ = hitTest(event.clientX, event.clientY);
    if (occ) getCard().open(occ);
    else if (card?.current) card.close({ restoreFocus: false });
  };

  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as Node | null;
    if (!scanner || !target || target.nodeType !== 1 || card?.owns(target)) return;
    // Focus moving into an editor is the writer starting to type, not asking about a phrase.
    if ((target as HTMLElement).isContentEditable) return;
    for (const occ of scanner.ordered()) {
      if (occ.range.intersectsNode(target) && target.contains(occ.range.commonAncestorContainer)) {
        getCard().open(occ);
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && card?.current) card.close();
  };

  // ---- live pages ----
  let flushTimer = 0;
  let busySince = 0;
  let lastFlushEnd = 0;
  let backoff = SETTLE_MS;
  let warnedBusy = false;
  const isOurs = (node: Node) => {
    const host = card?.host;
    return !!host && (node === host || host.contains(node));
  };

  const scheduleFlush = () => {
    if (flushTimer || !scanner) return;
    const now = perf.now();
    // A page that changes without pause: wait longer between rescans, up to MAX_BACKOFF_MS.
    if (now - lastFlushEnd < backoff + 50) {
      if (!busySince) busySince = now;
      if (now - busySince > 1000) {
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        if (!warnedBusy && backoff >= 800) {
          warnedBusy = true;
          log('this page changes constantly; checking it less often.');
        }
      }
    } else {
      busySince = 0;
      backoff = SETTLE_MS;
    }
    flushTimer = win.setTimeout(() => {
      flushTimer = 0;
      checkNavigation();
      const began = perf.now();
      void scanner
        ?.flush()
        .then(() => {
          lastFlushEnd = perf.now();
          // Visible to the benchmark and the tests: how much of the page's time our rescans take.
          perf.measure('partner-lens:rescan', { start: began, end: lastFlushEnd });
          // A card that reports a fix stays (with its Undo) though the editor re-rendered the phrase.
          card?.current &&
            !card.pinned &&
            !card.current.range.startContainer.isConnected &&
            card.close({ restoreFocus: false });
        })
        .catch((error: unknown) => log(`rescan failed: ${String(error)}`));
    }, backoff);
  };

  const onMutations = (records: MutationRecord[]) => {
    if (!scanner) return;
    let any = false;
    let removed = false;
    for (const record of records) {
      if (isOurs(record.target) || onlyOurHost(record)) continue;
      if (record.type === 'attributes') {
        // Shown or hidden, not changed: only the blocks with matches (or held back) are checked.
        any = scanner.visibilityMayHaveChanged() || any;
        continue;
      }
      scanner.markDirty(record.target);
      any = true;
      if (record.removedNodes.length) removed = true;
    }
    if (removed) {
      scanner.pruneDetached();
      deps.editors?.pruneDetached?.();
    }
    if (any) scheduleFlush();
  };

  const observe = (root: Node) =>
    observer?.observe(root, { childList: true, subtree: true, characterData: true, attributeFilter: VISIBILITY_ATTRIBUTES });

  const adoptHighlightCss = (root: ShadowRoot) => {
    try {
      const sheet = new (win as unknown as { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
      sheet.replaceSync(deps.highlightCss);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      // Without it, phrases in this shadow root are found and counted but drawn without our style.
    }
  };

  const checkNavigation = () => {
    if (win.location.href === url) return;
    // An SPA route change is a new page view: send the old one's figures, start afresh.
    sendReport();
    url = win.location.href;
    viewId = newViewId(win);
    highWater = new Map();
    flaggedNow = -1;
    if (scanner) void scanner.scanAll(doc.body ?? doc.documentElement);
  };
  const onHistory = () => win.setTimeout(checkNavigation, 50);

  /** Listeners that live while the extension is on for this site (added in start, removed in halt). */
  const pageListeners = (): [EventTarget | undefined, string, EventListener, AddEventListenerOptions | boolean | undefined][] => [
    [win, 'pointermove', onPointerMove as EventListener, { passive: true }],
    [win, 'click', onClick as EventListener, true],
    [win, 'focusin', onFocusIn as EventListener, true],
    [win, 'keydown', onKeyDown as EventListener, true],
    [win, 'popstate', onHistory, undefined],
    [win, 'hashchange', onHistory, undefined],
    [(win as unknown as { navigation?: EventTarget }).navigation, 'navigatesuccess', onHistory, undefined],
  ];

  // ---- applying preferences ----
  const start = () => {
    const rules = activeRules({ disabled: prefs.disabledRules, custom: prefs.customRules });
    const matcher = compileMatcher(rules);
    painter.setShowPartner(prefs.showPartner);
    ignored.clear();
    for (const p of prefs.ignored) ignored.add(phraseKey(p));
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
      isHidden: (m, container) =>
        (ignored.size > 0 && ignored.has(phraseKey(m.text))) ||
        !!dismissed.get(container)?.has(occurrenceKey(m.start, m.text)),
      onChange: tally,
      onShadowRoot: (root) => {
        observe(root);
        adoptHighlightCss(root);
      },
    });
    if (!observer) {
      observer = new (win as unknown as typeof globalThis).MutationObserver(onMutations);
      observe(doc.documentElement);
      for (const [target, type, fn, opts] of pageListeners()) target?.addEventListener(type, fn, opts);
    }
    deps.editors?.attach?.({
      matcher,
      isHidden: (m, container) =>
        (ignored.size > 0 && ignored.has(phraseKey(m.text))) || !!dismissed.get(container)?.has(occurrenceKey(m.start, m.text)),
      occurrences: () => scanner?.occurrences() ?? [],
      openCard: (occ) => getCard().open(occ),
      closeCard: (occ) => {
        if (card?.current === occ) card.close({ restoreFocus: false });
      },
    });
    perf.mark('partner-lens:scan-start');
    return scanner.scanAll(doc.body ?? doc.documentElement).then(() => {
      perf.mark('partner-lens:scan-end');
      firstScanDone = true;
      perf.measure('partner-lens:first-scan', 'partner-lens:scan-start', 'partner-lens:scan-end');
      tally();
    });
  };

  const halt = () => {
    deps.editors?.detach?.();
    observer?.disconnect();
    observer = null;
    for (const [target, type, fn, opts] of pageListeners()) target?.removeEventListener(type, fn, opts);
    win.clearTimeout(flushTimer);
    flushTimer = 0;
    scanner?.clear();
    scanner = null;
    card?.dispose();
    card = null;
    painter.dispose();
    firstScanDone = true;
    flaggedNow = -1;
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
      win.removeEventListener('pagehide', onPageHide);
      doc.removeEventListener('visibilitychange', onVisibility);
    },
  };

  if (isOptedOut(doc) || doc.documentElement.localName === UI_HOST_TAG) return app;
  void applyPrefs();
  return app;
}

/** Our UI host going in or out of <html> is no change of the page. */
function onlyOurHost(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(isUiHost);
}

function occurrenceKey(start: number, text: string): string {
  return `${start}|${text}`;
}

function newViewId(win: Window): string {
  const c = win.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
