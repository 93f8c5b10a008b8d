// npm run bench:corpus [-- --out DIR] [--force]
//
// Builds the benchmark's default corpus (git-ignored `bench-corpus/`) from Debian documentation
// packages: pages we did not write, made by six different generators. A package's files are taken
// from /usr/share/doc when it is installed; otherwise its .deb is fetched with `apt-get download`
// and unpacked with `dpkg -x` into the corpus' own cache, so nothing is installed on the machine.
// The MediaWiki page is rendered by Debian's MediaWiki (a throw-away SQLite wiki in a temporary
// folder, served with `php -S`), from wikitext made out of a DocBook page's prose.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CORPUS = join(ROOT, 'bench-corpus');

interface Source {
  /** Debian package that holds the files. */
  pkg: string;
  /** Folder inside the package (an absolute path once installed). */
  dir: string;
}

interface CorpusPage {
  name: string;
  generator: string;
  from: Source;
  file: string;
  /** Files or folders beside the page that its scripts need (paths relative to `from.dir`), and where they go in the corpus. */
  assets?: { path: string; to: string }[];
}

const PYTHON = { pkg: 'python3.11-doc', dir: '/usr/share/doc/python3.11/html' };
const BASH = { pkg: 'bash-doc', dir: '/usr/share/doc/bash' };
const POSTGRES = { pkg: 'postgresql-doc-15', dir: '/usr/share/doc/postgresql-doc-15/html' };
const NODE = { pkg: 'nodejs-doc', dir: '/usr/share/doc/nodejs/api' };
const DOXYGEN = { pkg: 'doxygen-doc', dir: '/usr/share/doc/doxygen/html' };
/** Sphinx's pages link jQuery and Underscore from these (symlinks in python3.11-doc). */
const JQUERY = { pkg: 'libjs-jquery', dir: '/usr/share/javascript/jquery' };
const UNDERSCORE = { pkg: 'libjs-underscore', dir: '/usr/share/javascript/underscore' };

const PAGES: CorpusPage[] = [
  // Sphinx: its scripts (copy buttons, sidebar, highlighting) change the DOM after load.
  { name: 'sphinx-python-stdtypes.html', generator: 'Sphinx 5', from: PYTHON, file: 'library/stdtypes.html', assets: [{ path: '_static', to: '_static' }] },
  { name: 'texinfo-bash-reference.html', generator: 'Texinfo (makeinfo)', from: BASH, file: 'bashref.html' },
  { name: 'docbook-postgresql-psql.html', generator: 'DocBook XSL', from: POSTGRES, file: 'app-psql.html', assets: [{ path: 'stylesheet.css', to: 'stylesheet.css' }] },
  // Node's own doc tool; 5.8 MB, the large page of the corpus.
  { name: 'nodejs-api-all.html', generator: "Node.js doc tool", from: NODE, file: 'all.html', assets: [{ path: 'assets', to: 'assets' }] },
  // Doxygen: navtree.js builds the side tree after load.
  {
    name: 'doxygen-config.html',
    generator: 'Doxygen 1.9',
    from: DOXYGEN,
    file: 'config.html',
    assets: ['jquery.js', 'dynsections.js', 'resize.js', 'navtreedata.js', 'navtree.js', 'navtreeindex0.js', 'navtreeindex1.js', 'menu.js', 'menudata.js', 'doxygen_manual.css', 'tabs.css', 'navtree.css', 'doxygen.css'].map((p) => ({ path: p, to: p })),
  },
];

function parse(argv: string[]): { out: string; force: boolean } {
  let out = DEFAULT_CORPUS;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i] ?? usage());
    else if (argv[i] === '--force') force = true;
    else usage();
  }
  return { out, force };
}

function usage(): never {
  console.error('usage: npm run bench:corpus -- [--out DIR] [--force]');
  process.exit(2);
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-400)}`);
  return r.stdout;
}

/** Where `source.dir` can be read (with `probe` in it): the installed package, or its .deb unpacked into `cache`. */
function locate(source: Source, cache: string, probe: string): string {
  // Another package may own the folder (bash owns /usr/share/doc/bash, bash-doc the manual).
  if (existsSync(join(source.dir, probe))) return source.dir;
  const unpacked = join(cache, source.pkg);
  if (!existsSync(join(unpacked, source.dir, probe))) {
    const debs = join(cache, 'debs');
    mkdirSync(debs, { recursive: true });
    if (!readdirSync(debs).some((f) => f.startsWith(`${source.pkg}_`))) {
      console.log(`apt-get download ${source.pkg}`);
      run('apt-get', ['download', source.pkg], { cwd: debs });
    }
    const deb = readdirSync(debs).find((f) => f.startsWith(`${source.pkg}_`) && f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${source.pkg} left no .deb`);
    run('dpkg', ['-x', join(debs, deb), unpacked]);
  }
  return join(unpacked, source.dir);
}

/** Copies a file or folder, following symlinks that point into other packages (Sphinx's jQuery). */
function copyAsset(from: string, to: string, cache: string): void {
  const st = statSync(from, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(from)) copyAsset(join(from, f), join(to, f), cache);
    return;
  }
  if (st) {
    copyFileSync(from, to);
    return;
  }
  // A dangling symlink (its package is not installed): take the file from that package.
  for (const lib of [JQUERY, UNDERSCORE]) {
    const base = from.split('/').pop()!;
    if (base.startsWith(lib.dir.split('/').pop()!)) {
      copyFileSync(join(locate(lib, cache, base), base), to);
      return;
    }
  }
}

