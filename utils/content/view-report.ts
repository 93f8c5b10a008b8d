// Page-view figures for the background. Tallies are high-water marks per rule, so a re-render never
// counts twice; fix and dismiss events carry ids, so a re-send after a failure never counts twice.
import type { ContentMessage } from '@/utils/protocol/messages';
import type { RuleTally } from '@/utils/protocol/model';
import type { Occurrence } from '@/utils/page/page-scanner';

export type ReportMessage = Extract<ContentMessage, { type: 'report' }>;

const REPORT_EVERY_MS = 2000;

export interface ViewReport {
  /** Folds the current occurrences in; `complete` is false while a rescan is under way. */
  tally(occurrences: Iterable<Occurrence>, complete: boolean): void;
  recordDismiss(occ: Occurrence): void;
  recordFix(occ: Occurrence): void;
  /** Sends now (if there is anything new and the first scan is done). */
  send(): void;
  /** The first scan is over: figures are whole from now on. */
  scanDone(): void;
  /** Forces the next complete tally to report the badge figure again. */
  staleBadge(): void;
  /** On an SPA route change, sends the old view's figures and starts a new view; true if the URL changed. */
  followNavigation(): boolean;
  /** Removes the page-hide listeners. */
  stop(): void;
}

export function createViewReport(win: Window, report: (message: ReportMessage) => Promise<void> | void): ViewReport {
  const doc = win.document;
  const perf = win.performance;
  let viewId = newViewId(win);
  let url = win.location.href;
  let highWater = new Map<string, RuleTally>();
  let events: ReportMessage['events'] = [];
  let dirty = false;
  let timer = 0;
  let lastReportAt = 0;
  let flaggedNow = 0;
  let firstScanDone = false;
  // Every fix is its own event, even two on one occurrence (fix, undo, fix again).
  let fixSeq = 0;

  const send = () => {
    if (timer) win.clearTimeout(timer);
    timer = 0;
    // Until the first scan is done, figures are partial: a page flagged earlier would look resolved.
    if (!firstScanDone || (!dirty && events.length === 0)) return;
    dirty = false;
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
      .then(() => report(message))
      .then(() => {
        const sent = new Set(message.events.map((e) => e.id));
        events = events.filter((e) => !sent.has(e.id));
      })
      .catch(() => {
        // The background may be restarting; the snapshot is re-sent with the next change.
        dirty = true;
        schedule();
      });
  };

  const schedule = () => {
    if (timer || (!dirty && events.length === 0)) return;
    const wait = Math.max(0, REPORT_EVERY_MS - (perf.now() - lastReportAt));
    timer = win.setTimeout(send, wait);
  };

  const onPageHide = () => send();
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') send();
  };
  win.addEventListener('pagehide', onPageHide);
  doc.addEventListener('visibilitychange', onVisibility);

  return {
    tally(occurrences, complete) {
      const now = new Map<string, { level: RuleTally['level']; seen: number; quoted: number }>();
      let flagged = 0;
      for (const occ of occurrences) {
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
          dirty = true;
        }
      }
      // Mid-rescan the set is partial: keep the last complete figure for the badge and the worklist.
      if (complete && flagged !== flaggedNow) {
        flaggedNow = flagged;
        dirty = true;
      }
      schedule();
    },
    recordDismiss(occ) {
      events.push({ id: `${viewId}:${occ.id}:d`, kind: 'dismissed', rule: occ.match.rule });
      schedule();
    },
    recordFix(occ) {
      events.push({ id: `${viewId}:${occ.id}:f:${fixSeq++}`, kind: 'fixed', rule: occ.match.rule });
      schedule();
    },
    send,
    scanDone() {
      firstScanDone = true;
    },
    staleBadge() {
      flaggedNow = -1;
    },
    followNavigation() {
      if (win.location.href === url) return false;
      send();
      url = win.location.href;
      viewId = newViewId(win);
      highWater = new Map();
      flaggedNow = -1;
      return true;
    },
    stop() {
      win.removeEventListener('pagehide', onPageHide);
      doc.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

function newViewId(win: Window): string {
  const c = win.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
