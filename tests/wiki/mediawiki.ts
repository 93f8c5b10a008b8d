// A throw-away MediaWiki for tests: Debian's MediaWiki 1.39 installed into a temporary directory
// (SQLite, Vector, WikiEditor, VisualEditor), seeded with pages through an XML import so that
// revisions can carry chosen timestamps, authors and summaries, and served by `php -S` on
// 127.0.0.1. Nothing is written under /usr/share/mediawiki: MediaWiki reads the settings file
// named by the MW_CONFIG_FILE environment variable.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const MEDIAWIKI_DIR = process.env.MEDIAWIKI_DIR ?? '/usr/share/mediawiki';
export const PHP = process.env.PHP ?? 'php';
export const ADMIN_USER = 'Admin';
export const ADMIN_PASSWORD = 'Partner-lens-admin-1';

export interface WikiRevision {
  text: string;
  /** ISO 8601; defaults to "now" at seeding time. */
  timestamp?: string;
  summary?: string;
  /** Author shown in the history; imported as given (it need not exist as an account). */
  user?: string;
}

export interface WikiPage {
  title: string;
  /** Shorthand for a single revision. */
  text?: string;
  timestamp?: string;
  summary?: string;
  user?: string;
  /** Oldest first; when given, `text`/`timestamp`/`summary`/`user` are ignored. */
  revisions?: WikiRevision[];
}

export interface WikiOptions {
  pages?: WikiPage[];
  /** Directory to install into (created if missing); a fresh temporary one by default. */
  dir?: string;
  /** Lines of PHP appended to LocalSettings.php. */
  settings?: string;
  /** Fill the links tables after seeding (WhatLinksHere, backlinks); costs seconds per 100 pages. */
  refreshLinks?: boolean;
}

export interface Wiki {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** http://…/api.php */
  api: string;
  /** http://…/index.php */
  index: string;
  dir: string;
  /** The page's read view, `?action=edit`, `?veaction=edit` … */
  url(title: string, query?: Record<string, string>): string;
  /** Current wikitext of a page, read through api.php (null when the page does not exist). */
  wikitext(title: string): Promise<string | null>;
  /** Number of revisions of a page. */
  revisionCount(title: string): Promise<number>;
  /** Adds pages (or revisions) after start, through the same import. */
  seed(pages: WikiPage[]): Promise<void>;
  stop(): Promise<void>;
}

