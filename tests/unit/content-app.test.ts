import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_PREFS, startContentApp, type ContentApp, type ContentDeps } from '@/utils/content/content-app';
import type { ContentMessage } from '@/utils/protocol/messages';
import type { EffectivePrefs, PagePhrase } from '@/utils/protocol/model';

type Report = Extract<ContentMessage, { type: 'report' }>;

function setup(html: string, prefs: Partial<EffectivePrefs> = {}, editors?: ContentDeps['editors']) {
  document.body.innerHTML = html;
  const reports: Report[] = [];
  const ignored: string[] = [];
  let current: EffectivePrefs = { ...FALLBACK_PREFS, ...prefs };
  const app = startContentApp({
    win: window,
    getPrefs: async () => current,
    report: (m) => {
      reports.push(m);
    },
    ignorePhrase: (p) => {
      ignored.push(p);
    },
    cardCss: '',
    highlightCss: '',
    log: () => {},
    editors,
  });
  return {
    app,
    reports,
    ignored,
    setPrefs(next: Partial<EffectivePrefs>) {
      current = { ...current, ...next };
    },
  };
}

async function settle(app: ContentApp) {
  // Let the first scan and any rescans finish (slices yield through macrotasks).
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await app.scanner?.flush();
  }
}

const list = (app: ContentApp) => app.handle({ type: 'list-phrases' }) as PagePhrase[];

describe('content app', () => {
  let app: ContentApp | undefined;
  beforeEach(() => {
    vi.useRealTimers();
  });
  afterEach(() => {
    app?.stop();
    app = undefined;
  });

  it('finds phrases across inline elements and lists them in document order', async () => {
    const t = setup(
      '<p>Our internal <a href="#">customers</a> come first.</p><p>We thank our internal suppliers.</p><p>Our service partners agree.</p>',
    );
    app = t.app;
    await settle(app);
    expect(list(app).map((p) => [p.rule, p.text])).toEqual([
      ['internal-customer', 'internal customers'],
      ['internal-supplier', 'internal suppliers'],
    ]);
  });

  it('lists partner language only when the user asked to see it', async () => {
    const t = setup('<p>Our service partners agree with the internal customer.</p>', { showPartner: true });
    app = t.app;
    await settle(app);
    expect(list(app).map((p) => p.level)).toEqual(['partner', 'flag']);
  });

  it('reports high-water tallies once the first scan is done, and a re-render does not add to them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const t = setup('<div id="root"><p>An internal customer and “internal customers”.</p></div>');
    app = t.app;
    await settle(app);
    await vi.advanceTimersByTimeAsync(2500);
    const first = t.reports.at(-1)!;
    expect(first.flaggedNow).toBe(1);
    expect(first.tallies).toEqual([{ rule: 'internal-customer', level: 'flag', seen: 1, quoted: 1 }]);
    // A framework re-render: same text, fresh nodes.
    const root = document.getElementById('root')!;
    root.replaceChildren(...[...root.childNodes].map((n) => n.cloneNode(true)));
    await vi.advanceTimersByTimeAsync(300);
    await settle(app);
    await vi.advanceTimersByTimeAsync(2500);
    const last = t.reports.at(-1)!;
    expect(last.viewId).toBe(first.viewId);
    expect(last.tallies).toEqual(first.tallies);
    vi.useRealTimers();
  });

  it('sends the first report as soon as the first scan is done, and throttles the ones after it', async () => {
    // A page a moment old: performance.now() starts near 0, as in a tab that has just loaded.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'], shouldAdvanceTime: true });
    const t = setup('<div id="root"><p>An internal customer.</p></div>');
    app = t.app;
    await settle(app);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.reports.map((r) => r.flaggedNow)).toEqual([1]);
    document.getElementById('root')!.insertAdjacentHTML('beforeend', '<p>Another internal supplier.</p>');
    await vi.advanceTimersByTimeAsync(300);
    await settle(app);
    expect(t.reports).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.reports.map((r) => r.flaggedNow)).toEqual([1, 2]);
    vi.useRealTimers();
  });

  it('switches off completely when the site is off, and back on when preferences change', async () => {
    const t = setup('<p>internal customers</p>', { mode: 'off' });
    app = t.app;
    await settle(app);
    expect(app.scanner).toBeNull();
    expect(list(app)).toEqual([]);
    t.setPrefs({ mode: 'highlight' });
    await app.handle({ type: 'prefs-changed' });
    await settle(app);
    expect(list(app)).toHaveLength(1);
  });

  it('leaves out phrases ignored on this site and disabled rules', async () => {
    const t = setup('<p>internal customers, internal clients and internal suppliers</p>', {
      ignored: ['internal customers'],
      disabledRules: ['internal-client'],
    });
    app = t.app;
    await settle(app);
    expect(list(app).map((p) => p.rule)).toEqual(['internal-supplier']);
  });

  it('gives editor support its context in a task after the start, and never once the app stopped', async () => {
    // Looking for a place to write walks the whole document: it must not lengthen the start's task.
    const started = async (calls: string[]) => {
      const { app: started } = setup('<p>internal customers</p><textarea></textarea>', {}, {
        editable: () => null,
        replace: async () => ({ ok: false, message: '' }),
        fixAll: async () => ({ ok: false, message: '' }),
        attach: () => void calls.push('attach'),
        detach: () => void calls.push('detach'),
      });
      for (let i = 0; i < 10 && !started.scanner; i++) await Promise.resolve();
      expect(started.scanner).not.toBeNull();
      return started;
    };
    const calls: string[] = [];
    app = await started(calls);
    expect(calls).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['attach']);
    app.stop();

    const stopped: string[] = [];
    app = await started(stopped);
    app.stop();
    await settle(app);
    expect(stopped).toEqual(['detach']);
  });

  it('does not read text the page marked to ignore, or a page that opted out', async () => {
    const t = setup('<p data-partner-lens="ignore">internal customers</p><p>internal vendors</p>');
    app = t.app;
    await settle(app);
    expect(list(app).map((p) => p.text)).toEqual(['internal vendors']);
  });
});
