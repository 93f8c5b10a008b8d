// Fix on the spot, in real editors from npm, on the built extension: the card's Replace and
// "Fix all in this field" go through each editor, whose own model must end up holding the fix
// exactly once; one Ctrl+Z takes it back; typing afterwards goes on normally.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, launch, pollPage, serve, sleep, type BrowserName, type BrowserUnderTest, type E2EPage, type StaticServer } from './harness';

interface EditorCase {
  name: string;
  path: string;
  /** Phrases in form fields are underlined in our overlay; others are painted highlights. */
  kind: 'field' | 'text';
  /** The element (field or editor root) whose phrases the test uses. */
  within: string;
  /** A same-origin iframe holding the editor (TinyMCE). */
  frame?: string;
  /** Argument for the page's modelText(). */
  model?: string;
  firefox: boolean;
}

const EDITORS: EditorCase[] = [
  { name: 'textarea', path: '/editors/textarea.html', kind: 'field', within: '#wiki', model: 'wiki', firefox: true },
  { name: 'input', path: '/editors/textarea.html', kind: 'field', within: '#title', model: 'title', firefox: true },
  { name: 'React textarea', path: '/editors/react.html', kind: 'field', within: '#wiki', firefox: true },
  { name: 'contenteditable', path: '/editors/contenteditable.html', kind: 'text', within: '#editor', firefox: true },
  { name: 'TipTap', path: '/editors/tiptap.html', kind: 'text', within: '#editor', firefox: false },
  { name: 'Quill', path: '/editors/quill.html', kind: 'text', within: '#editor', firefox: false },
  { name: 'TinyMCE', path: '/editors/tinymce.html', kind: 'text', within: 'body', frame: 'iframe', firefox: false },
];

const PHRASE = 'internal customers';
const FIXED = 'internal service partners';

function fixAllOf(c: EditorCase, text: string): string {
  if (c.name === 'input') return text.replace(PHRASE, FIXED).replace('internal suppliers', FIXED);
  // The hint ("the customer is king") and partner language stay as they are.
  return text.replace(PHRASE, FIXED).replace('an internal client', 'an internal service partner');
}

interface Where {
  frame?: string;
  within: string;
  kind: 'field' | 'text';
  phrase: string;
}

/** Runs in the page: the centre of a phrase's underline, in top-level viewport coordinates. */
function phrasePointInPage(w: Where): { x: number; y: number } | null {
  let doc: Document = document;
  let ox = 0;
  let oy = 0;
  if (w.frame) {
    const frame = document.querySelector(w.frame) as HTMLIFrameElement | null;
    if (!frame?.contentDocument) return null;
    const r = frame.getBoundingClientRect();
    ox = r.left + frame.clientLeft;
    oy = r.top + frame.clientTop;
    doc = frame.contentDocument;
  }
  const scope = doc.querySelector(w.within);
  if (!scope) return null;
  let rect: DOMRect | undefined;
  if (w.kind === 'field') {
    const root = doc.querySelector('partner-lens-ui')?.shadowRoot;
    const field = scope.getBoundingClientRect();
    for (const mark of root?.querySelectorAll('.mark') ?? []) {
      const r = mark.getClientRects()[0];
      if (mark.textContent !== w.phrase || !r) continue;
      // The mark that lies over this field.
      if (r.top >= field.top && r.bottom <= field.bottom + 2 && r.left >= field.left && r.right <= field.right + 2) {
        rect = r;
        break;
      }
    }
  } else {
    const registry = (doc.defaultView as unknown as { CSS: { highlights: Map<string, Set<AbstractRange>> } }).CSS.highlights;
    for (const name of ['partner-lens', 'partner-lens-soft']) {
      for (const r of registry.get(name) ?? []) {
        if (r instanceof (doc.defaultView as unknown as { Range: typeof Range }).Range && r.toString() === w.phrase && scope.contains(r.commonAncestorContainer)) {
          rect = r.getClientRects()[0];
        }
      }
    }
  }
  return rect ? { x: ox + rect.left + rect.width / 2, y: oy + rect.top + rect.height / 2 } : null;
}

