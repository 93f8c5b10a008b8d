// Typing in the middle of a 1 MB textarea, on its own: builds the Chrome extension (unless
// --no-build), types 50 characters one at a time and prints p50/p95/max of our work per
// keystroke (the `partner-lens:field-scan` measures, and the mirror's writes in the next frame,
// `partner-lens:field-write`), checks that the mirror's text and its
// underlines still match the field, and with --profile prints the heaviest functions (self time)
// while typing.
// --build DIR measures another build of the Chrome extension (say, of an older commit).
//   npx tsx tests/bench/typing.ts [--no-build] [--build DIR] [--profile [out.cpuprofile]] [--gap MS] [--verbose]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROME_BUILD, ROOT, launchChromium } from '../e2e/harness';
import { serveBench } from './pages';
import * as js from './in-page';
import { DEFAULT_CORPUS } from '../../scripts/bench-corpus';

const argv = process.argv.slice(2);
const dirAt = argv.indexOf('--build');
const buildDir = dirAt >= 0 ? resolve(argv[dirAt + 1]!) : CHROME_BUILD;
const build = dirAt < 0 && !argv.includes('--no-build');
const profileAt = argv.indexOf('--profile');
const profiling = profileAt >= 0;
const profileOut = profiling && argv[profileAt + 1] && !argv[profileAt + 1]!.startsWith('--') ? argv[profileAt + 1] : undefined;
const gapAt = argv.indexOf('--gap');
const KEY_GAP_MS = gapAt >= 0 ? Number(argv[gapAt + 1]) : 300;
const TYPED = ' the internal customers of the service desk agree ';

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** The mirror against the field: same text, underlines exactly where the phrase is. */
const CHECK = `() => {
  const field = document.getElementById('editor');
  const root = document.querySelector('partner-lens-ui')?.shadowRoot;
  const text = root?.querySelector('.text');
  if (!text) return { ok: false, why: 'no mirror' };
  const mirror = text.textContent.replace(/\\u200B$/, '');
  const value = field.value;
  if (!value.startsWith(mirror)) {
    let i = 0;
    while (i < mirror.length && mirror[i] === value[i]) i++;
    return { ok: false, why: 'mirror text differs at ' + i + ' of ' + mirror.length };
  }
  const marks = [];
  const walk = (node, at) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) at += child.data.length;
      else {
        if (child.classList.contains('mark')) marks.push(at);
        at = walk(child, at);
      }
    }
    return at;
  };
  walk(text, 0);
  const want = [];
  const re = /internal customers/gi;
  let m;
  while ((m = re.exec(value))) want.push(m.index);
  const same = want.length === marks.length && want.every((w, i) => w === marks[i]);
  return { ok: same, why: same ? '' : 'marks ' + marks.length + ' vs phrases ' + want.length, marks: marks.length, mirror: mirror.length, value: value.length };
}`;

if (build) {
  const b = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed');
}
const buildCopy = mkdtempSync(join(tmpdir(), 'partner-lens-typing-build-'));
cpSync(buildDir, buildCopy, { recursive: true });
// The corpus folder only serves mark.js here; the typing pages are generated.
const server = await serveBench(DEFAULT_CORPUS, ROOT);
const ext = await launchChromium({ extensionDir: buildCopy });
try {
  await ext.context.addInitScript({ content: js.INIT_SCRIPT });
  const page = await ext.context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(server.url('/gen/textarea.html'), { waitUntil: 'load' });
  for (let i = 0; i < 2400; i++) {
    if (await page.evaluate(js.call(js.READ_OURS))) break;
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(500);
  await page.evaluate(js.call(js.PLACE_CARET));
  await page.waitForTimeout(300);
  const since = (await page.evaluate('performance.now()')) as number;
  const cdp = profiling ? await ext.context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  const typed = TYPED.slice(0, 50).padEnd(50, 'x');
  for (const ch of typed) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(KEY_GAP_MS);
  }
  await page.waitForTimeout(500);
  const samples = (await page.evaluate(js.call(js.MEASURES_SINCE, { name: 'partner-lens:field-scan', since }))) as number[];
  // The mirror is written in the frame after the scan: its own task, measured apart.
  const writes = (await page.evaluate(js.call(js.MEASURES_SINCE, { name: 'partner-lens:field-write', since }))) as number[];
  const f = (n: number) => n.toFixed(2);
  for (const [name, xs] of [['field-scan', samples], ['field-write', writes]] as const) {
    console.log(
      `textarea 1 MB, ${typed.length} keystrokes, ${xs.length} ${name} measures: ` +
        `p50 ${f(percentile(xs, 50))} ms, p95 ${f(percentile(xs, 95))} ms, max ${f(Math.max(...xs))} ms`,
    );
  }
  if (argv.includes('--verbose')) console.log(samples.map((x) => x.toFixed(1)).join(' '));
  const check = (await page.evaluate(js.call(CHECK))) as { ok: boolean; why: string };
  console.log('mirror check:', JSON.stringify(check));
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    if (profileOut) writeFileSync(profileOut, JSON.stringify(profile));
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const fr = byId.get(id)!.callFrame;
      const key = `${fr.functionName || '(anon)'} ${fr.url.split('/').pop()}:${fr.lineNumber + 1}:${fr.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
    }
  }
  if (!check.ok) process.exitCode = 1;
} finally {
  await ext.close();
  await server.close();
  rmSync(buildCopy, { recursive: true, force: true });
}
