// The end-to-end harness: serves fixture pages from 127.0.0.1 and loads the *built* extension into
// Debian's Chromium (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi).
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const CHROME_BUILD = join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv2');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Serves `roots` (first match wins) on 127.0.0.1. `/node_modules/...` maps to the project's
 * node_modules so that fixture pages can load real editors installed from npm.
 */
export async function serve(roots: string[] = [FIXTURES]): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const candidates = path.startsWith('/node_modules/')
      ? [join(ROOT, normalize(path))]
      : roots.map((root) => join(root, normalize(path)));
    for (let file of candidates) {
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      } catch {
        // try the next root
      }
    }
    res.writeHead(404).end('not found');
  });
  return listenLocal(server);
}

/** Starts `server` on a free port of 127.0.0.1 (the only address tests may use). */
export async function listenLocal(server: Server): Promise<StaticServer> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => origin + (p.startsWith('/') ? p : `/${p}`),
    close: () =>
      new Promise((ok) => {
        // Keep-alive connections would hold the close open until they time out.
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export function requireBuild(dir: string): void {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No extension build in ${dir}: run "npm run build" first (npm run test:e2e does).`);
  }
}

/**
 * A copy of the build that also holds "tabs". The shipped extension has activeTab instead, which
 * the browser grants only when the user clicks the toolbar button, something a test cannot do;
 * "tabs" gives a popup opened as `popup.html?tab=<id>` the same sight of that tab's URL.
 */
function withTabsStandIn(dir: string, into: string): string {
  const copy = join(into, 'extension');
  cpSync(dir, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions?: string[] };
  manifest.permissions = [...new Set([...(manifest.permissions ?? []), 'tabs'])];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return copy;
}

export async function launchChromium(
  options: { extensionDir?: string; colorScheme?: 'light' | 'dark'; activeTabStandIn?: boolean } = {},
): Promise<ChromiumSession> {
  const built = options.extensionDir ?? CHROME_BUILD;
  requireBuild(built);
  const userDataDir = mkdtempSync(join(tmpdir(), 'partner-lens-chromium-'));
  const dir = options.activeTabStandIn ? withTabsStandIn(built, userDataDir) : built;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    colorScheme: options.colorScheme,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface FirefoxSession {
  browser: import('puppeteer-core').Browser;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchFirefox(options: { extensionDir?: string } = {}): Promise<FirefoxSession> {
  const dir = options.extensionDir ?? FIREFOX_BUILD;
  requireBuild(dir);
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      // Keep the closed network quiet and the start fast.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.getAddons.cache.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  const extensionId = await browser.installExtension(dir);
  return {
    browser,
    extensionId,
    close: async () => {
      await browser.close();
    },
  };
}

/** Counts of ranges registered under each of our highlight names, read from the page. */
export interface HighlightCounts {
  flag: number;
  soft: number;
  partner: number;
  texts: string[];
}

/** Runs in the page: reads the CSS highlight registry (shared by the page and our isolated world). */
export function readHighlightsInPage(): HighlightCounts {
  const registry = (CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights;
  const size = (name: string) => registry.get(name)?.size ?? 0;
  const texts: string[] = [];
  for (const name of ['partner-lens', 'partner-lens-soft']) {
    for (const r of registry.get(name) ?? []) if (r instanceof Range) texts.push(r.toString());
  }
  return { flag: size('partner-lens'), soft: size('partner-lens-soft'), partner: size('partner-lens-partner'), texts };
}

/** Waits until the registry holds `expected` flag+soft ranges and stays there (Playwright page). */
export async function waitForHighlights(page: Page, expected: number, timeout = 10_000): Promise<HighlightCounts> {
  const deadline = Date.now() + timeout;
  let last: HighlightCounts = { flag: 0, soft: 0, partner: 0, texts: [] };
  while (Date.now() < deadline) {
    last = await page.evaluate(readHighlightsInPage);
    if (last.flag + last.soft === expected) return last;
    await page.waitForTimeout(100);
  }
  return last;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}

/** What the specs need of a page, common to Playwright's and Puppeteer's. */
export interface E2EPage {
  goto(url: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  mouse: { move(x: number, y: number): Promise<void>; click(x: number, y: number): Promise<void> };
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  close(): Promise<void>;
}

export type BrowserName = 'chromium' | 'firefox';

export interface BrowserUnderTest {
  name: BrowserName;
  newPage(): Promise<E2EPage>;
  close(): Promise<void>;
}

export async function launch(name: BrowserName): Promise<BrowserUnderTest> {
  if (name === 'chromium') {
    const session = await launchChromium();
    return {
      name,
      newPage: async () => (await session.context.newPage()) as unknown as E2EPage,
      close: session.close,
    };
  }
  const session = await launchFirefox();
  return {
    name,
    newPage: async () => (await session.browser.newPage()) as unknown as E2EPage,
    close: session.close,
  };
}

/** Polls `fn` in the page until `accept` holds or time runs out; returns the last value. */
export async function pollPage<R>(
  page: E2EPage,
  fn: () => R,
  accept: (value: R) => boolean,
  timeout = 10_000,
): Promise<R> {
  const deadline = Date.now() + timeout;
  let value = await page.evaluate(fn);
  while (!accept(value) && Date.now() < deadline) {
    await sleep(100);
    value = await page.evaluate(fn);
  }
  return value;
}