/** Runs in the page: the card (in the frame where the phrase is), its buttons' centres and status. */
function cardInPage(frame: string | undefined) {
  let doc: Document = document;
  let ox = 0;
  let oy = 0;
  if (frame) {
    const f = document.querySelector(frame) as HTMLIFrameElement | null;
    if (!f?.contentDocument) return null;
    const r = f.getBoundingClientRect();
    ox = r.left + f.clientLeft;
    oy = r.top + f.clientTop;
    doc = f.contentDocument;
  }
  // A fix the editor took closes the card and leaves a notice ("Replaced … · Undo") in its place.
  const root = doc.querySelector('partner-lens-ui')?.shadowRoot;
  const card = root?.querySelector('.card');
  const notice = root?.querySelector('.notice');
  if (!card && !notice) return null;
  const buttons: Record<string, { x: number; y: number }> = {};
  for (const b of [...(card?.querySelectorAll('button') ?? []), ...(notice?.querySelectorAll('button') ?? [])]) {
    const r = b.getBoundingClientRect();
    buttons[b.getAttribute('aria-label') ?? b.textContent ?? ''] = { x: ox + r.left + r.width / 2, y: oy + r.top + r.height / 2 };
  }
  return { buttons, status: card?.querySelector('.status')?.textContent ?? notice?.querySelector('.notice-text')?.textContent ?? null };
}

/** Runs in the page: a synthetic (untrusted) click on a card button. */
function syntheticClickInPage(label: string): boolean {
  const card = document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card');
  const button = [...(card?.querySelectorAll('button') ?? [])].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === label);
  button?.click();
  return !!button;
}

const model = (page: E2EPage, c: Pick<EditorCase, 'model'>) =>
  page.evaluate((id) => (window as unknown as { modelText(id?: string): string | null }).modelText(id), c.model ?? '');

