// The popup on the built extension in Chromium: this page's phrases and switch, the adoption
// figures from seeded data, export, and accessibility in light and dark.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearOfFigures } from './ui-pages';
import { launchChromium, pollPage, readHighlightsInPage, ROOT, serve, type ChromiumSession, type StaticServer } from './harness';

const SHOTS = join(ROOT, 'screenshots/e2e');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

function dayString(daysAgo: number): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An export file as the background writes it: ten days in which partner language gains ground. */
function seedExport(): string {
  const daily = [];
  for (let ago = 9; ago >= 0; ago--) {
    if (ago === 4) continue; // a quiet day
    daily.push({ day: dayString(ago), hostname: 'wiki.example', rule: 'internal-customer', level: 'flag', seen: 10 - Math.floor(ago / 2), quoted: 0, fixed: ago % 3, dismissed: 0 });
    daily.push({ day: dayString(ago), hostname: 'wiki.example', rule: 'partner-language', level: 'partner', seen: 10 - ago, quoted: 0, fixed: 0, dismissed: 0 });
  }
  daily.push({ day: dayString(1), hostname: 'hr.example', rule: 'customer-is-king', level: 'hint', seen: 3, quoted: 1, fixed: 1, dismissed: 1 });
  const now = Date.now();
  const pages = [
    { url: 'https://wiki.example/sla', hostname: 'wiki.example', title: 'Service levels for internal customers', flagged: 6, firstSeen: now - 86_400_000 * 5, lastSeen: now - 3_600_000 },
  ];
  return JSON.stringify({ format: 'partner-lens-export', version: 1, exportedAt: new Date().toISOString(), daily, pages });
}

