// The card as people use it, on the built extension in Chromium at 1280×800: its size whatever the
// page's root font, where it goes, what a fix leaves behind, quoted mentions, and axe inside the
// card's shadow root in both colour schemes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, launchChromium, pollPage, readHighlightsInPage, ROOT, serve, type ChromiumSession, type StaticServer } from './harness';
import { openFieldCard, openTextCard, type CardBox } from './ui-pages';

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Runs in the page: the names buttons of the card and of the notice answer to (aria-label first). */
function uiButtonsInPage(): { card: string[]; notice: string[]; noticeText: string | null } {
  const root = document.querySelector('partner-lens-ui')?.shadowRoot;
  const names = (sel: string) =>
    [...(root?.querySelectorAll(`${sel} button`) ?? [])].map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '');
  return { card: names('.card'), notice: names('.notice'), noticeText: root?.querySelector('.notice')?.textContent ?? null };
}

const overlaps = (card: CardBox) => card.top < card.anchorBottom && card.bottom > card.anchorTop;

describe('the card in chromium', () => {
  let session: ChromiumSession;
  let server: StaticServer;
  let page: Page;

  beforeAll(async () => {
    server = await serve();
    session = await launchChromium();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const open = async (path: string, rootFont?: number) => {
    page = await session.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url(path));
    if (rootFont) await page.evaluate((px) => (document.documentElement.style.fontSize = `${px}px`), rootFont);
    return page;
  };

  it.each([10, 16, 24])('keeps its size at a page root font of %s px', async (font) => {
    await open('/highlights/plain.html', font);
    await pollPage(page, readHighlightsInPage, (c) => c.flag === 2);
    const readOnly = await openTextCard(page, 'internal customer');
    expect(readOnly.width).toBeGreaterThanOrEqual(320);
    expect(readOnly.width).toBeLessThanOrEqual(360);
    expect(readOnly.height).toBeLessThanOrEqual(220);
    expect(overlaps(readOnly), JSON.stringify(readOnly)).toBe(false);
    await page.close();

    await open('/editors/textarea.html', font);
    const field = await openFieldCard(page, '#wiki', 'internal customers');
    expect(field.width).toBeGreaterThanOrEqual(320);
    expect(field.width).toBeLessThanOrEqual(360);
    expect(field.height).toBeLessThanOrEqual(260);
    // Never over the phrase, nor over the line being edited.
    expect(overlaps(field), JSON.stringify(field)).toBe(false);
    const buttons = (await page.evaluate(uiButtonsInPage)).card;
    expect(buttons).toEqual(
      expect.arrayContaining([
        'Replace with “internal service partners”',
        'Replace with “service partners”',
        'Fix all in this field',
        'Dismiss',
        'Ignore on this site',
      ]),
    );
    await page.close();
  });

  it('closes after a fix and leaves "Replaced … · Undo", whose Undo restores the text', async () => {
    await open('/editors/textarea.html');
    await openFieldCard(page, '#wiki', 'internal customers');
    await page.locator('partner-lens-ui').getByRole('button', { name: 'Replace with “service partners”' }).click();
    const after = await pollPage(page, uiButtonsInPage, (v) => v.noticeText !== null);
    expect(after.card).toEqual([]);
    expect(after.noticeText).toContain('Replaced');
    expect(after.notice).toEqual(['Undo']);
    expect(await page.evaluate(() => (window as unknown as { modelText(): string }).modelText())).toContain('serves its service partners');
    await page.locator('partner-lens-ui').getByRole('button', { name: 'Undo' }).click();
    const undone = await pollPage(page, () => (window as unknown as { modelText(): string }).modelText(), (v) => v.includes('internal customers every'));
    expect(undone).toContain('serves its internal customers every day');
    await page.close();
  });

  it('goes on to the next phrase when the fix came from the keyboard', async () => {
    await open('/editors/contenteditable.html');
    const first = await pollPage(page, readHighlightsInPage, (c) => c.flag >= 2);
    expect(first.flag).toBeGreaterThanOrEqual(2);
    await openTextCard(page, first.texts[0]!);
    const before = await page.evaluate(() => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card')?.getAttribute('aria-label'));
    const main = page.locator('partner-lens-ui').locator('.card button.primary');
    await main.focus();
    await page.keyboard.press('Enter');
    const next = await pollPage(
      page,
      () => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card')?.getAttribute('aria-label') ?? null,
      (label) => label !== null && label !== before,
      5000,
    );
    expect(next).not.toBeNull();
    expect(next).not.toBe(before);
    expect((await page.evaluate(uiButtonsInPage)).notice).toEqual(['Undo']);
    await page.close();
  });

  it('explains a quoted mention as quoted, with Dismiss and no Replace', async () => {
    await open('/highlights/quoted.html');
    await pollPage(page, readHighlightsInPage, (c) => c.soft >= 3);
    await openTextCard(page, 'internal customer', true);
    const text = await page.evaluate(() => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card')?.textContent ?? '');
    expect(text).toContain('Quoted');
    const buttons = (await page.evaluate(uiButtonsInPage)).card;
    expect(buttons).toContain('Dismiss');
    expect(buttons.some((b) => b.startsWith('Replace with') || b === 'Copy suggestion')).toBe(false);
    await page.close();
  });

  describe.each(['light', 'dark'] as const)('axe in the card, %s', (scheme) => {
    it('finds no violation and really judges colour contrast inside the shadow root', async () => {
      await open('/editors/textarea.html');
      await page.emulateMedia({ colorScheme: scheme });
      await openFieldCard(page, '#wiki', 'internal customers');
      await page.evaluate(await readFile(AXE, 'utf8'));
      const result = await page.evaluate(async () => {
        type Node = { target: unknown[] };
        type Rule = { id: string; nodes: Node[] };
        const axe = (window as unknown as {
          axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Rule[]; incomplete: Rule[]; passes: Rule[] }> };
        }).axe;
        // axe maps the page from <body> down, so it leaves contrast "incomplete" for text in a host
        // beside <body>; the same host, shadow root and styles moved into <body> are judged.
        const host = document.querySelector('partner-lens-ui') as HTMLElement;
        document.body.append(host);
        // Moving the host restarts the card's fade-in: let it end, or axe sees text at opacity 0.
        await new Promise((ok) => setTimeout(ok, 300));
        const r = await axe.run({ include: [{ fromShadowDom: ['partner-lens-ui', '.card'] }] }, { resultTypes: ['violations', 'incomplete', 'passes'] });
        const pick = (rules: Rule[], id: string) => rules.find((x) => x.id === id)?.nodes.length ?? 0;
        return {
          violations: r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`),
          contrastPassed: pick(r.passes, 'color-contrast'),
          // Why axe could not decide, per node: only "no real text here" (an arrow, a ×) may remain.
          undecided: (r.incomplete.find((x) => x.id === 'color-contrast')?.nodes ?? []).map(
            (n) => (n as unknown as { any: { data?: { messageKey?: string } }[] }).any[0]?.data?.messageKey ?? 'unable to determine',
          ),
        };
      });
      expect(result.violations).toEqual([]);
      // Every text of the card judged (badge, phrase, reason, buttons…), none left undecided.
      expect(result.undecided.filter((k) => k !== 'nonBmp' && k !== 'shortTextContent')).toEqual([]);
      expect(result.contrastPassed).toBeGreaterThanOrEqual(10);
      await page.close();
    });
  });
});

describe('the card in firefox', () => {
  let browser: Awaited<ReturnType<typeof launch>>;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serve();
    browser = await launch('firefox');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([10, 16, 24])('keeps its size at a page root font of %s px', async (font) => {
    const page = await browser.newPage();
    await (page as unknown as { setViewport(v: { width: number; height: number }): Promise<void> }).setViewport({ width: 1280, height: 800 });
    await page.goto(server.url('/highlights/plain.html'));
    await page.evaluate((px: number) => (document.documentElement.style.fontSize = `${px}px`), font);
    await pollPage(page, readHighlightsInPage, (c) => c.flag === 2);
    const card = await openTextCard(page, 'internal customer');
    expect(card.width).toBeGreaterThanOrEqual(320);
    expect(card.width).toBeLessThanOrEqual(360);
    expect(card.height).toBeLessThanOrEqual(220);
    expect(overlaps(card), JSON.stringify(card)).toBe(false);
    await page.goto(server.url('/editors/textarea.html'));
    await page.evaluate((px: number) => (document.documentElement.style.fontSize = `${px}px`), font);
    const field = await openFieldCard(page, '#wiki', 'internal customers');
    expect(field.width).toBeGreaterThanOrEqual(320);
    expect(field.width).toBeLessThanOrEqual(360);
    expect(field.height).toBeLessThanOrEqual(260);
    expect(overlaps(field), JSON.stringify(field)).toBe(false);
    await page.close();
  });
});
