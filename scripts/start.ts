// `npm start`: builds the extension, serves the demo intranet in scripts/demo/ on 127.0.0.1 and
// opens Chromium with the build loaded.
//
//   npm start                          headed window when a display is available, else headless
//   npm start -- --headless            visit every demo page, print what was found, save screenshots
//   npm start -- --no-build            reuse the build already in .output/chrome-mv3
//   npm start -- --out DIR             where headless screenshots go (default screenshots/demo/)
//
// Failures end in one line on standard error and exit code 1: a newcomer should see what to do,
// not a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  CHROME_BUILD,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  ROOT,
  launchChromium,
  readHighlightsInPage,
  requireBuild,
  serve,
  sleep,
  type HighlightCounts,
  type StaticServer,
} from '@/tests/e2e/harness';

const DEMO = join(ROOT, 'scripts/demo');
const PAGES = ['index.html', 'team-wiki.html', 'service-catalogue.html', 'hr-handbook.html', 'edit.html'];

/** An expected failure: its message is the whole report. */
class Stop extends Error {}

interface Options {
  build: boolean;
  headless: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { build: true, headless: false, out: join(ROOT, 'screenshots/demo') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-build') options.build = false;
    else if (arg === '--headless') options.headless = true;
    else if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (!value) throw new Stop('--out needs a folder, e.g. --out screenshots/demo');
      options.out = resolve(value);
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm start -- [--headless] [--no-build] [--out DIR]');
      process.exit(0);
    } else throw new Stop(`unknown option ${arg} (try --help)`);
  }
  // Without a display a headed browser cannot open; run the headless tour instead of failing.
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) options.headless = true;
  return options;
}

function build(): void {
  console.log('Building the extension (npx wxt build)…');
  const result = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw new Stop(`could not run npx wxt build: ${result.error.message}`);
  if (result.status !== 0) throw new Stop(`the build failed (npx wxt build exited with ${result.status ?? result.signal})`);
}

/**
 * Runs `fn` in the page. tsx compiles with esbuild's keepNames, which wraps inner functions in a
 * `__name(...)` helper that exists only in Node; a serialised function then fails in the page with
 * "__name is not defined". A local stand-in for the helper keeps the function intact.
 */
function inPage<T>(page: Page, fn: () => T): Promise<T> {
  return page.evaluate<T>(`(() => { const __name = (f) => f; return (${fn.toString()})(); })()`);
}

/**
 * Polls the highlight registry until it has not changed for a while: the content script scans in
 * idle slices, so the first reading after load is not necessarily the last.
 */
async function settledHighlights(page: Page, quietMs = 1_000, timeoutMs = 10_000): Promise<HighlightCounts> {
  const deadline = Date.now() + timeoutMs;
  let last = await inPage(page, readHighlightsInPage);
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < quietMs) {
    await sleep(150);
    const now = await inPage(page, readHighlightsInPage);
    if (JSON.stringify(now) !== JSON.stringify(last)) {
      last = now;
      stableSince = Date.now();
    }
  }
  return last;
}

function report(name: string, found: HighlightCounts): void {
  console.log(`\n${name}: ${found.flag} flag, ${found.soft} soft, ${found.partner} partner`);
  // readHighlightsInPage lists flag ranges first, then soft ones; label them when the counts agree.
  const labelled = found.texts.length === found.flag + found.soft;
  found.texts.forEach((text, i) => {
    const label = labelled ? (i < found.flag ? 'flag' : 'soft') : 'range';
    console.log(`  ${label.padEnd(5)} ${JSON.stringify(text.replace(/\s+/g, ' '))}`);
  });
}

async function tour(server: StaticServer, out: string): Promise<void> {
  const session = await launchChromium();
  const cleanup = () => void session.close().finally(() => process.exit(130));
  process.once('SIGINT', cleanup);
  try {
    console.log(`Chromium (headless) with Partner Lens ${session.extensionId}, demo at ${server.url('/')}`);
    mkdirSync(out, { recursive: true });
    const page = await session.context.newPage();
    for (const name of PAGES) {
      await page.goto(server.url(name), { waitUntil: 'load' });
      report(name, await settledHighlights(page));
      const shot = join(out, name.replace(/\.html$/, '.png'));
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`  screenshot ${relative(process.cwd(), shot) || shot}`);
    }
    console.log(`\nScreenshots are in ${out}`);
  } finally {
    process.off('SIGINT', cleanup);
    await session.close();
  }
}

async function headed(server: StaticServer): Promise<void> {
  requireBuild(CHROME_BUILD);
  const userDataDir = mkdtempSync(join(tmpdir(), 'partner-lens-demo-'));
  // Chromium refuses to start as root without --no-sandbox, but shows a warning bar for it
  // otherwise; add it only where it is needed.
  const args = CHROMIUM_ARGS.filter((a) => a !== '--no-sandbox' || process.getuid?.() === 0);
  let context: BrowserContext | undefined;
  try {
    context = await chromium
      .launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: false,
        viewport: null,
        args: [...args, `--disable-extensions-except=${CHROME_BUILD}`, `--load-extension=${CHROME_BUILD}`],
      })
      .catch((error: unknown) => {
        // Playwright's own message ("browser has been closed") hides the usual cause: no usable display.
        const { WAYLAND_DISPLAY, DISPLAY } = process.env;
        const display = WAYLAND_DISPLAY ? `WAYLAND_DISPLAY=${WAYLAND_DISPLAY}` : `DISPLAY=${DISPLAY}`;
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new Stop(`could not open a Chromium window on ${display} (${reason}); try --headless`);
      });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url('index.html'));
    console.log(`Demo intranet at ${server.url('index.html')}; close the browser or press Ctrl+C to stop.`);
    const open = context;
    await new Promise<void>((done) => {
      open.on('close', () => done());
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Stop(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "sudo apt-get install chromium", or set CHROMIUM_PATH to its binary.`,
    );
  }
  if (options.build) build();
  const server = await serve([DEMO]);
  try {
    if (options.headless) await tour(server, options.out);
    else await headed(server);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Playwright appends call logs after the first line; the first line is the reason.
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof Stop ? '' : 'unexpected error: ';
    console.error(`start: ${kind}${message.split('\n')[0]}`);
    process.exit(1);
  },
);