// ------------------------------------------------------------------ MediaWiki
const MEDIAWIKI = '/usr/share/mediawiki';

/** Wikitext made of a DocBook page's prose: its headings, paragraphs and list items. */
function wikitextFrom(html: string): string {
  const out: string[] = [];
  const strip = (s: string) =>
    s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#?\w+;/g, ' ').replace(/\s+/g, ' ').trim();
  const escape = (s: string) => `<nowiki>${s.replace(/<\/?nowiki>/g, '')}</nowiki>`;
  const re = /<(h[1-4]|p|li|dt)\b[^>]*>([\s\S]*?)<\/\1>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const text = strip(m[2]!);
    if (!text) continue;
    const tag = m[1]!.toLowerCase();
    if (tag.startsWith('h')) out.push(`\n${'='.repeat(Number(tag[1]) + 1)} ${text.replace(/=/g, '')} ${'='.repeat(Number(tag[1]) + 1)}\n`);
    else if (tag === 'li') out.push(`* ${escape(text)}`);
    else if (tag === 'dt') out.push(`; ${escape(text)}`);
    else out.push(`\n${escape(text)}\n`);
  }
  return out.join('\n');
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function renderMediaWiki(cache: string, outFile: string): Promise<void> {
  if (!existsSync(join(MEDIAWIKI, 'maintenance/install.php'))) {
    console.log('apt-get install mediawiki php-sqlite3 php-cli (MediaWiki is missing)');
    run('apt-get', ['install', '-y', '--no-install-recommends', 'mediawiki', 'php-sqlite3', 'php-cli']);
  }
  const dir = mkdtempSync(join(tmpdir(), 'partner-lens-corpus-wiki-'));
  const port = await freePort();
  const config = join(dir, 'LocalSettings.php');
  const env = { ...process.env, MW_CONFIG_FILE: config };
  try {
    mkdirSync(join(dir, 'data'));
    run('php', [
      'maintenance/install.php', '--confpath', dir, '--dbtype', 'sqlite', '--dbpath', join(dir, 'data'), '--dbname', 'corpus',
      '--server', `http://127.0.0.1:${port}`, '--scriptpath', '', '--lang', 'en', '--skins', 'Vector',
      '--pass', `corpus-${process.pid}-${Date.now()}`, 'Corpus Wiki', 'Admin',
    ], { cwd: MEDIAWIKI, env });
    const docbook = readFileSync(join(locate(POSTGRES, cache, 'monitoring-stats.html'), 'monitoring-stats.html'), 'utf8');
    const wikitext = join(dir, 'page.wiki');
    writeFileSync(wikitext, wikitextFrom(docbook));
    run('php', ['maintenance/edit.php', '--conf', config, '-u', 'Admin', '-s', 'corpus page', 'Monitoring statistics'], {
      cwd: MEDIAWIKI,
      env,
      input: readFileSync(wikitext, 'utf8'),
    });
    const server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', MEDIAWIKI], { env, stdio: 'ignore' });
    try {
      let html = '';
      for (let i = 0; i < 100 && !html; i++) {
        await new Promise((r) => setTimeout(r, 200));
        try {
          const res = await fetch(`http://127.0.0.1:${port}/index.php?title=Monitoring_statistics`);
          if (res.ok) html = await res.text();
        } catch {
          // not listening yet
        }
      }
      if (!html.includes('mw-parser-output')) throw new Error('MediaWiki did not render the page');
      writeFileSync(outFile, html);
    } finally {
      server.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ main
async function main(): Promise<void> {
  const { out, force } = parse(process.argv.slice(2));
  const done = join(out, 'CORPUS.md');
  if (existsSync(done) && !force) {
    console.log(`${out} is already built (--force to build it again)`);
    return;
  }
  const cache = join(out, '.cache');
  mkdirSync(cache, { recursive: true });
  const lines = ['# Benchmark corpus', '', 'Built by `npm run bench:corpus` from Debian documentation packages.', '', '| page | generator | package | file | size |', '|---|---|---|---|--:|'];
  for (const p of PAGES) {
    const dir = locate(p.from, cache, p.file);
    copyFileSync(join(dir, p.file), join(out, p.name));
    for (const a of p.assets ?? []) {
      try {
        copyAsset(join(dir, a.path), join(out, a.to), cache);
      } catch (e) {
        // A missing script only changes what the page does after load; say so and go on.
        console.warn(`  (asset ${a.path} of ${p.name} left out: ${(e as Error).message})`);
      }
    }
    lines.push(`| ${p.name} | ${p.generator} | ${p.from.pkg} | ${join(p.from.dir, p.file)} | ${statSync(join(out, p.name)).size} |`);
    console.log(`${p.name} (${p.generator}, ${p.from.pkg})`);
  }
  const wiki = join(out, 'mediawiki-monitoring.html');
  await renderMediaWiki(cache, wiki);
  lines.push(`| mediawiki-monitoring.html | MediaWiki 1.39 (Vector) | mediawiki + postgresql-doc-15 | rendered from monitoring-stats.html's prose | ${statSync(wiki).size} |`);
  console.log('mediawiki-monitoring.html (MediaWiki 1.39)');
  writeFileSync(done, lines.join('\n') + '\n');
  console.log(`corpus: ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