describe.each<BrowserName>(['chromium', 'firefox'])('fix on the spot in %s', (name) => {
  let browser: BrowserUnderTest;
  let server: StaticServer;
  let bundles: string;
  let page: E2EPage;

  beforeAll(async () => {
    // React 19 and TipTap ship no browser builds: bundle the two tiny fixture entries.
    bundles = mkdtempSync(join(tmpdir(), 'partner-lens-editors-'));
    await build({
      entryPoints: {
        'editors/react.bundle': join(FIXTURES, 'editors/react-entry.js'),
        'editors/tiptap.bundle': join(FIXTURES, 'editors/tiptap-entry.js'),
      },
      bundle: true,
      format: 'iife',
      outdir: bundles,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
    server = await serve([bundles, FIXTURES]);
    browser = await launch(name);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (bundles) rmSync(bundles, { recursive: true, force: true });
  });

  const open = async (path: string) => {
    page = await browser.newPage();
    await page.goto(server.url(path));
    return page;
  };

  const pointAt = async (c: Pick<EditorCase, 'frame' | 'within' | 'kind'>, phrase = PHRASE) => {
    const where: Where = { frame: c.frame, within: c.within, kind: c.kind, phrase };
    return pollUntil(async () => page.evaluate(phrasePointInPage, where), (p) => p !== null, 15_000);
  };

  const pollUntil = async <R>(fn: () => Promise<R>, accept: (v: R) => boolean, timeout = 10_000): Promise<R> => {
    const deadline = Date.now() + timeout;
    let v = await fn();
    while (!accept(v) && Date.now() < deadline) {
      await sleep(100);
      v = await fn();
    }
    return v;
  };

  const card = (frame?: string) => page.evaluate(cardInPage, frame);

  const openCard = async (c: Pick<EditorCase, 'frame' | 'within' | 'kind'>, phrase = PHRASE) => {
    if (!c.frame) {
      await page.evaluate((sel: string) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), c.within);
    }
    const p = await pointAt(c, phrase);
    expect(p, `underline of "${phrase}"`).not.toBeNull();
    await page.mouse.click(p!.x, p!.y);
    const k = await pollUntil(() => card(c.frame), (v) => v !== null && v.buttons['Dismiss'] !== undefined, 5000);
    expect(k, 'card').not.toBeNull();
    return k!;
  };

  const press = async (button: string, frame?: string) => {
    const k = await pollUntil(() => card(frame), (v) => !!v?.buttons[button], 5000);
    expect(Object.keys(k?.buttons ?? {})).toContain(button);
    const at = k!.buttons[button]!;
    await page.mouse.click(at.x, at.y);
  };

  const undoKey = async () => {
    const kb = page.keyboard as unknown as { down(k: string): Promise<void>; up(k: string): Promise<void> };
    await kb.down('Control');
    await page.keyboard.press('z');
    await kb.up('Control');
  };

  const cases = EDITORS.filter((c) => name === 'chromium' || c.firefox);

  describe.each(cases)('$name', (c) => {
    it(`Replace with “${FIXED}” updates the model once; one Ctrl+Z restores it`, async () => {
      await open(c.path);
      await openCard(c);
      const before = await model(page, c);
      expect(before).toContain(PHRASE);
      await press(`Replace with “${FIXED}”`, c.frame);
      const after = await pollUntil(() => model(page, c), (t) => t !== before);
      expect(after).toBe(before!.replace(PHRASE, FIXED));
      const status = await pollUntil(() => card(c.frame), (v) => !!v?.status, 3000);
      expect(status?.status).toContain('Replaced');
      // Nothing arrives late (no second write).
      await sleep(400);
      expect(await model(page, c)).toBe(after);
      await undoKey();
      const undone = await pollUntil(() => model(page, c), (t) => t === before, 5000);
      expect(undone).toBe(before);
      await page.close();
    });

    it('typing after the fix goes on after the replacement and stays', async () => {
      await open(c.path);
      await openCard(c);
      const before = await model(page, c);
      await press(`Replace with “${FIXED}”`, c.frame);
      await pollUntil(() => model(page, c), (t) => t !== before);
      await page.keyboard.type(' and more');
      const expected = before!.replace(PHRASE, `${FIXED} and more`);
      const typed = await pollUntil(() => model(page, c), (t) => t === expected, 5000);
      expect(typed).toBe(expected);
      await sleep(500);
      expect(await model(page, c)).toBe(expected);
      await page.close();
    });

    it('Fix all in this field fixes every flag-level phrase there and nothing else', async () => {
      await open(c.path);
      await openCard(c);
      const before = await model(page, c);
      await press('Fix all in this field', c.frame);
      const expected = fixAllOf(c, before!);
      const after = await pollUntil(() => model(page, c), (t) => t === expected, 5000);
      const k = await pollUntil(() => card(c.frame), (v) => !!v?.status, 3000);
      expect(after, `card: ${k?.status}`).toBe(expected);
      expect(k?.status).toMatch(/Fixed 2 phrases/);
      await page.close();
    });
  });

  // A dismissal is kept by offset in its block or field: typing before the phrase must move it.
  // Fields and a plain editing host only: once in a CI run under load the phrase in Quill was
  // painted again right after Dismiss, before any typing, and 9 runs since (4 under load) did not
  // show why. A new element in the block's place keeps the dismissal now (the TipTap heading
  // test below); whether that was Quill's case is not known.
  describe.each(cases.filter((c) => c.kind === 'field' || c.name === 'contenteditable'))('$name: Dismiss', (c) => {
    it('a dismissed phrase stays dismissed while the writer types before it', async () => {
      await open(c.path);
      await openCard(c);
      await press('Dismiss');
      const where: Where = { within: c.within, kind: c.kind, phrase: PHRASE };
      expect(await pollUntil(() => page.evaluate(phrasePointInPage, where), (p) => p === null, 5000)).toBeNull();
      const before = await model(page, c);
      // The caret is in the editor, after the click that opened the card: to the start, and write.
      const kb = page.keyboard as unknown as { down(k: string): Promise<void>; up(k: string): Promise<void> };
      await kb.down('Control');
      await page.keyboard.press('Home');
      await kb.up('Control');
      await page.keyboard.type('Note: ');
      const typed = await pollUntil(() => model(page, c), (t) => t !== before && !!t?.includes('Note: '), 5000);
      expect(typed).toContain('Note: ');
      // Past the overlay's pause in typing and the page scanner's rescan.
      await sleep(800);
      expect(await page.evaluate(phrasePointInPage, where)).toBeNull();
      // The other phrases of the same text are still underlined: it was scanned again.
      const other: Where = { ...where, phrase: c.name === 'input' ? 'internal suppliers' : 'internal client' };
      expect(await pollUntil(() => page.evaluate(phrasePointInPage, other), (p) => p !== null, 5000)).not.toBeNull();
      await page.close();
    });
  });

  // ProseMirror draws a paragraph made a heading as a new element with the same text: the
  // dismissal made in the paragraph goes over to it.
  it.runIf(name === 'chromium')('TipTap: a dismissed phrase stays dismissed when its paragraph is made a heading', async () => {
    const c = EDITORS.find((e) => e.name === 'TipTap')!;
    await open(c.path);
    await openCard(c);
    await press('Dismiss');
    const where: Where = { within: c.within, kind: c.kind, phrase: PHRASE };
    expect(await pollUntil(() => page.evaluate(phrasePointInPage, where), (p) => p === null, 5000)).toBeNull();
    const heading = () => page.evaluate(() => document.querySelector('#editor h1')?.textContent ?? null);
    // The caret is in the paragraph, after the click that opened the card: TipTap's "heading 1".
    const kb = page.keyboard as unknown as { down(k: string): Promise<void>; up(k: string): Promise<void> };
    await kb.down('Control');
    await kb.down('Alt');
    await page.keyboard.press('1');
    await kb.up('Alt');
    await kb.up('Control');
    expect(await pollUntil(heading, (t) => t !== null, 5000)).toContain(PHRASE);
    // Past the page scanner's rescan of the new element.
    await sleep(800);
    expect(await page.evaluate(phrasePointInPage, where)).toBeNull();
    const other: Where = { ...where, phrase: 'internal client' };
    expect(await pollUntil(() => page.evaluate(phrasePointInPage, other), (p) => p !== null, 5000)).not.toBeNull();
    await page.close();
  });

  it('fixes the article with the replacement: “an internal client” → “a service partner”', async () => {
    const c = EDITORS[0]!;
    await open(c.path);
    await openCard(c, 'internal client');
    const before = await model(page, c);
    await press('Replace with “service partner”');
    const after = await pollUntil(() => model(page, c), (t) => t !== before);
    expect(after).toBe(before!.replace('an internal client', 'a service partner'));
    await undoKey();
    expect(await pollUntil(() => model(page, c), (t) => t === before, 5000)).toBe(before);
    await page.close();
  });

  it('leaves read-only, disabled, password and opted-out fields alone', async () => {
    await open('/editors/textarea.html');
    const marks = await pollPage(
      page,
      () => [...(document.querySelector('partner-lens-ui')?.shadowRoot?.querySelectorAll('.mark') ?? [])].map((m) => m.textContent),
      (m) => m.length >= 6,
      10_000,
    );
    await sleep(300);
    const settled = await page.evaluate(() =>
      [...(document.querySelector('partner-lens-ui')?.shadowRoot?.querySelectorAll('.mark') ?? [])].map((m) => m.textContent),
    );
    expect(settled.length).toBe(marks.length);
    // #wiki: 2 flags and the hint; #title: 2; #refuse: 1. Nothing from #ro, #off, #pw, #disabled.
    expect(settled.sort()).toEqual(
      ['internal customers', 'internal client', 'the customer is king', 'internal customers', 'internal suppliers', 'internal customers'].sort(),
    );
    await page.close();
  });

  it.each<[string, EditorCase]>([
    ['a field', { name: 'refuse', path: '/editors/textarea.html', kind: 'field', within: '#refuse', model: 'refuse', firefox: true }],
    ['a contenteditable editor', { name: 'refuse', path: '/editors/contenteditable.html', kind: 'text', within: '#refuse', model: 'refuse', firefox: true }],
  ])('says so when %s refuses the edit, and nothing is lost', async (_, c) => {
    await open(c.path);
    await openCard(c);
    const before = await model(page, c);
    await press(`Replace with “${FIXED}”`);
    const k = await pollUntil(() => card(), (v) => !!v?.status, 5000);
    expect(k?.status).toMatch(/could not be applied/);
    expect(await model(page, c)).toBe(before);
    await page.close();
  });

  it('ignores a synthetic (untrusted) click on a card button', async () => {
    const c = EDITORS[0]!;
    await open(c.path);
    await openCard(c);
    const before = await model(page, c);
    expect(await page.evaluate(syntheticClickInPage, `Replace with “${FIXED}”`)).toBe(true);
    await sleep(500);
    expect(await model(page, c)).toBe(before);
    expect((await card())?.status).toBeNull();
    await page.close();
  });

  it('refuses a stale fix when the text changed after the card opened (field)', async () => {
    const c = EDITORS[0]!;
    await open(c.path);
    await openCard(c);
    // A script changes the text under the card without any input event.
    await page.evaluate(() => {
      const f = document.getElementById('wiki') as HTMLTextAreaElement;
      f.value = f.value.replace('internal customers', 'internal customerz');
    });
    const before = await model(page, c);
    await press(`Replace with “${FIXED}”`);
    const k = await pollUntil(() => card(), (v) => !!v?.status, 5000);
    expect(k?.status).toMatch(/changed since/);
    expect(await model(page, c)).toBe(before);
    await page.close();
  });

  it('refuses a stale fix when the text changed after the card opened (contenteditable)', async () => {
    const c = EDITORS[3]!;
    await open(c.path);
    await openCard(c);
    await page.evaluate(() => {
      const p = document.querySelector('#editor p')!;
      const t = p.firstChild as Text;
      t.data = t.data.replace('internal customers', 'internal customerz');
    });
    const before = await model(page, c);
    await press(`Replace with “${FIXED}”`);
    const k = await pollUntil(() => card(), (v) => !!v?.status, 5000);
    expect(k?.status ?? '').toMatch(/changed since/);
    expect(await model(page, c)).toBe(before);
    await page.close();
  });

  it('closes the card when its field is removed, and the page goes on', async () => {
    const c = EDITORS[0]!;
    await open(c.path);
    await openCard(c);
    await page.evaluate(() => document.getElementById('wiki')!.remove());
    const gone = await pollUntil(() => card(), (v) => v === null, 5000);
    expect(gone).toBeNull();
    expect(await page.evaluate(() => document.querySelectorAll('textarea').length)).toBe(4);
    await page.close();
  });

  it('follows typing in a 1 MB textarea by rescanning only around the change', async () => {
    await open('/editors/big.html');
    const count = () =>
      page.evaluate(() => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelectorAll('.mark').length ?? 0);
    const first = await pollUntil(count, (n) => n > 10, 20_000);
    expect(first).toBeGreaterThan(10);
    const from = await page.evaluate(() => {
      const f = document.getElementById('big') as HTMLTextAreaElement;
      f.focus();
      f.setSelectionRange(40, 40);
      return performance.now();
    });
    await page.keyboard.type(' Ask internal customers.');
    const after = await pollUntil(count, (n) => n === first + 1, 10_000);
    expect(after).toBe(first + 1);
    const entries = await page.evaluate(
      (t0: number) =>
        performance
          .getEntriesByName('partner-lens:field-scan')
          .filter((e) => e.startTime >= t0)
          .map((e) => ({ duration: e.duration, detail: (e as PerformanceMeasure).detail as { scanned: number; length: number } | null })),
      from,
    );
    console.log(
      `e2e ${name}: 1 MB textarea, ${entries.length} field scans while typing, longest ${Math.max(...entries.map((e) => e.duration)).toFixed(1)} ms`,
    );
    expect(entries.length).toBeGreaterThan(0);
    // Debounced: fewer scans than keystrokes; incremental: each scan reads a window, not 1 MB.
    expect(entries.length).toBeLessThan(24);
    for (const e of entries) expect(e.detail?.scanned ?? 0).toBeLessThan(5_000);
    await page.close();
  });
});
