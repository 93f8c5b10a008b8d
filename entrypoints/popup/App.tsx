import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AdoptionPanel } from '@/components/AdoptionPanel';
import { OrgAudit } from '@/components/OrgAudit';
import type { OrgAudit as Audit } from '@/utils/protocol/org-audit';
import { EmptyState } from '@/components/EmptyState';
import { PhraseList } from '@/components/PhraseList';
import { SiteSwitch } from '@/components/SiteSwitch';
import { downloadFiles, savedFilesMessage } from '@/components/download-files';
import { t, tSplit } from '@/utils/i18n/i18n';
import { request, type Diagnostics, type ExtensionPageMessage, type PagePhrase, type ReplyMap, type Stats, type TabMessage } from '@/utils/protocol/messages';
import { classifyUrl, countByLevel } from '@/components/page-target';
import type { EffectiveSettings } from '@/utils/protocol/model';
import { ruleNamer } from '@/utils/engine/rule-names';

export const ask = <M extends ExtensionPageMessage>(message: M): Promise<ReplyMap[M['type']]> =>
  request((m: M) => browser.runtime.sendMessage(m), message);

type PageState =
  | { status: 'loading' }
  | { status: 'unavailable'; reason: string }
  | { status: 'ready'; tabId: number; hostname: string; phrases: PagePhrase[] | null };

/** The tab the popup speaks about. `?tab=<id>` lets a test (or a pinned popup window) name it. */
async function targetTab(): Promise<{ id?: number; url?: string } | undefined> {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(named) && named > 0) return browser.tabs.get(named);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function askTab<T>(tabId: number, message: TabMessage): Promise<T> {
  // The top frame only: frames each run a content script, and the popup speaks about the page.
  return browser.tabs.sendMessage(tabId, message, { frameId: 0 }) as Promise<T>;
}

const DAYS_KEY = 'partner-lens:popup-days';
/** The trend compares the last 4 weeks with the 4 before. */
const TREND_DAYS = 56;

/** The period the popup opens on: the one chosen last time, else 30 days. */
export const storedDays = (): number => Number(localStorage.getItem(DAYS_KEY)) || 30;

export interface PopupProps {
  /**
   * The figures of the opening period, asked for before the first render (main.tsx): effects run
   * only after the first paint, and the figures are what the popup is opened for.
   */
  first?: { days: number; stats: Promise<Stats>; ready?: Stats };
}