/** Whether MediaWiki and PHP with SQLite are installed (`.ci/run` installs them). */
export function mediawikiAvailable(): boolean {
  return existsSync(join(MEDIAWIKI_DIR, 'maintenance/install.php'));
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** MediaWiki's export format, enough of it for importDump.php. */
export function exportXml(pages: WikiPage[], now = new Date()): string {
  const stamp = (t?: string) => new Date(t ?? now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = pages
    .map((page) => {
      const revisions = page.revisions ?? [
        { text: page.text ?? '', timestamp: page.timestamp, summary: page.summary, user: page.user },
      ];
      const revs = revisions
        .map(
          (r) => `    <revision>
      <timestamp>${stamp(r.timestamp)}</timestamp>
      <contributor><username>${xmlEscape(r.user ?? ADMIN_USER)}</username></contributor>
      <comment>${xmlEscape(r.summary ?? '')}</comment>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text xml:space="preserve">${xmlEscape(r.text)}</text>
    </revision>`,
        )
        .join('\n');
      return `  <page>\n    <title>${xmlEscape(page.title)}</title>\n${revs}\n  </page>`;
    })
    .join('\n');
  return `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n${body}\n</mediawiki>\n`;
}

function extraSettings(dir: string): string {
  return `
# --- Partner Lens test wiki ---------------------------------------------------------------
$wgServer = getenv( 'PL_WIKI_SERVER' ) ?: $wgServer;
$wgCacheDirectory = "${dir}/cache";
# php -S has no APCu: keep sessions and caches in the SQLite database.
$wgMainCacheType = CACHE_DB;
$wgSessionCacheType = CACHE_DB;
$wgParserCacheType = CACHE_DB;
$wgEnableEmail = false;
$wgUseImageMagick = false;
$wgGroupPermissions['*']['noratelimit'] = true;
$wgGroupPermissions['*']['createaccount'] = false;
$wgDefaultSkin = 'vector';
wfLoadSkin( 'Vector' );
wfLoadExtension( 'WikiEditor' );
wfLoadExtension( 'VisualEditor' );
$wgDefaultUserOptions['usebetatoolbar'] = 1;
$wgDefaultUserOptions['visualeditor-enable'] = 1;
$wgDefaultUserOptions['visualeditor-editor'] = 'visualeditor';
$wgVisualEditorShowBetaWelcome = false;
$wgVisualEditorAvailableNamespaces = [ 'Main' => true, 'User' => true, 'Project' => true ];
$wgHiddenPrefs[] = 'visualeditor-enable';
`;
}

async function php(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run(PHP, args, { env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function waitForServer(base: string, child: ChildProcess, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`php -S exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/api.php?action=query&meta=siteinfo&format=json`);
      if (res.ok) return;
      lastError = new Error(`HTTP ${res.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((ok) => setTimeout(ok, 150));
  }
  throw new Error(`The test wiki did not answer at ${base}: ${String(lastError)}`);
}

export async function startWiki(options: WikiOptions = {}): Promise<Wiki> {
  if (!mediawikiAvailable()) {
    throw new Error(
      `MediaWiki not found at ${MEDIAWIKI_DIR}: apt-get install mediawiki php-sqlite3 php-cli (.ci/run does)`,
    );
  }
  const owned = !options.dir;
  // SQLite syncs every write; on tmpfs that costs nothing, on a disk it makes seeding 3x slower.
  const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = options.dir ?? mkdtempSync(join(scratch, 'partner-lens-wiki-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = join(dir, 'LocalSettings.php');
  const env = { ...process.env, MW_CONFIG_FILE: config, PL_WIKI_SERVER: base };
  // install.php refuses to run when the settings file it is told to use already exists.
  const { MW_CONFIG_FILE: _unused, ...installEnv } = env;
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((ok) => server!.once('exit', ok));
      // php -S forks its workers: end the whole process group it leads, and only that.
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
      await exited;
    }
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await php(
      [
        join(MEDIAWIKI_DIR, 'maintenance/install.php'),
        '--confpath', dir,
        '--dbtype', 'sqlite',
        '--dbpath', join(dir, 'data'),
        '--dbname', 'wiki',
        '--server', base,
        '--scriptpath', '',
        '--lang', 'en',
        '--pass', ADMIN_PASSWORD,
        '--skins', 'Vector',
        'Partner Lens Test Wiki',
        ADMIN_USER,
      ],
      installEnv,
    );
    writeFileSync(config, extraSettings(dir) + (options.settings ?? '') + '\n', { flag: 'a' });
    const seed = async (pages: WikiPage[]) => {
      if (pages.length === 0) return;
      const file = join(dir, `seed-${Date.now()}.xml`);
      writeFileSync(file, exportXml(pages));
      await php([join(MEDIAWIKI_DIR, 'maintenance/importDump.php'), '--no-updates', file], env);
      // The import skips the recent-changes feed and the links tables; rebuild what is asked for.
      await php([join(MEDIAWIKI_DIR, 'maintenance/rebuildrecentchanges.php')], env);
      if (options.refreshLinks) await php([join(MEDIAWIKI_DIR, 'maintenance/refreshLinks.php')], env);
      rmSync(file);
    };
    await seed(options.pages ?? []);
    // Several workers: the browser asks for load.php modules in parallel.
    server = spawn(PHP, ['-S', `127.0.0.1:${port}`, '-t', MEDIAWIKI_DIR], {
      env: { ...env, PHP_CLI_SERVER_WORKERS: '4' },
      stdio: 'ignore',
      detached: true,
    });
    await waitForServer(base, server);
    const api = `${base}/api.php`;
    const index = `${base}/index.php`;
    const query = async (params: Record<string, string>) => {
      const res = await fetch(`${api}?${new URLSearchParams({ format: 'json', formatversion: '2', ...params })}`);
      return (await res.json()) as {
        query: { pages: { missing?: boolean; revisions?: { slots: { main: { content: string } } }[] }[] };
      };
    };
    return {
      base,
      api,
      index,
      dir,
      url: (title, q = {}) => `${index}?${new URLSearchParams({ title, ...q })}`,
      wikitext: async (title) => {
        const data = await query({ action: 'query', prop: 'revisions', rvprop: 'content', rvslots: 'main', titles: title });
        const page = data.query.pages[0];
        return page && !page.missing ? (page.revisions?.[0]?.slots.main.content ?? null) : null;
      },
      revisionCount: async (title) => {
        const data = await query({ action: 'query', prop: 'revisions', rvprop: 'ids', rvlimit: 'max', titles: title });
        return data.query.pages[0]?.revisions?.length ?? 0;
      },
      seed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
