// The README's picture of the champion's report: a year of seeded history written as a dump,
// audited with --history monthly --format html, and photographed in headless Chromium.
// Run by hand: npx tsx tests/audit/report-picture.ts [docs/images/wiki-audit-report.png]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { seedWiki, writeSeedXml } from '../wiki/audit-seed';
import { repo, scan } from './run-scan';

const out = resolve(repo, process.argv[2] ?? 'docs/images/wiki-audit-report.png');
const dir = mkdtempSync(join(tmpdir(), 'partner-lens-report-'));
try {
  const dump = join(dir, 'intranet.xml');
  await writeSeedXml(dump, seedWiki(200).pages, { name: 'Example intranet', base: 'https://intranet.example/wiki/Main_Page' });
  const html = join(dir, 'report.html');
  const r = await scan(['--mediawiki-dump', dump, '--history', 'monthly', '--format', 'html', '--out', html]);
  if (r.code !== 0) throw new Error(r.stderr);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 }, deviceScaleFactor: 1 });
    await page.goto(`file://${html}`);
    await page.screenshot({ path: out, fullPage: false });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
