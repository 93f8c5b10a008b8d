// The popup part of the benchmark on its own: seeds 400 days × 50 sites × 8 rules (160,000 daily
// rows) through the `import` message, as `npm run bench` does, then opens popup.html N times and
// reads the `partner-lens:popup-figures` mark; also times bare `get-stats` round trips per period.
// Run: npx wxt build && npx tsx tests/bench/popup.ts [--runs N] [--build DIR]
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_BUILD, launchChromium } from '../e2e/harness';
import { seedData } from './seed-data';

const MARK = 'partner-lens:popup-figures';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const buildArg = process.argv.indexOf('--build');
const BUILD = buildArg > 0 ? resolve(process.argv[buildArg + 1]!) : CHROME_BUILD;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

async function readMark(page: Page, timeoutMs = 30_000): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await page.evaluate((name) => performance.getEntriesByName(name)[0]?.startTime ?? null, MARK);
    if (v !== null) return v;
    if (Date.now() > deadline) return null;
    await page.waitForTimeout(10);
  }
}

const buildCopy = mkdtempSync(join(tmpdir(), 'partner-lens-popup-bench-'));
cpSync(BUILD, buildCopy, { recursive: true });
const ext = await launchChromium({ extensionDir: buildCopy });
try {
  const popupUrl = ext.extensionUrl('popup.html');
  const { data, rows } = seedData(400, 50);
  const seeder = await ext.context.newPage();
  await seeder.goto(popupUrl);
  const t0 = Date.now();
  const reply = await seeder.evaluate((d) => chrome.runtime.sendMessage({ type: 'import', data: d }), data);
  const importMs = Date.now() - t0;
  console.log(`import of ${rows} rows: ${importMs} ms → ${JSON.stringify(reply)}`);

  for (const days of [7, 30, 90]) {
    const times = await seeder.evaluate(async ({ days, runs }) => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await chrome.runtime.sendMessage({ type: 'get-stats', days });
        if (!r?.ok) throw new Error(JSON.stringify(r));
        out.push(performance.now() - t);
      }
      return out;
    }, { days, runs: RUNS });
    console.log(`get-stats(${days}) round trip: median ${median(times).toFixed(1)} ms  [${times.map((x) => x.toFixed(0)).join(', ')}]`);
  }
  await seeder.close();

  for (const days of [30, 7, 90]) {
    const times: number[] = [];
    const paints: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await ext.context.newPage();
      await page.addInitScript((d) => localStorage.setItem('partner-lens:popup-days', String(d)), days);
      await page.goto(popupUrl);
      const at = await readMark(page);
      paints.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      await page.close();
      if (at !== null) times.push(at);
    }
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(`popup first figures (${days} days): median ${median(times).toFixed(1)} ms  [${list(times)}]; first paint ${median(paints).toFixed(1)} ms  [${list(paints)}]`);
  }
} finally {
  await ext.close();
  rmSync(buildCopy, { recursive: true, force: true });
}