export function Popup({ first }: PopupProps) {
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const [siteOn, setSiteOn] = useState<boolean | null>(null);
  const [switching, setSwitching] = useState(false);
  const [siteLocked, setSiteLocked] = useState(false);
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  const [days, setDays] = useState(() => first?.days ?? storedDays());
  /** Figures with the period they are for: from the render that changes the period, the old ones are not shown. */
  const [figures, setFigures] = useState<{ days: number; stats: Stats } | null>(first?.ready ? { days: first.days, stats: first.ready } : null);
  const stats = figures?.days === days ? figures.stats : null;
  /** The last 8 weeks, for the trend of periods too short to hold it. */
  const [trendDays, setTrendDays] = useState<Stats['byDay'] | undefined>(undefined);
  const [statsError, setStatsError] = useState<string | null>(null);
  const [diagnostics, setDiagnostics] = useState<Diagnostics | null>(null);
  const [includeWorklist, setIncludeWorklist] = useState(false);
  const [exportMessage, setExportMessage] = useState('');
  const [audit, setAudit] = useState<Audit | null>(null);
  const marked = useRef(false);
  const firstStats = useRef(first);
  /** Settles once the opening figures are in: the popup's other requests wait for it. */
  const [figuresAsked] = useState(() => (first?.stats ?? Promise.resolve()).then(() => undefined, () => undefined));

  useEffect(() => {
    let current = true;
    setTrendDays(undefined);
    const early = firstStats.current?.days === days ? firstStats.current.stats : undefined;
    firstStats.current = undefined;
    setStatsError(null);
    const asked = early ?? ask({ type: 'get-stats', days });
    // The opening figures may be on screen already (main.tsx waited for them): no second render then.
    asked.then((s) => current && setFigures((f) => (f?.stats === s ? f : { days, stats: s }))).catch((e: Error) => current && setStatsError(e.message));
    if (days < TREND_DAYS) {
      // After the period's own figures, so that the background answers those first.
      asked
        .catch(() => undefined)
        .then(() => ask({ type: 'get-stats', days: TREND_DAYS }))
        .then(
          (s) => current && setTrendDays(s.byDay),
          () => undefined,
        );
    }
    return () => {
      current = false;
    };
  }, [days]);

  // Nothing counted in the period shown: look at the whole year (and the worklist) before saying
  // there is nothing to export. Only on this rare path, so a popup with figures reads one period.
  const [nothingToExport, setNothingToExport] = useState(false);
  useEffect(() => {
    const empty = (s: Stats) => s.worklistTotal === 0 && s.byDay.every((d) => d.seen + d.partner + d.quoted === 0);
    if (!stats || !empty(stats)) {
      setNothingToExport(false);
      return;
    }
    if (days >= 365) {
      setNothingToExport(true);
      return;
    }
    let current = true;
    ask({ type: 'get-stats', days: 365 }).then(
      (year) => current && setNothingToExport(empty(year)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [stats, days]);

  useLayoutEffect(() => {
    // The benchmark reads this mark: the first figures are in the DOM now.
    if (stats && !marked.current) {
      marked.current = true;
      performance.mark('partner-lens:popup-figures');
      // And in a task after the frame that draws them: what the reader sees, on the main thread's clock.
      requestAnimationFrame(() => setTimeout(() => performance.mark('partner-lens:popup-figures-painted'), 0));
    }
  }, [stats]);

  const listPhrases = useCallback(async (tabId: number) => {
    return askTab<PagePhrase[]>(tabId, { type: 'list-phrases' });
  }, []);

  useEffect(() => {
    void figuresAsked.then(() => {
      ask({ type: 'get-diagnostics' }).then(setDiagnostics, () => undefined);
      ask({ type: 'get-audit' }).then(setAudit, () => undefined);
      ask({ type: 'get-settings' }).then(setSettings, () => undefined);
    });
    void (async () => {
      const tab = await targetTab().catch(() => undefined);
      const fileAccess = tab?.url?.startsWith('file:') ? await browser.extension.isAllowedFileSchemeAccess().catch(() => false) : false;
      const target = classifyUrl(tab?.url, fileAccess);
      if (!target.ok || tab?.id === undefined) {
        setPage({ status: 'unavailable', reason: target.ok ? t('pageNoPage') : target.reason });
        return;
      }
      const tabId = tab.id;
      let phrases: PagePhrase[];
      try {
        phrases = await listPhrases(tabId);
        if (!Array.isArray(phrases)) throw new Error('no list');
      } catch {
        setPage({
          status: 'unavailable',
          reason: t('popupNotRunning'),
        });
        return;
      }
      setPage({ status: 'ready', tabId, hostname: target.hostname, phrases });
      if (target.hostname) {
        const state = await ask({ type: 'get-site-mode', hostname: target.hostname }).catch(() => null);
        if (state) {
          setSiteOn(state.mode === 'highlight');
          setSiteLocked(state.locked);
        }
      }
    })();
  }, [listPhrases, figuresAsked]);

  const toggleSite = async (on: boolean) => {
    if (page.status !== 'ready') return;
    setSwitching(true);
    try {
      await ask({ type: 'set-site', hostname: page.hostname, mode: on ? 'highlight' : 'off' });
      setSiteOn(on);
      if (!on) setPage({ ...page, phrases: [] });
      else {
        // The page rescans after it hears of the change; ask again until its list is back.
        for (let attempt = 0; attempt < 8; attempt++) {
          await new Promise((ok) => setTimeout(ok, 250));
          const phrases = await listPhrases(page.tabId).catch(() => [] as PagePhrase[]);
          setPage({ ...page, phrases });
          if (phrases.length > 0) break;
        }
      }
    } finally {
      setSwitching(false);
    }
  };

  const reveal = async (index: number) => {
    if (page.status !== 'ready') return;
    await askTab(page.tabId, { type: 'reveal', index }).catch(() => undefined);
    window.close();
  };

  const exportAs = async (format: 'csv' | 'json') => {
    setExportMessage('');
    try {
      const files = await ask({ type: 'export', format, includeWorklist });
      downloadFiles(files);
      setExportMessage(savedFilesMessage(files));
    } catch (e) {
      setExportMessage(t('exportFailed', (e as Error).message));
    }
  };

  const chooseDays = (d: number) => {
    localStorage.setItem(DAYS_KEY, String(d));
    setDays(d);
  };

  const ruleName = useMemo(() => ruleNamer(settings?.customRules), [settings]);
  const notices = diagnostics?.notices ?? [];

  return (
    <main class="popup">
      <header class="popup-head">
        <h1>
          <img src="/icon/32.png" alt="" width="20" height="20" /> {t('extName')}
        </h1>
        <button
          type="button"
          onClick={() => {
            void browser.runtime.openOptionsPage().then(() => window.close());
          }}
        >
          {t('popupOptions')}
        </button>
      </header>

      {notices.length > 0 && (
        <div class="notice" role="status">
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}

      <section class="this-page" aria-labelledby="page-heading" aria-busy={page.status === 'loading'}>
        <h2 id="page-heading">{t('popupThisPage')}</h2>
        <PageSection page={page} siteOn={siteOn} siteLocked={siteLocked} switching={switching} onToggle={toggleSite} onReveal={reveal} />
      </section>

      {statsError ? (
        <p class="error" role="alert">
          {t('popupFiguresError', statsError)}
        </p>
      ) : (
        <AdoptionPanel stats={stats} trendDays={trendDays} days={days} onDays={chooseDays} ruleName={ruleName} worklistOff={settings?.worklist === false} />
      )}

      <OrgAudit audit={audit} />

      <section class="export" aria-labelledby="export-heading">
        <h2 id="export-heading">{t('popupExportHeading')}</h2>
        <label class="row">
          <input type="checkbox" checked={includeWorklist} onChange={(e) => setIncludeWorklist(e.currentTarget.checked)} />
          {t('popupIncludeWorklist')}
        </label>
        <div class="row">
          <button type="button" disabled={nothingToExport} aria-describedby={nothingToExport ? 'export-nothing' : undefined} onClick={() => void exportAs('csv')}>
            {t('exportCsv')}
          </button>
          <button type="button" disabled={nothingToExport} aria-describedby={nothingToExport ? 'export-nothing' : undefined} onClick={() => void exportAs('json')}>
            {t('exportJson')}
          </button>
        </div>
        <p class="muted small" role="status" id="export-nothing">
          {nothingToExport ? t('popupExportNothing') : exportMessage}
        </p>
      </section>
    </main>
  );
}

interface PageSectionProps {
  page: PageState;
  siteOn: boolean | null;
  siteLocked: boolean;
  switching: boolean;
  onToggle(on: boolean): void;
  onReveal(index: number): void;
}

function PageSection({ page, siteOn, siteLocked, switching, onToggle, onReveal }: PageSectionProps) {
  if (page.status === 'loading') return <p class="muted page-placeholder">{t('popupLooking')}</p>;
  if (page.status === 'unavailable') {
    return (
      <div class="unavailable">
        <EmptyState title={t('popupCannotRun')}>{page.reason}</EmptyState>
      </div>
    );
  }
  const phrases = page.phrases ?? [];
  const counts = countByLevel(phrases);
  return (
    <>
      {page.hostname ? (
        <SiteSwitch
          hostname={page.hostname}
          on={siteOn}
          busy={switching}
          lockedReason={siteLocked ? t('lockedByOrganisation') : undefined}
          onChange={onToggle}
        />
      ) : (
        <p class="muted">{t('popupFileNoSwitch')}</p>
      )}
      {siteOn === false ? (
        <EmptyState title={t('popupSiteOffTitle')}>{t('popupSiteOffBody')}</EmptyState>
      ) : (
        <>
          <ul class="counts" aria-label={t('popupCountsLabel')}>
            <Count kind="flag" n={counts.flag} text={tSplit('popupCountFlagged')} />
            <Count kind="soft" n={counts.soft} text={tSplit('popupCountSoft')} />
            <Count kind="partner" n={counts.partner} text={tSplit('popupCountPartner')} />
          </ul>
          {phrases.length === 0 ? (
            <EmptyState title={t('popupNothingTitle')}>{t('popupNothingBody')}</EmptyState>
          ) : (
            <PhraseList phrases={phrases} onReveal={onReveal} />
          )}
        </>
      )}
    </>
  );
}

/** One of the three counts: the number stands out, wherever the language puts it in the phrase. */
function Count({ kind, n, text: [before, after] }: { kind: 'flag' | 'soft' | 'partner'; n: number; text: [string, string] }) {
  return (
    <li class={`count level-${kind}`}>
      {before}
      <span class="count-n" data-count={kind}>
        {n}
      </span>
      {after}
    </li>
  );
}