async function axe(page: Page): Promise<string[]> {
  // An extension page's CSP refuses injected <script> tags (addScriptTag); evaluating over the
  // DevTools protocol is not subject to it.
  await page.evaluate(await readFile(AXE, 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

describe('popup in chromium', () => {
  let session: ChromiumSession;
  let server: StaticServer;
  let fixture: Page;
  let fixtureTab: number;

  const tabIdOf = (from: Page, url: string) =>
    from.evaluate(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id ?? -1, url);

  const openPopup = async (tab: number) => {
    const popup = await session.context.newPage();
    await popup.setViewportSize({ width: 360, height: 900 });
    await popup.goto(session.extensionUrl(`popup.html?tab=${tab}`));
    return popup;
  };

  beforeAll(async () => {
    server = await serve();
    session = await launchChromium({ activeTabStandIn: true });
    fixture = await session.context.newPage();
    await fixture.goto(server.url('/highlights/plain.html'));
    await pollPage(fixture, readHighlightsInPage, (c) => c.flag === 2);
    const seeder = await session.context.newPage();
    await seeder.goto(session.extensionUrl('options.html'));
    const reply = await seeder.evaluate((data) => chrome.runtime.sendMessage({ type: 'import', data }), seedExport());
    expect(reply).toMatchObject({ ok: true });
    fixtureTab = await tabIdOf(seeder, fixture.url());
    expect(fixtureTab).toBeGreaterThan(0);
    await seeder.close();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('shows this page: hostname, switch, counts by level and the phrases', async () => {
    const popup = await openPopup(fixtureTab);
    const sw = popup.getByRole('switch', { name: /Highlight on 127\.0\.0\.1/ });
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    expect(await popup.locator('[data-count="flag"]').textContent()).toBe('2');
    expect(await popup.locator('[data-count="soft"]').textContent()).toBe('0');
    const phrases = popup.getByRole('list', { name: 'Phrases on this page' }).getByRole('button');
    expect(await phrases.allTextContents()).toEqual([
      expect.stringContaining('internal customer'),
      expect.stringContaining('internal suppliers'),
    ]);
    await popup.close();
  });

  it('shows adoption figures from the seeded data, marks when they are on screen, and switches period', async () => {
    const popup = await openPopup(fixtureTab);
    await expect.poll(() => popup.locator('[data-figure="adoption"]').textContent()).toMatch(/\d+ ?%/);
    const marks = await popup.evaluate(() => performance.getEntriesByName('partner-lens:popup-figures').length);
    expect(marks).toBe(1);
    // The benchmark's second mark, a task after the frame that drew the figures.
    await expect.poll(() => popup.evaluate(() => performance.getEntriesByName('partner-lens:popup-figures-painted').length)).toBe(1);
    // One meaning of "phrases": the headline and the chart's words give the same count.
    const headline = (await popup.locator('[data-figure="phrases"]').textContent())!.replace(/^of /, '');
    expect(await popup.locator('.chart-summary').textContent()).toContain(`of ${headline} over the last 30 days`);
    expect(await popup.getByRole('link', { name: 'Service levels for internal customers' }).getAttribute('target')).toBe('_blank');
    expect(await popup.locator('.top-list').first().textContent()).toContain('wiki.example');
    await popup.getByText('7 days').click();
    await expect.poll(() => popup.locator('.chart-summary').textContent()).toMatch(/over the last 7 days/);
    await popup.getByText('30 days').click();
    expect(await popup.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await popup.screenshot({ path: join(SHOTS, 'popup-light.png'), fullPage: true });
    expect(await axe(popup)).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: join(SHOTS, 'popup-dark.png'), fullPage: true });
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('shows a year in weeks over a labelled axis, with this page and the headline above the fold of a 600 px popup', async () => {
    const seeder = await session.context.newPage();
    await seeder.goto(session.extensionUrl('options.html'));
    expect(await seeder.evaluate((data) => chrome.runtime.sendMessage({ type: 'import', data }), yearOfFigures())).toMatchObject({ ok: true });
    await seeder.close();
    const popup = await openPopup(fixtureTab);
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.getByText('12 months').click();
    await expect.poll(() => popup.locator('.chart-summary').textContent()).toMatch(/over the last 12 months/);
    // 365 days in weeks: at most 53 points, not 365.
    const dots = await popup.locator('circle.dot').count();
    expect(dots).toBeGreaterThan(40);
    expect(dots).toBeLessThanOrEqual(53);
    expect(await popup.locator('text.axis-label').allTextContents()).toEqual(expect.arrayContaining(['0%', '50%', '100%']));
    // The seeded year rises: the last 3 months against the 3 before say so.
    expect(await popup.locator('[data-figure="trend"]').textContent()).toMatch(/in the last 3 months: up \d+ points? on the 3 months before/);
    const bottoms = await popup.evaluate(() =>
      ['[data-count="flag"]', '[data-figure="adoption"]', '[data-figure="trend"]'].map((sel) => document.querySelector(sel)!.getBoundingClientRect().bottom),
    );
    for (const bottom of bottoms) expect(bottom).toBeLessThanOrEqual(600);
    await popup.close();
  });

  it('switches the site off and on: the fixture page loses and regains its highlights', async () => {
    const popup = await openPopup(fixtureTab);
    const sw = popup.getByRole('switch', { name: /Highlight on/ });
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('true');
    await sw.press('Space');
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    const off = await pollPage(fixture, readHighlightsInPage, (c) => c.flag + c.soft === 0);
    expect(off.flag + off.soft).toBe(0);
    await popup.screenshot({ path: join(SHOTS, 'popup-site-off.png'), fullPage: true });
    // A page of the site opened now starts from the copy in storage.local: it must say off already.
    const key = 'prefsSnapshot:site:127.0.0.1';
    expect(await popup.evaluate((k) => chrome.storage.local.get(k), key)).toMatchObject({ [key]: { mode: 'off' } });
    const next = await session.context.newPage();
    await next.goto(server.url('/highlights/plain.html'));
    await pollPage(next, () => performance.getEntriesByName('partner-lens:content-start').length, (n) => n > 0);
    await next.waitForTimeout(1000);
    expect(await next.evaluate(() => performance.getEntriesByName('partner-lens:scan-start').length)).toBe(0);
    expect(await next.evaluate(readHighlightsInPage)).toMatchObject({ flag: 0, soft: 0 });
    await next.close();
    await sw.press('Enter');
    const on = await pollPage(fixture, readHighlightsInPage, (c) => c.flag === 2);
    expect(on.flag).toBe(2);
    await expect.poll(() => popup.locator('[data-count="flag"]').textContent()).toBe('2');
    await popup.close();
  });

  it('reveals a phrase on the page and closes itself', async () => {
    const popup = await openPopup(fixtureTab);
    const second = popup.getByRole('list', { name: 'Phrases on this page' }).getByRole('button').nth(1);
    const closed = popup.waitForEvent('close');
    await second.click();
    await closed;
    const card = await pollPage(
      fixture,
      () => document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card')?.textContent ?? '',
      (t) => t.length > 0,
    );
    expect(card).toMatch(/suppliers/i);
  });

  it('says so where it cannot run, instead of showing a dead switch', async () => {
    const blank = await session.context.newPage();
    await blank.goto('about:blank');
    const seeker = await session.context.newPage();
    await seeker.goto(session.extensionUrl('options.html'));
    const tab = await tabIdOf(seeker, 'about:blank');
    await seeker.close();
    const popup = await openPopup(tab);
    await expect.poll(() => popup.locator('.this-page').textContent()).toContain('cannot run here');
    expect(await popup.getByRole('switch').count()).toBe(0);
    await popup.screenshot({ path: join(SHOTS, 'popup-unavailable.png'), fullPage: true });
    await popup.close();
    await blank.close();
  });

  it('exports the figures as JSON and CSV downloads', async () => {
    const popup = await openPopup(fixtureTab);
    const json = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Export JSON' }).click();
    const jsonFile = await json;
    expect(jsonFile.suggestedFilename()).toMatch(/^partner-lens-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(await readFile((await jsonFile.path())!, 'utf8'));
    expect(doc.format).toBe('partner-lens-export');
    expect(doc.daily.length).toBeGreaterThan(10);
    expect(doc.pages).toBeUndefined();
    const csv = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Export CSV' }).click();
    const csvText = await readFile((await (await csv).path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('day,hostname,rule,level,seen,quoted,fixed,dismissed,resolved');
    await popup.close();
  });
});

describe('popup in chromium, before anything was counted', () => {
  it('says what will appear and when, and offers no export of nothing', async () => {
    const session = await launchChromium();
    try {
      const popup = await session.context.newPage();
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.goto(session.extensionUrl('popup.html'));
      const empty = popup.locator('.chart-slot .empty');
      await expect.poll(() => empty.textContent()).toMatch(/Nothing counted in the last \d+ days/);
      expect(await empty.textContent()).toMatch(/from the first day you read a page/);
      await expect.poll(() => popup.getByRole('button', { name: 'Export JSON' }).isDisabled()).toBe(true);
      expect(await popup.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true);
      expect(await popup.locator('#export-nothing').textContent()).toMatch(/Nothing to export yet/);
    } finally {
      await session.close();
    }
  });
});
