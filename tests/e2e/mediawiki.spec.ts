// A real wiki end to end: Debian's MediaWiki 1.39 (tests/wiki/mediawiki.ts), the built extension,
// Chromium and Firefox ESR. The proof of every fix is the wikitext MediaWiki stored, read back
// through api.php: the fix exactly once, and nothing else changed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, sleep, type BrowserName, type BrowserUnderTest, type E2EPage } from './harness';
import { mediawikiAvailable, startWiki, type Wiki, type WikiPage } from '../wiki/mediawiki';

const PHRASE = 'internal customers';
const FIXED = 'internal service partners';
const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

// Written for these tests; each browser edits its own pages so the two never meet.
const READ_TEXT = [
  'The platform team answers its internal customers within a day.',
  '',
  "Requests from '''internal''' customers go to the [[Service desk|internal customers]] queue.",
  '',
  'See the [[Service desk]] page for hours.',
].join('\n');
const DESK_TEXT = 'The desk serves internal customers and internal suppliers alike.';
const SOURCE_TEXT = [
  '== Intake ==',
  'Every team lists its internal customers in the intake sheet.',
  'The [[Service desk]] keeps the sheet.',
].join('\n');
const FIX_ALL_TEXT = [
  "Our '''internal''' customers and the [[Internal customer|internal customers]] page.",
  'Ask [[internal supplier]]s first; {{Note|internal customers}} stays.',
  '<code>internal customers</code> and https://intra.example/internal-customers stay too.',
].join('\n');
const FIX_ALL_EXPECTED = [
  "Our '''internal''' service partners and the [[Internal customer|internal service partners]] page.",
  'Ask [[internal supplier|internal service partners]] first; {{Note|internal customers}} stays.',
  '<code>internal customers</code> and https://intra.example/internal-customers stay too.',
].join('\n');
const VE_TEXT = 'The help desk thanks its internal customers for their patience.\n\nA second paragraph.';

const pages: WikiPage[] = [
  { title: 'Partner teams', text: READ_TEXT, timestamp: '2026-06-01T10:00:00Z' },
  { title: 'Service desk', text: DESK_TEXT },
  ...BROWSERS.flatMap((b) => [
    { title: `Source ${b}`, text: SOURCE_TEXT },
    { title: `Fix all ${b}`, text: FIX_ALL_TEXT },
    { title: `Visual ${b}`, text: VE_TEXT },
  ]),
];

