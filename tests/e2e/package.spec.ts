// The packages as they would be uploaded: `npm run zip` makes the Chrome zip, the Firefox zip and
// the Firefox sources zip, and the Firefox package passes web-ext lint (Mozilla's add-on linter).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const zipPath = (suffix: string) => join(ROOT, '.output', `${pkg.name}-${pkg.version}-${suffix}.zip`);

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

function run(command: string, args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function listZip(path: string): string[] {
  const r = run('unzip', ['-Z1', path]);
  if (r.status !== 0) throw new Error(`unzip -Z1 ${path}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Preact's DOM diff holds `innerHTML` assignments for `dangerouslySetInnerHTML` (which our code
 * never uses; see the source check below) and for emptying an element: the linter cannot tell,
 * so it warns once per bundle that includes Preact. Nothing else is accepted.
 */
const PREACT_INNER_HTML = (m: LintMessage) => m.code === 'UNSAFE_VAR_ASSIGNMENT' && /innerHTML/.test(m.message);
/**
 * The content script imports the content app, and the app editors.js, from the extension itself
 * (`runtime.getURL`, never a value a page can reach): the linter only sees that the argument is
 * not a literal. The source check below holds our code to those two imports.
 */
const OWN_IMPORT = (m: LintMessage) =>
  m.code === 'UNSAFE_VAR_ASSIGNMENT' &&
  /Unsafe call to import/.test(m.message) &&
  (m.file === 'content-loader.js' || m.file === 'content-app.js');
const UNDERSTOOD_WARNING = (m: LintMessage) => PREACT_INNER_HTML(m) || OWN_IMPORT(m);

describe('packages', () => {
  let unpacked: string;

  beforeAll(() => {
    const zip = run('npm', ['run', 'zip']);
    if (zip.status !== 0) throw new Error(`npm run zip failed:\n${zip.stdout}\n${zip.stderr}`);
    unpacked = mkdtempSync(join(tmpdir(), 'partner-lens-firefox-zip-'));
    const r = run('unzip', ['-q', zipPath('firefox'), '-d', unpacked]);
    if (r.status !== 0) throw new Error(`unzip: ${r.stderr}`);
  });
  afterAll(() => {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it('makes the Chrome zip, the Firefox zip and the Firefox sources zip', () => {
    for (const suffix of ['chrome', 'firefox', 'sources']) expect(existsSync(zipPath(suffix)), suffix).toBe(true);
    const chrome = listZip(zipPath('chrome'));
    expect(chrome).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'managed_schema.json', 'popup.html', 'options.html']));
    const firefox = listZip(zipPath('firefox'));
    expect(firefox).toEqual(expect.arrayContaining(['manifest.json', 'background.js', 'popup.html', 'options.html']));
    const sources = listZip(zipPath('sources'));
    // What a reviewer needs to rebuild it, and none of the test and demo screenshots.
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'entrypoints/background.ts', 'utils/data/policy.ts']));
    expect(sources.filter((f) => f.startsWith('screenshots/') || f.startsWith('node_modules/') || f.startsWith('.output/'))).toEqual([]);
  });

  it('the Firefox zip passes web-ext lint: no errors, only the understood warnings', () => {
    const bin = join(ROOT, 'node_modules/.bin/web-ext');
    const r = run(bin, ['lint', '--source-dir', unpacked, '--output', 'json', '--no-config-discovery']);
    const report = JSON.parse(r.stdout) as LintReport;
    const show = (list: LintMessage[]) => list.map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`);
    expect(show(report.errors)).toEqual([]);
    expect(show(report.warnings.filter((m) => !UNDERSTOOD_WARNING(m)))).toEqual([]);
    expect(show(report.notices)).toEqual([]);
  });

  it('keeps what runs on every page (the content script and the app it imports) under 30 kB gzip; editor support apart', () => {
    for (const build of ['chrome-mv3', 'firefox-mv2']) {
      const read = (file: string) => readFileSync(join(ROOT, '.output', build, file));
      // The manifest's one content script is the loader; it imports the app.
      const manifest = JSON.parse(read('manifest.json').toString()) as { content_scripts: { js: string[] }[] };
      expect(manifest.content_scripts.flatMap((c) => c.js), build).toEqual(['content-loader.js']);
      const everyPage = ['content-loader.js', 'content-app.js'];
      expect(everyPage.reduce((sum, f) => sum + gzipSync(read(f)).length, 0), build).toBeLessThanOrEqual(30 * 1024);
      // The loader, compiled afresh on every page view, carries neither webextension-polyfill nor
      // WXT's content-script context: both are in the app, whose compiled code the browser keeps.
      expect(read('content-loader.js').includes('The message port closed'), build).toBe(false);
      expect(read('content-loader.js').includes('wxt:content-script-started'), build).toBe(false);
      expect(read('content-app.js').includes('The message port closed'), build).toBe(true);
      expect(read('content-loader.js').length, build).toBeLessThanOrEqual(6 * 1024);
      // The field overlay (which leaves this measure) is in editors.js, not in the content app.
      for (const f of everyPage) expect(read(f).includes('partner-lens:field-scan'), `${build} ${f}`).toBe(false);
      expect(read('editors.js').includes('partner-lens:field-scan'), build).toBe(true);
    }
  });

  it('our code has two dynamic imports, each of a file of the extension itself', () => {
    const r = run('git', ['grep', '-n', '-E', '\\bimport\\(', '--', 'entrypoints', 'components', 'utils']);
    const lines = r.stdout.split('\n').filter((l) => l && !/import\('\.\.\/\.\.\/public|typeof import\(/.test(l)).sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^entrypoints\/content-app\.ts:\d+:.*import\(\/\* @vite-ignore \*\/ browser\.runtime\.getURL\('\/editors\.js'\)\)/);
    expect(lines[1]).toMatch(/^utils\/content\/app-loader\.ts:\d+:.*import\(\/\* @vite-ignore \*\/ api\.runtime\.getURL\('\/content-app\.js'\)\)/);
  });

  it('our own code writes no HTML strings (the innerHTML warnings are Preact\u2019s)', () => {
    const r = run('git', ['grep', '-n', '-E', 'innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|new Function|eval\\(', '--', 'entrypoints', 'components', 'utils']);
    expect(r.stdout).toBe('');
  });
});
