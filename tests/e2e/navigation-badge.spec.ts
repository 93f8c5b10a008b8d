// The toolbar badge and keyboard navigation between phrases, in Chromium (extension pages are
// reachable there; Firefox refuses to navigate to moz-extension:// under WebDriver BiDi).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pollPage, readHighlightsInPage, serve, type ChromiumSession, type StaticServer } from './harness';

describe('badge and navigation in chromium', () => {
  let session: ChromiumSession;
  let server: StaticServer;
  let ext: Page;

  beforeAll(async () => {
    server = await serve();
    // Tests find tabs by URL, which needs `tabs`; the shipped build has only activeTab.
    session = await launchChromium({ activeTabStandIn: true });
    ext = await session.context.newPage();
    await ext.goto(session.extensionUrl('options.html'));
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  /** Runs in the extension page: the tab id of the page showing `url`. */
  const tabIdOf = (url: string) =>
    ext.evaluate(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id ?? -1, url);

  const badgeOf = (tabId: number) => ext.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

  it('shows the number of flagged phrases per tab, hints and quoted mentions left out', async () => {
    const plain = await session.context.newPage();
    await plain.goto(server.url('/highlights/plain.html'));
    const quoted = await session.context.newPage();
    await quoted.goto(server.url('/highlights/quoted.html'));
    await pollPage(quoted as never, readHighlightsInPage, (c) => c.soft === 3);

    const plainTab = await tabIdOf(server.url('/highlights/plain.html'));
    const quotedTab = await tabIdOf(server.url('/highlights/quoted.html'));
    const deadline = Date.now() + 8000;
    let badges = ['', ''];
    while (Date.now() < deadline) {
      badges = [await badgeOf(plainTab), await badgeOf(quotedTab)];
      if (badges[0] === '2' && badges[1] === '1') break;
      await ext.waitForTimeout(200);
    }
    expect(badges).toEqual(['2', '1']);
    await plain.close();
    await quoted.close();
  });

  it('moves to the next and previous phrase, opening its card with focus inside', async () => {
    const page = await session.context.newPage();
    const url = server.url('/highlights/plain.html');
    await page.goto(url);
    await pollPage(page as never, readHighlightsInPage, (c) => c.flag === 2);
    const tab = await tabIdOf(url);
    const send = (direction: 'next' | 'previous') =>
      ext.evaluate(({ id, d }) => chrome.tabs.sendMessage(id, { type: 'navigate', direction: d }), { id: tab, d: direction });
    const cardPhrase = () =>
      page.evaluate(() => {
        const root = document.querySelector('partner-lens-ui')?.shadowRoot;
        return {
          phrase: root?.querySelector('.phrase s')?.textContent ?? null,
          focused: root?.activeElement?.textContent ?? null,
        };
      });

    expect(await send('next')).toBe(true);
    expect(await cardPhrase()).toEqual({ phrase: 'internal customer', focused: 'Copy suggestion' });
    await send('next');
    expect((await cardPhrase()).phrase).toBe('internal suppliers');
    await send('next'); // wraps around
    expect((await cardPhrase()).phrase).toBe('internal customer');
    await send('previous');
    expect((await cardPhrase()).phrase).toBe('internal suppliers');
    await page.keyboard.press('Escape');
    expect((await cardPhrase()).phrase).toBeNull();
    await page.close();
  });

  it('lists the page phrases for the popup and reveals one on request', async () => {
    const page = await session.context.newPage();
    const url = server.url('/highlights/quoted.html');
    await page.goto(url);
    await pollPage(page as never, readHighlightsInPage, (c) => c.soft === 3);
    const tab = await tabIdOf(url);
    const phrases = await ext.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'list-phrases' }), tab);
    expect(phrases.map((p: { text: string; quoted: boolean }) => [p.text, p.quoted])).toEqual([
      ['internal customer', true],
      ['internal suppliers', true],
      ['the customer is always king', false],
      ['internal customer', false],
    ]);
    expect(await ext.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'reveal', index: 3 }), tab)).toBe(true);
    const shown = await page.evaluate(
      () => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card')?.textContent ?? '',
    );
    expect(shown).toContain('internal service partner');
    await page.close();
  });
});