/** Runs in the page: the centre of a highlighted (or, in a field, underlined) phrase. */
function phrasePoint(w: { within: string; phrase: string; field: boolean }): { x: number; y: number } | null {
  const scope = document.querySelector(w.within);
  if (!scope) return null;
  let rect: DOMRect | undefined;
  if (w.field) {
    const root = document.querySelector('partner-lens-ui')?.shadowRoot;
    for (const mark of root?.querySelectorAll('.mark') ?? []) {
      const r = mark.getClientRects()[0];
      if (mark.textContent === w.phrase && r) rect ??= r;
    }
  } else {
    const registry = (CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights;
    for (const r of registry.get('partner-lens') ?? []) {
      if (r instanceof Range && r.toString() === w.phrase && scope.contains(r.commonAncestorContainer)) {
        rect ??= r.getClientRects()[0];
      }
    }
  }
  return rect && rect.width > 0 ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
}

/** Runs in the page: the card's buttons (label → centre) and status line. */
function cardState() {
  const card = document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card');
  if (!card) return null;
  const buttons: Record<string, { x: number; y: number }> = {};
  for (const b of card.querySelectorAll('button')) {
    const r = b.getBoundingClientRect();
    buttons[b.textContent ?? ''] = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }
  return { buttons, status: card.querySelector('.status')?.textContent ?? null };
}

/** Runs in the page: our highlight ranges, each with whether it lies in VE's surface. */
function rangesInPage(): { text: string; inSurface: boolean }[] {
  const registry = (CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights;
  const out: { text: string; inSurface: boolean }[] = [];
  for (const name of ['partner-lens', 'partner-lens-soft']) {
    for (const r of registry.get(name) ?? []) {
      if (!(r instanceof Range)) continue;
      const el = r.commonAncestorContainer.nodeType === 1 ? (r.commonAncestorContainer as Element) : r.commonAncestorContainer.parentElement;
      out.push({ text: r.toString(), inSurface: !!el?.closest('.ve-ce-surface') });
    }
  }
  return out;
}

const skipAll = !mediawikiAvailable();

describe.skipIf(skipAll).each(BROWSERS)('MediaWiki in %s', (name) => {
  let wiki: Wiki;
  let browser: BrowserUnderTest;
  let page: E2EPage;

  beforeAll(async () => {
    wiki = await startWiki({ pages });
    browser = await launch(name);
  });
  afterAll(async () => {
    await browser?.close();
    await wiki?.stop();
  });

  const until = async <R>(fn: () => Promise<R>, accept: (v: R) => boolean, timeout = 10_000): Promise<R> => {
    const deadline = Date.now() + timeout;
    // A navigation may destroy the context mid-call, and a call into a busy page may not come back
    // in time: both are a "not yet", so that the wait ends at its deadline with its own message.
    const attempt = () =>
      Promise.race([fn(), sleep(Math.max(1000, Math.min(5000, deadline - Date.now()))).then(() => undefined as R)]).catch(
        () => undefined as R,
      );
    let v = await attempt();
    while (!accept(v) && Date.now() < deadline) {
      await sleep(150);
      v = await attempt();
    }
    return v;
  };

  /**
   * A call into the browser that does not come back fails with what it was doing, within `ms`:
   * without it a hung click or navigation ran into the test's own timeout, which names no step.
   */
  /** The last call into the browser, printed when a test fails (a test's timeout names no step). */
  let lastCall = '';
  const inTime = <R>(what: string, call: Promise<R>, ms = 30_000): Promise<R> => {
    lastCall = `${what} (from ${new Date().toISOString()})`;
    return Promise.race([call, sleep(ms).then(() => Promise.reject(new Error(`${what}: no answer from the browser in ${ms / 1000} s`)))]);
  };
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') console.error(`MediaWiki in ${name}: "${task.name}" failed; its last call into the browser: ${lastCall}`);
  });
  /**
   * Closing is clean-up, not what a test checks: a close that does not come back is logged, and
   * the browser takes the page when it closes. (Two fresh-clone CI runs ended a test in its
   * timeout with no step named; `page.close()` was the one call left without a deadline.)
   */
  const closePage = () =>
    inTime('close the page', page.close(), 10_000).catch((error: Error) => console.warn(`MediaWiki in ${name}: ${error.message}`));
  const click = (x: number, y: number, what: string) => inTime(`click on ${what} at ${Math.round(x)},${Math.round(y)}`, page.mouse.click(x, y), 10_000);

  const open = async (url: string) => {
    page = await inTime('new page', browser.newPage());
    // Firefox's default 800x600 puts VE's anonymous-editor notice over the article's first lines.
    await (page as unknown as { setViewport?(v: { width: number; height: number }): Promise<void> }).setViewport?.({
      width: 1280,
      height: 720,
    });
    await inTime(`open ${url}`, page.goto(url));
    return page;
  };

  /** Ranges once their count has stopped changing for a moment. */
  const settledRanges = async () => {
    let last = await inTime('read the highlights', page.evaluate(rangesInPage));
    for (let quiet = 0, i = 0; quiet < 4 && i < 80; i++) {
      await sleep(200);
      const now = await inTime('read the highlights', page.evaluate(rangesInPage));
      quiet = now.length === last.length && now.length > 0 ? quiet + 1 : 0;
      last = now;
    }
    return last;
  };

  const openCard = async (within: string, field: boolean, phrase = PHRASE) => {
    const p = await until(() => page.evaluate(phrasePoint, { within, phrase, field }), (v) => v !== null, 20_000);
    expect(p, `mark of "${phrase}" in ${within}`).not.toBeNull();
    await click(p!.x, p!.y, `the mark of "${phrase}"`);
    const k = await until(() => page.evaluate(cardState), (v) => !!v && Object.keys(v.buttons).length > 1, 5000);
    if (!k) await page.screenshot({ path: `/tmp/partner-lens-mediawiki-${name}-nocard.png` });
    expect(k, `card after a click at ${JSON.stringify(p)}`).not.toBeNull();
  };

  /** Clicks the card button whose label contains `label`. */
  const press = async (label: string) => {
    const k = await until(
      () => page.evaluate(cardState),
      (v) => !!v && Object.keys(v.buttons).some((b) => b.includes(label)),
      5000,
    );
    const key = Object.keys(k?.buttons ?? {}).find((b) => b.includes(label));
    expect(key, `button "${label}" in ${JSON.stringify(Object.keys(k?.buttons ?? {}))}`).toBeDefined();
    // Where the button has stayed for 150 ms: the card follows its phrase when the page scrolls
    // (and rises 2 px as it appears, which is not worth a word).
    let at = k!.buttons[key!]!;
    for (let i = 0; i < 20; i++) {
      await sleep(150);
      const now = (await inTime('read the card', page.evaluate(cardState)))?.buttons[key!];
      if (!now || (now.x === at.x && now.y === at.y)) break;
      if (Math.abs(now.x - at.x) + Math.abs(now.y - at.y) > 2) {
        console.log(`MediaWiki in ${name}: the card's "${label}" button moved before the click: ${JSON.stringify([at, now])}`);
      }
      at = now;
    }
    await click(at.x, at.y, `the card's "${label}" button`);
  };

  /**
   * WikiEditor loads after the page and moves the textarea into its own frame, which takes the
   * focus away from it: a writer starts once the toolbar is there, and so do these tests.
   */
  const wikiEditorReady = async () => {
    const ready = await until(
      () => page.evaluate(() => !!document.querySelector('#wpTextbox1')?.closest('.wikiEditor-ui')),
      (v) => v,
      20_000,
    );
    expect(ready, 'WikiEditor around #wpTextbox1').toBe(true);
  };

  const undoKey = async () => {
    const kb = page.keyboard as unknown as { down(k: string): Promise<void>; up(k: string): Promise<void> };
    await inTime('Ctrl+Z', (async () => {
      await kb.down('Control');
      await page.keyboard.press('z');
      await kb.up('Control');
    })(), 10_000);
  };

  /**
   * Clicks the element's centre once it has stayed in one place for 150 ms: the page may still be
   * scrolling (a field given the focus back scrolls its caret into view a moment later, which took
   * the Save button away from under a Firefox click).
   */
  const clickSelector = async (selector: string) => {
    const where = (scroll: boolean) =>
      page.evaluate(
        ({ sel, scroll }: { sel: string; scroll: boolean }) => {
          const el = document.querySelector(sel);
          if (!el) return null;
          if (scroll) el.scrollIntoView({ block: 'center' });
          const r = el.getBoundingClientRect();
          const disabled = !!el.closest('.oo-ui-widget-disabled') || (el as HTMLButtonElement).disabled === true;
          return r.width > 0 && !disabled ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
        },
        { sel: selector, scroll },
      );
    let at = await until(() => where(true), (v) => v !== null, 20_000);
    let moved = 0;
    for (let i = 0; at && i < 20; i++) {
      await sleep(150);
      const now = await inTime(`find ${selector}`, where(false));
      if (now && now.x === at.x && now.y === at.y) break;
      moved++;
      at = now ?? (await until(() => where(true), (v) => v !== null, 5_000));
    }
    if (moved) console.log(`MediaWiki in ${name}: ${selector} moved ${moved} time(s) before the click`);
    expect(at, selector).not.toBeNull();
    await click(at!.x, at!.y, selector);
  };

  const textarea = () => page.evaluate(() => (document.getElementById('wpTextbox1') as HTMLTextAreaElement | null)?.value ?? null);
  const surfaceText = () =>
    page.evaluate(() => document.querySelector('.ve-ce-documentNode')?.textContent?.replace(/\u00a0/g, ' ') ?? null);
  /** VisualEditor is up: its surface editable, its toolbar built, its loading bar gone. */
  const visualEditorReady = async () => {
    const ready = await until(
      () =>
        page.evaluate(
          () =>
            !!document.querySelector('.ve-ce-documentNode[contenteditable="true"]') &&
            !!document.querySelector('.ve-ui-toolbar-saveButton') &&
            !document.documentElement.classList.contains('ve-loading'),
        ),
      (v) => v,
      60_000,
    );
    expect(ready, 'VisualEditor loaded').toBe(true);
    // VE opens a notice for anonymous editors ("You are not logged in") that may cover the text.
    await sleep(1000);
    const close = await page.evaluate(() => {
      for (const el of document.querySelectorAll<HTMLElement>('.oo-ui-popupWidget-closeButton a, .oo-ui-popupWidget-closeButton')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return null;
    });
    if (close) await click(close.x, close.y, "VisualEditor's notice");
    await sleep(500);
  };
  /** The stored wikitext, less the line break(s) at the end that MediaWiki's edit form adds on a save. */
  const stored = async (title: string) => (await wiki.wikitext(title))?.trimEnd() ?? null;
  /**
   * Saves the edit form, then waits for the stored text to change from `was`. In Firefox the click
   * on Save was sometimes not taken (about one run in three on a 2-core machine): the page scrolled
   * again after the spec had scrolled Save into view, and the click landed beside it. clickSelector
   * now waits for a still target; should a click still be lost, a writer clicks again, and so does
   * the test once the page shows after 5 s that nothing was sent, saying what was at the button.
   */
  const save = async (title: string, was: string) => {
    await clickSelector('#wpSave');
    let now = await until(() => stored(title), (v) => v !== was, 5_000);
    const stillEditing = async () =>
      (await inTime('read the address after Save', page.evaluate(() => location.href), 10_000).catch(() => '')).includes('action=edit');
    if (now === was && (await stillEditing())) {
      const atSave = await inTime('look at Save', page.evaluate(() => {
        const box = (el: Element | null | undefined) => {
          const b = el?.getBoundingClientRect();
          return b ? [b.left, b.top, b.width, b.height].map(Math.round) : null;
        };
        const save = document.querySelector('#wpSave');
        const r = save!.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const ui = document.querySelector('partner-lens-ui')?.shadowRoot;
        return {
          save: box(save),
          top: `${top?.localName}#${top?.id ?? ''}`,
          notice: box(ui?.querySelector('.notice')),
          card: box(ui?.querySelector('.card')),
          scrollY,
          active: `${document.activeElement?.localName}#${document.activeElement?.id}`,
        };
      }), 10_000).catch((e: Error) => e.message);
      console.log(`MediaWiki in ${name}: the click on Save was not taken (${JSON.stringify(atSave)}); clicking again`);
      await clickSelector('#wpSave');
    }
    now = await until(() => stored(title), (v) => v !== was, 20_000);
    if (now === was) {
      const seen = await inTime('read the page after Save', page.evaluate(() => ({
        url: location.href,
        message: (document.querySelector('.errorbox, .mw-message-box-error, #editform .error')?.textContent ?? '').trim().slice(0, 300),
      })), 10_000).catch((e: Error) => ({ url: '?', message: e.message }));
      console.log(`MediaWiki in ${name}: Save did not store the edit: ${JSON.stringify(seen)}`);
    }
    return now;
  };

  it('read view: every phrase highlighted once, bold and link labels included, and the DOM untouched', async () => {
    await open(wiki.url('Partner teams'));
    const ranges = await settledRanges();
    expect(ranges.map((r) => r.text).sort()).toEqual([PHRASE, PHRASE, PHRASE]);
    // The article's DOM is MediaWiki's: same text as the parser's output, nothing of ours inside.
    const parsed = await (await fetch(`${wiki.api}?action=parse&page=Partner_teams&prop=text&format=json&formatversion=2`)).json();
    const same = await page.evaluate((html: string) => {
      const content = document.querySelector('#mw-content-text .mw-parser-output');
      const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('.mw-parser-output');
      const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
      return {
        text: squash(content?.textContent) === squash(fresh?.textContent),
        ours: content?.querySelectorAll('partner-lens-ui, [class*="partner-lens"], mark').length ?? -1,
      };
    }, (parsed as { parse: { text: string } }).parse.text);
    expect(same).toEqual({ text: true, ours: 0 });
    await closePage();
  });

  it('a link to another article: the article it opens gets its own highlights', async () => {
    await open(wiki.url('Partner teams'));
    await settledRanges();
    await clickSelector('#mw-content-text a[title="Service desk"]');
    await until(() => page.evaluate(() => location.href), (href) => !!href && href.includes('Service'), 15_000);
    const ranges = await settledRanges();
    expect(ranges.map((r) => r.text).sort()).toEqual([PHRASE, 'internal suppliers']);
    await closePage();
  });

  it('source editor: Replace, Ctrl+Z, Replace, Save — the stored wikitext holds the fix once, nothing else changed', async () => {
    const title = `Source ${name}`;
    await open(wiki.url(title, { action: 'edit' }));
    // MediaWiki's edit form ends the text with a line break: compare with what the form holds.
    const before = (await until(textarea, (v) => v?.trimEnd() === SOURCE_TEXT, 20_000))!;
    await wikiEditorReady();
    await openCard('#wpTextbox1', true);
    await press(`“${FIXED}”`);
    const fixed = before.replace(PHRASE, FIXED);
    expect(await until(textarea, (v) => v === fixed)).toBe(fixed);
    // The fix hands the focus back to the field, so the writer's next Ctrl+Z lands there.
    expect(await until(() => page.evaluate(() => document.activeElement?.id), (id) => id === 'wpTextbox1', 2000)).toBe('wpTextbox1');
    await undoKey();
    expect(await until(textarea, (v) => v === before)).toBe(before);
    await openCard('#wpTextbox1', true);
    await press(`“${FIXED}”`);
    // This second Replace was not taken in about one Chromium run in ten (the field still held the
    // undone text; not found why, see the README): the writer would open the card and press again.
    if ((await until(textarea, (v) => v === fixed, 5_000)) === before) {
      const seen = await inTime('read the card', page.evaluate(cardState), 10_000).catch((e: Error) => e.message);
      console.log(`MediaWiki in ${name}: the second Replace was not taken (card: ${JSON.stringify(seen)}); pressing again`);
      await openCard('#wpTextbox1', true);
      await press(`“${FIXED}”`);
    }
    expect(await until(textarea, (v) => v === fixed)).toBe(fixed);
    expect(await save(title, SOURCE_TEXT)).toBe(SOURCE_TEXT.replace(PHRASE, FIXED));
    expect(await wiki.revisionCount(title)).toBe(2);
    await closePage();
    // Its waits add up to more than the default minute on a busy machine: each fails with its own message first.
  }, 180_000);

  it('source editor: Fix all + Save changes the words and keeps links, templates, code and URLs', async () => {
    const title = `Fix all ${name}`;
    await open(wiki.url(title, { action: 'edit' }));
    await until(textarea, (v) => v?.trimEnd() === FIX_ALL_TEXT, 20_000);
    await wikiEditorReady();
    await openCard('#wpTextbox1', true, "internal''' customers");
    await press('Fix all');
    expect((await until(textarea, (v) => v?.trimEnd() === FIX_ALL_EXPECTED))?.trimEnd()).toBe(FIX_ALL_EXPECTED);
    expect(await save(title, FIX_ALL_TEXT)).toBe(FIX_ALL_EXPECTED);
    await closePage();
    // Its waits add up to more than a minute: a slow step fails with its own message, not the test's timeout.
  }, 180_000);

  it('VisualEditor: Replace, Ctrl+Z, Replace, Save — the saved wikitext holds the fix once', async () => {
    const title = `Visual ${name}`;
    await open(wiki.url(title, { veaction: 'edit' }));
    await visualEditorReady();
    const before = (await surfaceText())!;
    await openCard('.ve-ce-documentNode', false);
    await press(`“${FIXED}”`);
    const after = before.replace(PHRASE, FIXED);
    expect(await until(surfaceText, (v) => v === after)).toBe(after);
    await undoKey();
    expect(await until(surfaceText, (v) => v === before)).toBe(before);
    // VE re-renders the paragraph it undid; point at the phrase once that has settled.
    await settledRanges();
    await sleep(500);
    await openCard('.ve-ce-documentNode', false);
    await press(`“${FIXED}”`);
    const again = await until(surfaceText, (v) => v === after);
    expect(again, `card: ${(await page.evaluate(cardState))?.status}`).toBe(after);
    await clickSelector('.ve-ui-toolbar-saveButton');
    // The save dialog slides in: let it come to rest before clicking its primary action.
    await until(() => page.evaluate(() => !!document.querySelector('.oo-ui-processDialog-actions-primary a.oo-ui-buttonElement-button')), (v) => v, 20_000);
    await sleep(800);
    await clickSelector('.oo-ui-processDialog-actions-primary a.oo-ui-buttonElement-button');
    const saved = await until(() => stored(title), (v) => v !== VE_TEXT, 30_000);
    expect(saved).toBe(VE_TEXT.replace(PHRASE, FIXED));
    await closePage();
  }, 180_000);

  it('VisualEditor: the page counts each phrase once (the read view VE hides is not counted beside its surface)', async () => {
    await open(wiki.url('Partner teams', { veaction: 'edit' }));
    await visualEditorReady();
    const ranges = await settledRanges();
    expect(ranges.filter((r) => r.inSurface).length).toBe(3);
    expect(ranges.length).toBe(3);
    await closePage();
  });
});
