// Pictures of the card, the popup and the options for a reviewer, light and dark, from a built
// extension:  npx tsx tests/e2e/ui-shots.ts [build dir] [out dir]
// (defaults: .output/chrome-mv3 and screenshots/ui). Build first (npx wxt build).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_BUILD, launchChromium, pollPage, readHighlightsInPage, ROOT, serve } from './harness';
import { openFieldCard, openTextCard, yearOfFigures, type CardBox } from './ui-pages';

const build = resolve(process.argv[2] ?? CHROME_BUILD);
const out = resolve(process.argv[3] ?? join(ROOT, 'screenshots/ui'));
mkdirSync(out, { recursive: true });

async function shootCard(page: Page, name: string, box: CardBox): Promise<void> {
  console.log(`${name}: card ${Math.round(box.width)}×${Math.round(box.height)} px`);
  // The card with the phrase it speaks about.
  const top = Math.max(0, Math.min(box.top, box.anchorTop) - 24);
  const bottom = Math.max(box.bottom, box.anchorBottom) + 24;
  await page.screenshot({ path: join(out, `${name}.png`), clip: { x: 0, y: top, width: 720, height: bottom - top } });
}

async function main(): Promise<void> {
  const server = await serve();
  for (const scheme of ['light', 'dark'] as const) {
    const session = await launchChromium({ extensionDir: build, colorScheme: scheme, activeTabStandIn: true });
    // tsx keeps function names with a helper the page lacks; functions sent to pages need it.
    await session.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    try {
      const page = await session.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(server.url('/highlights/plain.html'));
      await pollPage(page, readHighlightsInPage, (c) => c.flag === 2);
      await shootCard(page, `card-read-only-${scheme}`, await openTextCard(page, 'internal customer'));

      await page.goto(server.url('/highlights/quoted.html'));
      await pollPage(page, readHighlightsInPage, (c) => c.flag + c.soft >= 2);
      await shootCard(page, `card-quoted-${scheme}`, await openTextCard(page, 'internal customer', true));

      await page.goto(server.url('/editors/textarea.html'));
      await shootCard(page, `card-field-${scheme}`, await openFieldCard(page, '#wiki', 'internal customers'));
      const replace = page.locator('partner-lens-ui').getByRole('button', { name: /^Replace with/ }).first();
      await replace.click();
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(out, `card-after-fix-${scheme}.png`), clip: { x: 0, y: 0, width: 1280, height: 400 } });

      // The popup speaks about a page with phrases on it.
      await page.goto(server.url('/highlights/plain.html'));
      await pollPage(page, readHighlightsInPage, (c) => c.flag === 2);
      const seeder = await session.context.newPage();
      await seeder.goto(session.extensionUrl('options.html'));
      await seeder.evaluate((data) => chrome.runtime.sendMessage({ type: 'import', data }), yearOfFigures());
      const popup = await session.context.newPage();
      await popup.setViewportSize({ width: 380, height: 600 });
      const tab = await seeder.evaluate(
        async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id ?? -1,
        page.url(),
      );
      await popup.goto(session.extensionUrl(`popup.html?tab=${tab}`));
      await popup.waitForTimeout(800);
      await popup.screenshot({ path: join(out, `popup-fold-${scheme}.png`) });
      // The longest period there is.
      const periods = popup.locator('input[name="period"]');
      await periods.nth((await periods.count()) - 1).check();
      await popup.waitForTimeout(800);
      await popup.screenshot({ path: join(out, `popup-year-${scheme}.png`), fullPage: true });
      await popup.close();

      await seeder.setViewportSize({ width: 1100, height: 900 });
      await seeder.reload();
      await seeder.getByRole('button', { name: /add a rule/i }).click();
      await seeder.getByRole('radio', { name: /regular expression/i }).check();
      await seeder.getByRole('textbox', { name: /^pattern/i }).fill('internal (customer');
      await seeder.waitForTimeout(500);
      await seeder.getByRole('button', { name: /^add rule$|^add$/i }).last().click();
      await seeder.waitForTimeout(300);
      const form = seeder.locator('form.rule-editor');
      await form.scrollIntoViewIfNeeded();
      await form.screenshot({ path: join(out, `rule-error-${scheme}.png`) });
      await seeder.screenshot({ path: join(out, `options-${scheme}.png`) });
    } finally {
      await session.close();
    }
  }
  await server.close();
  console.log(`pictures in ${out}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
