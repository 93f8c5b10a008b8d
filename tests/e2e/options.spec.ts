// The options page on the built extension in Chromium: sites, built-in and custom rules (seen
// on a fixture page), rule files, figures export/import, reset, and accessibility.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pollPage, readHighlightsInPage, ROOT, serve, type ChromiumSession, type StaticServer } from './harness';

const SHOTS = join(ROOT, 'screenshots/e2e');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

async function axe(page: Page): Promise<string[]> {
  // Extension pages refuse injected <script> tags (CSP); evaluation over DevTools is allowed.
  await page.evaluate(await readFile(AXE, 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

describe('options page in chromium', () => {
  let session: ChromiumSession;
  let server: StaticServer;
  let fixture: Page;
  let options: Page;

  const flagged = () => pollPage(fixture, readHighlightsInPage, () => true).then((c) => c.flag);
  const waitFlags = async (n: number) => (await pollPage(fixture, readHighlightsInPage, (c) => c.flag === n)).flag;
  const stats = () =>
    options.evaluate(async () => {
      const reply = await chrome.runtime.sendMessage({ type: 'get-stats', days: 30 });
      return reply.value.totals as { seen: number; partner: number };
    });

  beforeAll(async () => {
    server = await serve();
    session = await launchChromium();
    fixture = await session.context.newPage();
    await fixture.goto(server.url('/highlights/plain.html'));
    expect(await waitFlags(2)).toBe(2);
    options = await session.context.newPage();
    await options.setViewportSize({ width: 900, height: 1000 });
    await options.goto(session.extensionUrl('options.html'));
    await options.getByRole('heading', { name: 'What it marks', exact: true }).waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('has no axe violations, light and dark', async () => {
    await options.screenshot({ path: join(SHOTS, 'options-light.png'), fullPage: true });
    expect(await axe(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    await options.screenshot({ path: join(SHOTS, 'options-dark.png'), fullPage: true });
    expect(await axe(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'light' });
  });

  it('fits a narrow window, as at 200 % zoom, without sideways scrolling', async () => {
    // 200 % zoom halves the CSS pixels of the window: an 800 px window becomes 400.
    await options.setViewportSize({ width: 400, height: 800 });
    expect(await options.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await options.screenshot({ path: join(SHOTS, 'options-zoom-200.png'), fullPage: false });
    await options.setViewportSize({ width: 900, height: 1000 });
  });

  it('switches a built-in rule off and on, and the page follows', async () => {
    const supplier = options.getByRole('checkbox', { name: /internal supplier, internal vendor/ });
    await supplier.uncheck();
    expect(await waitFlags(1)).toBe(1);
    await supplier.check();
    expect(await waitFlags(2)).toBe(2);
  });

  it('adds a custom rule: refused with the reason first, tried live, then highlighted on the page', async () => {
    await options.getByRole('button', { name: 'Add a rule' }).click();
    await options.getByLabel('Phrases, one per line').fill('product squad');
    await options.getByRole('button', { name: 'Add rule' }).click();
    // The missing reason is said on the reason field itself, and the focus goes there.
    const reason = options.getByLabel('Reason, shown in the card');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await options.locator('.field-error').allTextContents()).toEqual([expect.stringMatching(/^Say in one line why/)]);

    await options.getByLabel('Suggestion').fill('partner team');
    await options.getByLabel('Reason, shown in the card').fill('Squads are partners too.');
    await options.getByLabel('Try it on some text').fill('Each Product Squads lead, and the product squad’s backlog.');
    await expect.poll(() => options.locator('.test-result').textContent()).toContain('2 matches');
    expect(await options.locator('.test-matches li').allTextContents()).toEqual(['Product Squads → Partner Teams', 'product squad’s → partner team’s']);
    await options.screenshot({ path: join(SHOTS, 'options-rule-editor.png'), fullPage: true });
    expect(await axe(options)).toEqual([]);
    await options.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => options.locator('.custom-rules').textContent()).toContain('product squad');
    expect(await waitFlags(3)).toBe(3);
    const texts = (await pollPage(fixture, readHighlightsInPage, () => true)).texts;
    expect(texts).toContain('product squad');
  });

  it('refuses a regular expression that can match empty text, with the reason', async () => {
    await options.getByRole('button', { name: 'Add a rule' }).click();
    await options.getByLabel('Regular expression', { exact: true }).check();
    await options.getByLabel('Pattern (regular expression)').fill('(team)*');
    await options.getByLabel('Reason, shown in the card').fill('Test.');
    // Said on the pattern field as soon as typing pauses, and again on saving.
    const pattern = options.getByLabel('Pattern (regular expression)');
    await expect.poll(() => pattern.getAttribute('aria-invalid')).toBe('true');
    expect(await options.locator('.test-result').textContent()).toContain('Fix the pattern');
    await options.getByRole('button', { name: 'Add rule' }).click();
    expect(await options.locator('.field-error').textContent()).toMatch(/can match an empty string/);
    await options.getByRole('button', { name: 'Cancel' }).click();
  });

  it('exports the rules, and imports them back; a bad file changes nothing and says why', async () => {
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export rules' }).click();
    const file = await readFile((await (await download).path())!, 'utf8');
    expect(JSON.parse(file).rules).toEqual([expect.objectContaining({ variants: ['product squad'], suggestion: 'partner team' })]);

    await options.getByRole('button', { name: /Delete rule/ }).click();
    expect(await waitFlags(2)).toBe(2);

    const input = options.getByLabel('Rules file to import');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"rules":[{"id":"x","level":"loud"}]}') });
    await expect.poll(() => options.getByRole('alert').textContent()).toMatch(/Nothing imported: Rule 1: .*level must be/);
    expect(await options.locator('.custom-rules').count()).toBe(0);

    await input.setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect.poll(() => options.locator('.custom-rules').textContent()).toContain('product squad');
    expect(await waitFlags(3)).toBe(3);
  });

  it('lists sites: adds one, changes its mode, removes it; "only listed sites" stops the page', async () => {
    await options.getByLabel('Add a site').fill('http://127.0.0.1:1/some/page');
    await options.getByRole('button', { name: 'Add site' }).click();
    const mode = options.getByRole('combobox', { name: 'Partner Lens on 127.0.0.1' });
    await mode.waitFor();
    await mode.selectOption('off');
    expect(await waitFlags(0)).toBe(0);
    await options.getByRole('button', { name: 'Remove 127.0.0.1' }).click();
    expect(await waitFlags(3)).toBe(3);
    await options.getByLabel('Only on sites listed below').check();
    expect(await waitFlags(0)).toBe(0);
    await options.getByLabel('Everywhere, except sites switched off below').check();
    expect(await waitFlags(3)).toBe(3);
  });

  it('exports the figures, resets all after a confirmation, and imports them back', async () => {
    await expect.poll(async () => (await stats()).seen).toBeGreaterThan(0);
    // The page reports at most every 2 s, and the tests above run faster than that: the report
    // with the custom rule's phrase could still be on its way, and landing after the reset it was
    // counted there (seen 1 where 0 was expected, in 2 of 14 runs). Two equal reads 2.5 s apart:
    // nothing is on its way.
    let last = -1;
    await expect
      .poll(async () => {
        const seen = (await stats()).seen;
        const settled = seen === last;
        last = seen;
        return settled;
      }, { interval: 2500, timeout: 20_000 })
      .toBe(true);
    const before = await stats();
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export JSON' }).click();
    const exported = await readFile((await (await download).path())!, 'utf8');

    await options.getByRole('button', { name: 'Reset all…' }).click();
    const confirm = options.getByRole('button', { name: 'Yes, reset everything' });
    expect(await confirm.evaluate((b) => b === document.activeElement)).toBe(true);
    await options.screenshot({ path: join(SHOTS, 'options-reset-confirm.png'), fullPage: false });
    await confirm.click();
    await expect.poll(() => options.locator('.status').last().textContent()).toContain('Everything was reset');
    expect((await stats()).seen).toBe(0);
    expect(await options.locator('.custom-rules').count()).toBe(0);

    await options.getByLabel('Figures file to import').setInputFiles({ name: 'figures.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect.poll(() => options.locator('.status').last().textContent()).toMatch(/Imported figures\.json: [1-9]\d* rows added/);
    expect((await stats()).seen).toBeGreaterThanOrEqual(before.seen);
    expect(await flagged()).toBe(2);
  });
});
