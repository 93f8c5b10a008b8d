// `npm run screenshots`: the pictures in docs/images/, taken from the real extension (the build in
// .output/chrome-mv3, made first unless --no-build) in headless Chromium, light and dark:
//
//   card-<scheme>.png    the card opened by hovering the first flagged phrase of the demo wiki page
//   field-<scheme>.png   the field overlay in the demo edit page's wikitext box, with its card
//   popup-<scheme>.png   the popup with a year of figures (imported as tests/bench/seed-data.ts makes them)
//
// Each step waits for a signal (the first-paint mark, the card in our UI host) rather than for a
// fixed time, so a slow machine or a redesigned card still gives the same pictures.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_BUILD, ROOT, launchChromium, requireBuild, serve, type ChromiumSession, type StaticServer } from '@/tests/e2e/harness';
import { seedData } from '@/tests/bench/seed-data';
import { FIRST_PAINT } from '@/utils/content/marks';
import { UI_HOST_TAG } from '@/utils/page/ui-layer';

const OUT = join(ROOT, 'docs/images');
const DEMO = join(ROOT, 'scripts/demo');
const VIEWPORT = { width: 1000, height: 640 };
const POPUP_VIEWPORT = { width: 380, height: 600 };

async function waitForFirstPaint(page: Page): Promise<void> {
  await page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(FIRST_PAINT)}).length > 0`, null, { timeout: 30_000 });
}

/**
 * In the page: the centre of the first flagged phrase — a painted range, or (inField) an
 * underline of our field overlay — after scrolling it to the upper third of the viewport.
 */
async function phrasePoint(page: Page, inField: string | null): Promise<{ x: number; y: number }> {
  const point = await page.waitForFunction(
    `(() => {
      const host = document.querySelector(${JSON.stringify(UI_HOST_TAG)});
      let rect = null;
      if (${JSON.stringify(inField)}) {
        const field = document.querySelector(${JSON.stringify(inField)});
        if (!field) return null;
        field.scrollIntoView({ block: 'center' });
        const box = field.getBoundingClientRect();
        for (const mark of host?.shadowRoot?.querySelectorAll('.mark') ?? []) {
          const r = mark.getClientRects()[0];
          if (r && r.top >= box.top && r.bottom <= box.bottom && r.left >= box.left && r.right <= box.right) { rect = r; break; }
        }
      } else {
        const range = [...(CSS.highlights.get('partner-lens') ?? [])].find((r) => r instanceof Range);
        if (!range) return null;
        const el = range.startContainer.parentElement;
        window.scrollTo(0, Math.max(0, el.getBoundingClientRect().top + window.scrollY - innerHeight / 4));
        rect = range.getClientRects()[0];
      }
      return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
    })()`,
    null,
    { timeout: 15_000 },
  );
  return (await point.jsonValue()) as { x: number; y: number };
}

/** Hovers the point and waits until the card is shown and its size has settled. */
async function openCardByHover(page: Page, at: { x: number; y: number }): Promise<void> {
  await page.mouse.move(at.x - 40, at.y - 40);
  await page.mouse.move(at.x, at.y, { steps: 5 });
  await page.waitForFunction(
    `(() => {
      const card = document.querySelector(${JSON.stringify(UI_HOST_TAG)})?.shadowRoot?.querySelector('.card');
      if (!card) return false;
      const r = card.getBoundingClientRect();
      const key = [r.left, r.top, r.width, r.height].map(Math.round).join(',');
      const same = window.__plShotKey === key;
      window.__plShotKey = key;
      return r.width > 0 && r.height > 0 && same && getComputedStyle(card).opacity === '1';
    })()`,
    null,
    { timeout: 10_000, polling: 200 },
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(OUT, name);
  await page.screenshot({ path });
  console.log(`  ${relative(ROOT, path)}`);
}

async function pictures(scheme: 'light' | 'dark', server: StaticServer): Promise<void> {
  const session: ChromiumSession = await launchChromium({ colorScheme: scheme, activeTabStandIn: true });
  try {
    const page = await session.context.newPage();
    await page.setViewportSize(VIEWPORT);

    await page.goto(server.url('team-wiki.html'));
    await waitForFirstPaint(page);
    await openCardByHover(page, await phrasePoint(page, null));
    await shoot(page, `card-${scheme}.png`);

    await page.goto(server.url('edit.html'));
    await waitForFirstPaint(page);
    await openCardByHover(page, await phrasePoint(page, '#wikitext'));
    await shoot(page, `field-${scheme}.png`);

    // A year of figures, then the popup for the wiki page's tab.
    await page.goto(server.url('team-wiki.html'));
    await waitForFirstPaint(page);
    const ext = await session.context.newPage();
    await ext.goto(session.extensionUrl('options.html'));
    const { data } = seedData(365, 12);
    const reply = (await ext.evaluate(`chrome.runtime.sendMessage({ type: 'import', data: ${JSON.stringify(data)} })`)) as { ok?: boolean };
    if (!reply?.ok) throw new Error(`import of the seed figures failed: ${JSON.stringify(reply)}`);
    const tab = (await ext.evaluate(
      `chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === ${JSON.stringify(page.url())})?.id ?? -1)`,
    )) as number;
    await ext.close();
    const popup = await session.context.newPage();
    await popup.setViewportSize(POPUP_VIEWPORT);
    // The longest period the popup offers.
    await popup.addInitScript(() => localStorage.setItem('partner-lens:popup-days', '90'));
    await popup.goto(session.extensionUrl(`popup.html?tab=${tab}`));
    // Polled with evaluate: waitForFunction compiles its predicate in the page, which the popup's
    // CSP (no eval) refuses once the figures are not there at the first look.
    for (let end = Date.now() + 30_000; ; await popup.waitForTimeout(50)) {
      if (await popup.evaluate(`performance.getEntriesByName('partner-lens:popup-figures').length > 0`)) break;
      if (Date.now() > end) throw new Error('the popup showed no figures within 30 s');
    }
    await popup.waitForTimeout(300); // the chart's entry transition, if any
    const path = join(OUT, `popup-${scheme}.png`);
    await popup.screenshot({ path, fullPage: true });
    console.log(`  ${relative(ROOT, path)}`);
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    console.log('Building the extension (npx wxt build)…');
    const b = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('the build failed');
  }
  requireBuild(CHROME_BUILD);
  mkdirSync(OUT, { recursive: true });
  const server = await serve([DEMO]);
  try {
    for (const scheme of ['light', 'dark'] as const) {
      console.log(`${scheme}:`);
      await pictures(scheme, server);
    }
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`screenshots: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(1);
  },
);
