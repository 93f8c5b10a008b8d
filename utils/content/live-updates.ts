// Pages that change under us: mutations mark blocks dirty and a rescan follows after a quiet
// moment, less often on a page that never stops changing. Open shadow roots are watched too.
import type { PageScanner } from '@/utils/page/page-scanner';
import { isUiHost } from '@/utils/page/ui-layer';

/** Quiet time before a rescan after the page changed. */
const SETTLE_MS = 100;
/** Longest wait between rescans of a page that never stops changing. */
const MAX_BACKOFF_MS = 2000;

export interface LiveUpdateDeps {
  win: Window;
  scanner(): PageScanner | null;
  /** Nodes of our own UI: their changes are no change of the page. */
  isOurs(node: Node): boolean;
  /** CSS for ::highlight() inside open shadow roots (the document gets it from the manifest). */
  highlightCss: string;
  /** Runs before each rescan (an SPA route change is noticed here). */
  beforeRescan(): void;
  /** Runs after each rescan. */
  afterRescan(): void;
  /** Nodes left the page. */
  pruneDetached(): void;
  log(message: string): void;
}

export interface LiveUpdates {
  /** Starts watching the document; false if it was already watched. */
  start(): boolean;
  stop(): void;
  /** Watches an open shadow root and gives it the highlight style. */
  addShadowRoot(root: ShadowRoot): void;
  /** A rescan is waiting: the scanner's figures are partial. */
  readonly pending: boolean;
}

export function createLiveUpdates(deps: LiveUpdateDeps): LiveUpdates {
  const { win } = deps;
  const perf = win.performance;
  let observer: MutationObserver | null = null;
  let flushTimer = 0;
  let busySince = 0;
  let lastFlushEnd = 0;
  let backoff = SETTLE_MS;
  let warnedBusy = false;

  const scheduleFlush = () => {
    if (flushTimer || !deps.scanner()) return;
    const now = perf.now();
    // A page that changes without pause: wait longer between rescans, up to MAX_BACKOFF_MS.
    if (now - lastFlushEnd < backoff + 50) {
      if (!busySince) busySince = now;
      if (now - busySince > 1000) {
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        if (!warnedBusy && backoff >= 800) {
          warnedBusy = true;
          deps.log('this page changes constantly; checking it less often.');
        }
      }
    } else {
      busySince = 0;
      backoff = SETTLE_MS;
    }
    flushTimer = win.setTimeout(() => {
      flushTimer = 0;
      deps.beforeRescan();
      const began = perf.now();
      void deps
        .scanner()
        ?.flush()
        .then(() => {
          lastFlushEnd = perf.now();
          // Visible to the benchmark and the tests: how much of the page's time our rescans take.
          perf.measure('partner-lens:rescan', { start: began, end: lastFlushEnd });
          deps.afterRescan();
        })
        .catch((error: unknown) => deps.log(`rescan failed: ${String(error)}`));
    }, backoff);
  };

  const onMutations = (records: MutationRecord[]) => {
    const scanner = deps.scanner();
    if (!scanner) return;
    let any = false;
    let removed = false;
    for (const record of records) {
      if (deps.isOurs(record.target) || onlyOurHost(record)) continue;
      scanner.markDirty(record.target);
      any = true;
      if (record.removedNodes.length) removed = true;
    }
    if (removed) {
      scanner.pruneDetached();
      deps.pruneDetached();
    }
    if (any) scheduleFlush();
  };

  const observe = (root: Node) => observer?.observe(root, { childList: true, subtree: true, characterData: true });

  const adoptHighlightCss = (root: ShadowRoot) => {
    try {
      const sheet = new (win as unknown as { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet();
      sheet.replaceSync(deps.highlightCss);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      // Without it, phrases in this shadow root are found and counted but drawn without our style.
    }
  };

  return {
    start() {
      if (observer) return false;
      observer = new (win as unknown as typeof globalThis).MutationObserver(onMutations);
      observe(win.document.documentElement);
      return true;
    },
    stop() {
      observer?.disconnect();
      observer = null;
      win.clearTimeout(flushTimer);
      flushTimer = 0;
    },
    addShadowRoot(root) {
      observe(root);
      adoptHighlightCss(root);
    },
    get pending() {
      return flushTimer !== 0;
    },
  };
}

/** Our UI host going in or out of <html> is no change of the page. */
function onlyOurHost(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every(isUiHost);
}
