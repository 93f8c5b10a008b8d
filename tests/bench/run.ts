// npm run bench [-- --corpus DIR] [--runs N] [--only NAME] [--out FILE] [--skip-typing] [--skip-popup] [--skip-startup] [--build DIR]
//
// Measures the built extension in headless Chromium on real pages, against baselines measured in
// the same run (see README, "Benchmarks"). Not a test: it prints a table, writes JSON, and says
// which targets hold; the exit code is 0 whatever the figures.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_BUILD, CHROMIUM_ARGS, CHROMIUM_PATH, ROOT, launchChromium, type ChromiumSession } from '../e2e/harness';
import { FLAGS, FLOOR_SOURCE, PLAIN_SOURCE } from './phrases';
import { serveBench, type BenchServer } from './pages';
import * as js from './in-page';
import { seedData } from './seed-data';
import { measureStartup, startupVerdicts, type StartupResult } from './startup';
import { measuredLoad } from './outside';
import { writeEmptyExtension } from './empty-extension';
import { againstLimit, medianInterval, type LimitVerdict } from './verdict';
import { DEFAULT_CORPUS } from '../../scripts/bench-corpus';

// ---------------------------------------------------------------- arguments
interface Args {
  corpus: string;
  runs: number;
  only: string | null;
  out: string;
  typing: boolean;
  popup: boolean;
  baselines: boolean;
  startup: boolean;
  /** The Chrome build to measure: another one (an older commit's) gives a before/after in one hour. */
  build: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    corpus: DEFAULT_CORPUS,
    runs: 5,
    only: null,
    out: 'bench-results.json',
    typing: true,
    popup: true,
    baselines: true,
    startup: true,
    build: CHROME_BUILD,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v!;
    };
    if (a === '--corpus') args.corpus = resolve(value());
    else if (a === '--runs') {
      args.runs = Number(value());
      if (!Number.isInteger(args.runs) || args.runs < 1) usage('--runs takes a whole number ≥ 1');
    } else if (a === '--only') args.only = value();
    else if (a === '--out') args.out = value();
    else if (a === '--skip-typing') args.typing = false;
    else if (a === '--skip-popup') args.popup = false;
    else if (a === '--skip-baselines') args.baselines = false;
    else if (a === '--skip-startup') args.startup = false;
    else if (a === '--build') args.build = resolve(value());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return args;
}

function usage(error?: string): never {
  if (error) console.error(error);
  console.error(
    'usage: npm run bench -- [--corpus DIR] [--runs N] [--only NAME] [--out FILE] [--skip-typing] [--skip-popup] [--skip-baselines] [--skip-startup] [--build DIR]',
  );
  process.exit(error ? 2 : 0);
}

// ---------------------------------------------------------------- statistics
/** How the outside table words a page's verdict against its limit (verdict.ts). */
const VERDICT_TEXT: Record<LimitVerdict, string> = { holds: 'yes', fails: '**no**', unclear: 'cannot tell' };

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const ms = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

// ---------------------------------------------------------------- the browser
async function evaluate<T>(page: Page, src: string, arg?: unknown): Promise<T> {
  return (await page.evaluate(js.call(src, arg))) as T;
}

async function metrics(page: Page): Promise<{ heap: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => list.find((m) => m.name === name)?.value ?? NaN;
    return { heap: get('JSHeapUsedSize'), nodes: get('Nodes') };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function poll<T>(page: Page, src: string, arg: unknown, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await evaluate<T | null>(page, src, arg);
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) return null;
    await page.waitForTimeout(25);
  }
}

// ---------------------------------------------------------------- one page
interface OursRun {
  wallMs: number;
  startAt: number;
  busyMs: number;
  slices: number;
  longestSliceMs: number;
  longTaskMs: number;
  ranges: number;
  partnerRegistered: number;
}
interface FloorRun {
  ms: number;
  matches: number;
  partner: number;
  textNodes: number;
  chars: number;
}
interface BaselineRun {
  ms: number;
  matches: number;
}
/** Measured from outside the page (see outside.ts). */
interface OutsideRun {
  /** The main thread's CPU time over the load, with the extension and without (outside.ts). */
  withMs: number;
  withoutMs: number;
  /** The same loads' task time on the wall clock, which also counts waiting for a core. */
  withTaskMs: number;
  withoutTaskMs: number;
  /** Time in the extension's frames, from a CPU profile of another load with the extension. */
  framesMs: number;
  /**
   * The main-thread tasks our extension ran, from a trace of another load (our-tasks.ts): wall
   * time, the main thread's CPU time in them, how many.
   */
  tasksMs: number;
  tasksCpuMs: number;
  tasks: number;
  /** The longest of those tasks (our part of it). */
  longestTaskMs: number;
  /** The CPU time of that task (see `OurTaskTime.longestCpuMs`). */
  longestTaskCpuMs: number;
  /** Our passes after the first scan, while the page's own scripts ran (rescans), and their slices' time. */
  laterPasses: number;
  laterBusyMs: number;
  /** Our content script's injection and evaluation (and its app module's) on this page, from a traced load. */
  injectMs: number;
  /** The same for an extension whose content script is empty, in a browser of its own: the platform's part. */
  emptyInjectMs: number;
}

interface PageResult {
  page: string;
  variant: 'plain' | 'phrases';
  inserted: number;
  runs: {
    ours: OursRun[];
    floor: FloorRun[];
    naive: BaselineRun[];
    markjs: BaselineRun[];
    outside: OutsideRun[];
    heapBefore: number[];
    heapAfter: number[];
    nodesBefore: number[];
    nodesAfter: number[];
    nodesNaive: number[];
    nodesMarkjs: number[];
  };
  median: {
    /** Main-thread CPU time with the extension minus without (median over runs of each pair). */
    extMainMs: number;
    /** The same from the tasks' wall time. */
    extTaskMs: number;
    extFramesMs: number;
    /** Our tasks, from the trace (wall time and CPU time). */
    tasksMs: number;
    tasksCpuMs: number;
    injectMs: number;
    emptyInjectMs: number;
    laterPasses: number;
    laterBusyMs: number;
    oursWallMs: number;
    oursBusyMs: number;
    floorMs: number;
    naiveMs: number;
    markjsMs: number;
    /** Median over runs of each run's longest slice; `maxSliceMs` the longest of all runs. */
    longestSliceMs: number;
    maxSliceMs: number;
    longTaskMs: number;
    ranges: number;
    floorMatches: number;
    naiveMatches: number;
    markjsMatches: number;
    heapDeltaMB: number;
    nodesDelta: number;
    nodesNaiveDelta: number;
    nodesMarkjsDelta: number;
  };
  ratios: { oursFloor: number; busyFloor: number; oursNaive: number; oursMarkjs: number; mainFloor: number; framesMarkjs: number };
  /** The outside target for this page: main-thread Δ ≤ a × floor + b ms. */
  limitMs: number;
}

/** Time given to a page after it is ready, for its own after-load scripts and our rescans. */
const QUIET_MS = 1000;
/** Outside targets: ≤ 1.5× floor + 2 ms as is, ≤ 2× floor + 5 ms with phrases. */
export const limitFor = (variant: 'plain' | 'phrases', floorMs: number) => (variant === 'plain' ? 1.5 * floorMs + 2 : 2 * floorMs + 5);

const SCAN_TIMEOUT_MS = 120_000;

async function measurePage(
  ext: ChromiumSession,
  empty: ChromiumSession,
  plain: BrowserContext | null,
  server: BenchServer,
  name: string,
  variant: 'plain' | 'phrases',
  runs: number,
): Promise<PageResult> {
  const url = server.url(`/${variant}/${name}`);
  const r: PageResult['runs'] = {
    ours: [], floor: [], naive: [], markjs: [], outside: [],
    heapBefore: [], heapAfter: [], nodesBefore: [], nodesAfter: [], nodesNaive: [], nodesMarkjs: [],
  };
  const source = { source: FLOOR_SOURCE, flags: FLAGS };
  const plainSource = { source: PLAIN_SOURCE, flags: FLAGS };
  for (let i = 0; i < runs; i++) {
    // Ours, then the floor in the same page (after our scan and the quiet time).
    let extElapsed = 0;
    let withMs = NaN;
    let withTaskMs = NaN;
    let injectMs = NaN;
    {
      const load = await measuredLoad(ext.context, url, {
        quietMs: QUIET_MS,
        timeoutMs: SCAN_TIMEOUT_MS,
        ready: async (p) => {
          if (!(await poll<OursRun>(p, js.READ_OURS, undefined, SCAN_TIMEOUT_MS))) {
            throw new Error(`${name} (${variant}): no partner-lens:first-scan measure within ${SCAN_TIMEOUT_MS / 1000} s`);
          }
        },
      });
      const page = load.page;
      extElapsed = load.elapsedMs;
      withMs = load.cpuMs;
      withTaskMs = load.taskMs;
      const ours = (await evaluate<OursRun>(page, js.READ_OURS))!;
      const later = await evaluate<{ passes: number; busyMs: number }>(page, js.READ_LATER);
      const after = await metrics(page);
      r.ours.push(ours);
      r.heapAfter.push(after.heap);
      r.nodesAfter.push(after.nodes);
      r.floor.push(await evaluate<FloorRun>(page, js.FLOOR, source));
      await page.close();
      // The time in our frames, from a profiled load of its own (the profiler slows the page).
      const profiled = await measuredLoad(ext.context, url, {
        quietMs: QUIET_MS,
        timeoutMs: SCAN_TIMEOUT_MS,
        profile: true,
        ready: async (p) => void (await poll<OursRun>(p, js.READ_OURS, undefined, SCAN_TIMEOUT_MS)),
      });
      await profiled.page.close();
      // The tasks we ran, from a trace of a load of its own (its stacks cost the page a little).
      const tasked = await measuredLoad(ext.context, url, {
        quietMs: QUIET_MS,
        timeoutMs: SCAN_TIMEOUT_MS,
        taskTrace: true,
        ready: async (p) => void (await poll<OursRun>(p, js.READ_OURS, undefined, SCAN_TIMEOUT_MS)),
      });
      await tasked.page.close();
      // Its own load: tracing V8 would add to the main-thread time read above.
      const traced = await measuredLoad(ext.context, url, {
        quietMs: 0,
        timeoutMs: SCAN_TIMEOUT_MS,
        trace: true,
        ready: async (p) => void (await poll<OursRun>(p, js.READ_OURS, undefined, SCAN_TIMEOUT_MS)),
      });
      injectMs = traced.injectMs;
      await traced.page.close();
      // An empty content script on the same page: what any content script pays to be injected.
      const bare = await measuredLoad(empty.context, url, { quietMs: 0, timeoutMs: SCAN_TIMEOUT_MS, trace: true, ready: async () => {} });
      await bare.page.close();
      r.outside.push({
        withMs, withoutMs: NaN, withTaskMs, withoutTaskMs: NaN, framesMs: profiled.extensionMs,
        tasksMs: tasked.ours?.ms ?? NaN, tasksCpuMs: tasked.ours?.cpuMs ?? NaN, tasks: tasked.ours?.tasks ?? NaN, longestTaskMs: tasked.ours?.longestMs ?? NaN, longestTaskCpuMs: tasked.ours?.longestCpuMs ?? NaN, laterPasses: later.passes, laterBusyMs: later.busyMs,
        injectMs, emptyInjectMs: bare.injectMs,
      });
    }
    if (!plain) continue;
    // Without the extension, as long as the load with it; then naive on the same page (it
    // mutates the DOM, after the reading).
    {
      const started = Date.now();
      const load = await measuredLoad(plain, url, {
        quietMs: 0,
        timeoutMs: SCAN_TIMEOUT_MS,
        ready: async (p) => p.waitForTimeout(Math.max(QUIET_MS, extElapsed - (Date.now() - started))),
      });
      const page = load.page;
      Object.assign(r.outside[r.outside.length - 1]!, { withoutMs: load.cpuMs, withoutTaskMs: load.taskMs });
      const before = await metrics(page);
      r.heapBefore.push(before.heap);
      r.nodesBefore.push(before.nodes);
      r.naive.push(await evaluate<BaselineRun>(page, js.NAIVE, plainSource));
      r.nodesNaive.push((await metrics(page)).nodes);
      await page.close();
    }
    // mark.js, on another fresh page.
    {
      const page = await plain.newPage();
      page.setDefaultTimeout(SCAN_TIMEOUT_MS);
      await page.goto(url, { waitUntil: 'load', timeout: SCAN_TIMEOUT_MS });
      await page.addScriptTag({ url: server.url('/mark.min.js') });
      r.markjs.push(await evaluate<BaselineRun>(page, js.MARKJS, plainSource));
      r.nodesMarkjs.push((await metrics(page)).nodes);
      await page.close();
    }
    process.stdout.write('.');
  }
  const med = (xs: number[]) => median(xs);
  const m: PageResult['median'] = {
    extMainMs: med(r.outside.map((o) => o.withMs - o.withoutMs)),
    extTaskMs: med(r.outside.map((o) => o.withTaskMs - o.withoutTaskMs)),
    extFramesMs: med(r.outside.map((o) => o.framesMs)),
    tasksMs: med(r.outside.map((o) => o.tasksMs)),
    tasksCpuMs: med(r.outside.map((o) => o.tasksCpuMs)),
    injectMs: med(r.outside.map((o) => o.injectMs)),
    emptyInjectMs: med(r.outside.map((o) => o.emptyInjectMs)),
    laterPasses: med(r.outside.map((o) => o.laterPasses)),
    laterBusyMs: med(r.outside.map((o) => o.laterBusyMs)),
    oursWallMs: med(r.ours.map((o) => o.wallMs)),
    oursBusyMs: med(r.ours.map((o) => o.busyMs)),
    floorMs: med(r.floor.map((f) => f.ms)),
    naiveMs: med(r.naive.map((f) => f.ms)),
    markjsMs: med(r.markjs.map((f) => f.ms)),
    longestSliceMs: med(r.ours.map((o) => o.longestSliceMs)),
    maxSliceMs: Math.max(...r.ours.map((o) => o.longestSliceMs)),
    longTaskMs: Math.max(...r.ours.map((o) => o.longTaskMs)),
    ranges: med(r.ours.map((o) => o.ranges)),
    floorMatches: med(r.floor.map((f) => f.matches)),
    naiveMatches: med(r.naive.map((f) => f.matches)),
    markjsMatches: med(r.markjs.map((f) => f.matches)),
    heapDeltaMB: (med(r.heapAfter) - med(r.heapBefore)) / 1e6,
    nodesDelta: med(r.nodesAfter) - med(r.nodesBefore),
    nodesNaiveDelta: med(r.nodesNaive) - med(r.nodesBefore),
    nodesMarkjsDelta: med(r.nodesMarkjs) - med(r.nodesBefore),
  };
  return {
    page: name,
    variant,
    inserted: variant === 'phrases' ? server.inserted(name) : 0,
    runs: r,
    median: m,
    ratios: {
      oursFloor: m.oursWallMs / m.floorMs,
      busyFloor: m.oursBusyMs / m.floorMs,
      oursNaive: m.oursWallMs / m.naiveMs,
      oursMarkjs: m.oursWallMs / m.markjsMs,
      mainFloor: m.extMainMs / m.floorMs,
      framesMarkjs: m.extFramesMs / m.markjsMs,
    },
    limitMs: limitFor(variant, m.floorMs),
  };
}

// ---------------------------------------------------------------- typing
interface TypingResult {
  field: 'contenteditable' | 'textarea';
  measure: string;
  keystrokes: number;
  samples: number[];
  p50: number;
  p95: number;
  max: number;
  note?: string;
}

const TYPED = ' the internal customers of the service desk agree ';
const KEY_GAP_MS = 300;

async function measureTyping(ext: ChromiumSession, server: BenchServer, field: 'contenteditable' | 'textarea'): Promise<TypingResult[]> {
  const page = await ext.context.newPage();
  page.setDefaultTimeout(SCAN_TIMEOUT_MS);
  await page.goto(server.url(`/gen/${field}.html`), { waitUntil: 'load' });
  const first = await poll<OursRun>(page, js.READ_OURS, undefined, SCAN_TIMEOUT_MS);
  if (!first) throw new Error(`${field}: no first scan`);
  await page.waitForTimeout(300);
  await evaluate(page, js.PLACE_CARET);
  const since = await evaluate<number>(page, '() => performance.now()');
  const text = TYPED.slice(0, 50).padEnd(50, 'x');
  // One key at a time, with room for the debounced rescan (100 ms) in between, so that each
  // keystroke gets a rescan of its own (typing faster only batches keystrokes into fewer rescans).
  for (const ch of text) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(KEY_GAP_MS);
  }
  await page.waitForTimeout(500);
  const out: TypingResult[] = [];
  // The field overlay's scan after a pause in typing, and its mirror written in the next frame.
  for (const measure of ['partner-lens:rescan', 'partner-lens:field-scan', 'partner-lens:field-write']) {
    const samples = await evaluate<number[]>(page, js.MEASURES_SINCE, { name: measure, since });
    out.push({
      field,
      measure,
      keystrokes: text.length,
      samples,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: samples.length ? Math.max(...samples) : NaN,
      ...(samples.length === 0
        ? { note: measure === 'partner-lens:rescan' ? 'no rescans' : 'n/a (this measure is for textarea/input fields)' }
        : {}),
    });
  }
  await page.close();
  return out;
}

// ---------------------------------------------------------------- popup
interface PopupTimes {
  /** The first figures in the DOM (the popup's `partner-lens:popup-figures` mark), from the navigation's start. */
  figures: number[];
  /** A task after the frame that draws them (`partner-lens:popup-figures-painted`). */
  painted: number[];
}

interface PopupResult {
  /** The service worker running, as after any recent message. */
  warm: PopupTimes;
  /** The service worker stopped first, as after half a minute without a message. */
  cold: PopupTimes;
  /** First contentful paint of an extension page holding one line of text: the floor. */
  blankPaintMs: number[];
  median: { figures: number; painted: number; coldFigures: number; coldPainted: number; blankPaint: number };
  rows: number;
  importMs?: number;
  note?: string;
}

const POPUP_MARK = 'partner-lens:popup-figures';
const READ_POPUP_MARK = `() => { const e = performance.getEntriesByName('${POPUP_MARK}')[0]; return e ? e.startTime : null; }`;
const READ_POPUP_PAINTED = `() => { const e = performance.getEntriesByName('${POPUP_MARK}-painted')[0]; return e ? e.startTime : null; }`;
const READ_FIRST_PAINT = `() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`;
/** Written into the benchmark's copy of the build (never shipped): the floor for an extension page. */
const BLANK_PAGE = 'bench-blank.html';

async function stopServiceWorker(ext: ChromiumSession): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(ext.extensionUrl(BLANK_PAGE));
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.close();
}

async function measurePopup(ext: ChromiumSession, runs: number): Promise<PopupResult> {
  const popupUrl = ext.extensionUrl('popup.html');
  const empty = (): PopupTimes => ({ figures: [], painted: [] });
  const none = { figures: NaN, painted: NaN, coldFigures: NaN, coldPainted: NaN, blankPaint: NaN };
  // Does the popup mark its first figures at all? (It is being written.)
  {
    const page = await ext.context.newPage();
    await page.goto(popupUrl);
    const at = await poll<number>(page, READ_POPUP_MARK, undefined, 5000);
    await page.close();
    if (at === null) return { warm: empty(), cold: empty(), blankPaintMs: [], median: none, rows: 0, note: `n/a (the popup sets no ${POPUP_MARK} mark yet)` };
  }
  const { data, rows } = seedData(400, 50);
  const seeder = await ext.context.newPage();
  await seeder.goto(popupUrl);
  const t0 = Date.now();
  const reply = await evaluate<unknown>(seeder, `(data) => chrome.runtime.sendMessage({ type: 'import', data })`, data);
  const importMs = Date.now() - t0;
  await seeder.close();
  if (!reply || typeof reply !== 'object') throw new Error(`import failed: ${JSON.stringify(reply)}`);
  const warm = empty();
  const cold = empty();
  const blankPaintMs: number[] = [];
  const open = async (into: PopupTimes) => {
    const page = await ext.context.newPage();
    await page.goto(popupUrl);
    const at = await poll<number>(page, READ_POPUP_MARK, undefined, 30_000);
    const painted = await poll<number>(page, READ_POPUP_PAINTED, undefined, 5000);
    await page.close();
    if (at !== null) into.figures.push(at);
    if (painted !== null) into.painted.push(painted);
  };
  for (let i = 0; i < runs; i++) {
    const blank = await ext.context.newPage();
    await blank.goto(ext.extensionUrl(BLANK_PAGE));
    const paint = await poll<number>(blank, READ_FIRST_PAINT, undefined, 5000);
    await blank.close();
    if (paint !== null) blankPaintMs.push(paint);
    await open(warm);
    await stopServiceWorker(ext);
    await open(cold);
  }
  return {
    warm,
    cold,
    blankPaintMs,
    median: {
      figures: median(warm.figures),
      painted: median(warm.painted),
      coldFigures: median(cold.figures),
      coldPainted: median(cold.painted),
      blankPaint: median(blankPaintMs),
    },
    rows,
    importMs,
  };
}

// ---------------------------------------------------------------- matcher (Node)
function matcherBench(): { ratio: number; output: string } {
  const out = spawnSync('npx', ['tsx', 'tests/bench/matcher.ts'], { cwd: ROOT, encoding: 'utf8' });
  const output = (out.stdout ?? '') + (out.stderr ?? '');
  const m = /ratio: ([\d.]+)x/.exec(output);
  return { ratio: m ? Number(m[1]) : NaN, output: output.trim() };
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.corpus)) usage(`no corpus folder at ${args.corpus}`);
  let pages = readdirSync(args.corpus).filter((f) => /\.html?$/.test(f)).sort();
  if (args.only) pages = pages.filter((p) => p === args.only || p.replace(/\.html?$/, '') === args.only);
  if (pages.length === 0) usage(`no pages to measure in ${args.corpus}${args.only ? ` named ${args.only}` : ''}`);

  if (args.build === CHROME_BUILD && !existsSync(join(CHROME_BUILD, 'manifest.json'))) {
    console.log('No build in .output/chrome-mv3: building (npx wxt build)…');
    const b = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  if (!existsSync(join(args.build, 'manifest.json'))) usage(`no extension build in ${args.build}`);
  // What runs on every page: the content scripts the manifest lists and the app they import (when the build has one).
  const manifest = JSON.parse(readFileSync(join(args.build, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[] }[] };
  const everyPage = [...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? []), 'content-app.js']
    .map((f) => join(args.build, f))
    .filter((f) => existsSync(f));
  const contentSize = everyPage.reduce(
    (sum, f) => {
      const bytes = readFileSync(f);
      return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes).length };
    },
    { raw: 0, gzip: 0 },
  );

  // A private copy of the build: others may rebuild .output while the benchmark runs.
  const buildCopy = mkdtempSync(join(tmpdir(), 'partner-lens-bench-build-'));
  cpSync(args.build, buildCopy, { recursive: true });
  writeFileSync(join(buildCopy, BLANK_PAGE), '<!doctype html><meta charset="utf-8"><title>Blank</title><p>One line of text.</p>');
  // First, on a quiet machine: start-up of a freshly launched browser (tests/bench/startup.ts).
  const startup: StartupResult | null = args.startup ? await measureStartup({ extensionDir: buildCopy, runs: args.runs }) : null;
  const server = await serveBench(args.corpus, ROOT);
  const ext = await launchChromium({ extensionDir: buildCopy });
  await ext.context.addInitScript({ content: js.INIT_SCRIPT });
  const emptyDir = writeEmptyExtension();
  const empty = await launchChromium({ extensionDir: emptyDir });
  let plainBrowser: Browser | null = null;
  let plain: BrowserContext | null = null;
  if (args.baselines) {
    plainBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    plain = await plainBrowser.newContext();
    await plain.addInitScript({ content: js.INIT_SCRIPT });
  }
  const version = plainBrowser?.version() ?? ext.context.browser()?.version() ?? 'unknown';
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    chromium: version,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log(`Chromium ${machine.chromium}, ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; ${args.runs} runs per page`);

  const results: PageResult[] = [];
  let typing: TypingResult[] = [];
  let popup: PopupResult | null = null;
  try {
    for (const name of pages) {
      for (const variant of ['plain', 'phrases'] as const) {
        process.stdout.write(`${name} (${variant}) `);
        const res = await measurePage(ext, empty, plain, server, name, variant, args.runs);
        results.push(res);
        process.stdout.write(
          ` main thread CPU +${ms(res.median.extMainMs)} ms (task time +${ms(res.median.extTaskMs)} ms), our tasks ${ms(res.median.tasksMs)} ms, our frames ${ms(res.median.extFramesMs)} ms, script start ${ms(res.median.injectMs)} ms (empty ${ms(res.median.emptyInjectMs)} ms), floor ${ms(res.median.floorMs)} ms\n`,
        );
      }
    }
    if (args.typing) {
      for (const field of ['contenteditable', 'textarea'] as const) typing.push(...(await measureTyping(ext, server, field)));
    }
    if (args.popup) popup = await measurePopup(ext, Math.max(5, args.runs));
  } finally {
    await ext.close();
    await empty.close();
    rmSync(emptyDir, { recursive: true, force: true });
    await plainBrowser?.close();
    await server.close();
    rmSync(buildCopy, { recursive: true, force: true });
  }
  const matcher = matcherBench();

  // ------------------------------------------------------------ the table and the targets
  const mainRuns = (r: PageResult) => r.runs.outside.map((o) => o.withMs - o.withoutMs);
  const mainVerdict = (r: PageResult) => againstLimit(mainRuns(r), r.limitMs);
  const taskRuns = (r: PageResult) => r.runs.outside.map((o) => o.tasksMs);
  const tasksVerdict = (r: PageResult) => againstLimit(taskRuns(r), r.limitMs);
  const outsideHeader = ['page', 'variant', 'floor', 'main thread CPU Δ', 'Δ of each run', 'task time Δ', 'our tasks (CPU)', 'our frames', 'script start (empty)', 'limit', 'Δ holds', 'our tasks hold', 'Δ/floor', 'later passes (busy)', 'mark.js', 'mark.js/our frames'];
  const outsideLines = [
    `| ${outsideHeader.join(' | ')} |`,
    `|${outsideHeader.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`,
    ...results.map((r) => {
      const m = r.median;
      return `| ${[
        r.page,
        r.variant === 'phrases' ? `phrases (${r.inserted})` : 'as is',
        `${ms(m.floorMs)} ms`,
        `${ms(m.extMainMs)} ms`,
        // The spread says how far one median can be trusted: the page's own work varies by more than ours.
        r.runs.outside.map((o) => ms(o.withMs - o.withoutMs)).join(', '),
        `${ms(m.extTaskMs)} ms`,
        `${ms(m.tasksMs)} ms (${ms(m.tasksCpuMs)} ms)`,
        `${ms(m.extFramesMs)} ms`,
        `${ms(m.injectMs)} ms (${ms(m.emptyInjectMs)} ms)`,
        `${ms(r.limitMs)} ms`,
        VERDICT_TEXT[mainVerdict(r)],
        VERDICT_TEXT[tasksVerdict(r)],
        ratio(r.ratios.mainFloor),
        `${m.laterPasses} (${ms(m.laterBusyMs)} ms)`,
        `${ms(m.markjsMs)} ms`,
        ratio(m.markjsMs / m.extFramesMs),
      ].join(' | ')} |`;
    }),
  ];
  const lines: string[] = [];
  const header = ['page', 'variant', 'ours wall', 'ours busy', 'floor', 'naive', 'mark.js', 'ours/floor', 'busy/floor', 'ours/naive', 'ours/mark.js', 'matches ours/floor', 'longest slice (max)', 'long task', 'heap Δ', 'nodes Δ ours/naive/mark.js'];
  lines.push(`| ${header.join(' | ')} |`);
  lines.push(`|${header.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`);
  for (const r of results) {
    const m = r.median;
    lines.push(
      `| ${[
        r.page,
        r.variant === 'phrases' ? `phrases (${r.inserted})` : 'as is',
        `${ms(m.oursWallMs)} ms`,
        `${ms(m.oursBusyMs)} ms`,
        `${ms(m.floorMs)} ms`,
        `${ms(m.naiveMs)} ms`,
        `${ms(m.markjsMs)} ms`,
        ratio(r.ratios.oursFloor),
        ratio(r.ratios.busyFloor),
        ratio(r.ratios.oursNaive),
        ratio(r.ratios.oursMarkjs),
        `${m.ranges} / ${m.floorMatches}`,
        `${ms(m.longestSliceMs)} (${ms(m.maxSliceMs, 0)}) ms`,
        `${ms(m.longTaskMs, 0)} ms`,
        `${m.heapDeltaMB.toFixed(1)} MB`,
        `${m.nodesDelta} / ${m.nodesNaiveDelta} / ${m.nodesMarkjsDelta}`,
      ].join(' | ')} |`,
    );
  }
  const typingLines = [
    '| field | measure | keystrokes | rescans | p50 | p95 | max |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...typing.map((t) =>
      t.samples.length
        ? `| ${t.field} | ${t.measure} | ${t.keystrokes} | ${t.samples.length} | ${ms(t.p50, 2)} ms | ${ms(t.p95, 2)} ms | ${ms(t.max, 2)} ms |`
        : `| ${t.field} | ${t.measure} | ${t.keystrokes} | 0 | ${t.note} | | |`,
    ),
  ];

  /** `unclear`: the runs' spread straddles the limit, so they cannot say (verdict.ts). */
  type Verdict = { target: string; holds: boolean | null | 'unclear'; detail: string };
  const verdicts: Verdict[] = [];
  const worst = (xs: PageResult[], f: (r: PageResult) => number) =>
    xs.reduce<PageResult | null>((w, r) => (w === null || f(r) > f(w) ? r : w), null);
  for (const variant of ['plain', 'phrases'] as const) {
    const rs = results.filter((r) => r.variant === variant);
    if (!rs.length || !plain) continue;
    const by = (v: LimitVerdict) => rs.filter((r) => mainVerdict(r) === v);
    const fails = by('fails');
    const unclear = by('unclear');
    const w = worst(rs, (r) => r.median.extMainMs - r.limitMs)!;
    const iv = medianInterval(mainRuns(w));
    verdicts.push({
      target: variant === 'plain' ? 'main thread CPU Δ ≤ 1.5× floor + 2 ms, pages as is' : 'main thread CPU Δ ≤ 2× floor + 5 ms, pages with phrases',
      holds: fails.length ? false : unclear.length ? 'unclear' : true,
      detail:
        `holds on ${by('holds').length}, fails on ${fails.length}, cannot tell on ${unclear.length} of ${rs.length} pages ` +
        `(the median's ${Math.round(iv.coverage * 100)} % interval from the runs, against the limit; medians alone: ` +
        `${rs.filter((r) => r.median.extMainMs <= r.limitMs).length}/${rs.length} under); furthest over: ${w.page}, ` +
        `${ms(w.median.extMainMs)} ms [${ms(iv.low)}, ${ms(iv.high)}] for a limit of ${ms(w.limitMs)} ms (our frames ${ms(w.median.extFramesMs)} ms)`,
    });
    // The same limits for the tasks we ran (our-tasks.ts), whose runs spread over milliseconds,
    // not hundreds: what the Δ would say if the page's own load did not drown it (the rendering
    // our highlights cause in the page's frames is not in it).
    const byTasks = (v: LimitVerdict) => rs.filter((r) => tasksVerdict(r) === v);
    const wt = worst(rs, (r) => r.median.tasksMs - r.limitMs)!;
    const ivt = medianInterval(taskRuns(wt));
    verdicts.push({
      target: variant === 'plain' ? 'our tasks (trace) ≤ 1.5× floor + 2 ms, pages as is' : 'our tasks (trace) ≤ 2× floor + 5 ms, pages with phrases',
      holds: byTasks('fails').length ? false : byTasks('unclear').length ? 'unclear' : true,
      detail:
        `holds on ${byTasks('holds').length}, fails on ${byTasks('fails').length}, cannot tell on ${byTasks('unclear').length} of ${rs.length} pages; ` +
        `furthest over: ${wt.page}, ${ms(wt.median.tasksMs)} ms [${ms(ivt.low)}, ${ms(ivt.high)}] for a limit of ${ms(wt.limitMs)} ms`,
    });
  }
  if (plain) {
    const rs = results.filter((r) => r.variant === 'phrases');
    const w = worst(rs, (r) => r.ratios.framesMarkjs)!;
    verdicts.push({
      target: '≥ 10× faster than mark.js with phrases (our frames vs mark.js)',
      holds: rs.every((r) => r.ratios.framesMarkjs <= 0.1),
      detail: `least speed-up ${ms(1 / w.ratios.framesMarkjs, 1)}× on ${w.page}`,
    });
  }
  {
    const w = worst(results, (r) => r.ratios.oursFloor)!;
    const wb = worst(results, (r) => r.ratios.busyFloor)!;
    verdicts.push({
      target: 'ours ≤ 2× floor on every page (wall time)',
      holds: w.ratios.oursFloor <= 2,
      detail: `worst ${ratio(w.ratios.oursFloor)} on ${w.page} (${w.variant}); busy time worst ${ratio(wb.ratios.busyFloor)} on ${wb.page} (${wb.variant})`,
    });
  }
  if (plain) {
    const withPhrases = results.filter((r) => r.variant === 'phrases');
    const asIs = results.filter((r) => r.variant === 'plain');
    const wp = worst(withPhrases, (r) => r.ratios.oursMarkjs)!;
    const wa = worst(asIs, (r) => r.ratios.oursMarkjs)!;
    verdicts.push({
      target: 'ours ≥ 5× faster than mark.js on pages with phrases',
      holds: withPhrases.every((r) => r.ratios.oursMarkjs <= 0.2),
      detail: `least speed-up ${ms(1 / wp.ratios.oursMarkjs, 1)}× on ${wp.page}`,
    });
    verdicts.push({
      target: 'ours not slower than mark.js on pages as they are',
      holds: asIs.every((r) => r.ratios.oursMarkjs <= 1),
      detail: `worst ours/mark.js ${ratio(wa.ratios.oursMarkjs)} on ${wa.page}`,
    });
  }
  {
    const differ = results.filter((r) => r.median.ranges !== r.median.floorMatches);
    verdicts.push({
      target: 'same number of matches as the floor',
      holds: differ.length === 0,
      detail: differ.length ? differ.map((r) => `${r.page} (${r.variant}): ${r.median.ranges} vs ${r.median.floorMatches}`).join('; ') : 'equal on every page',
    });
  }
  {
    const longest = worst(results, (r) => r.median.longestSliceMs)!;
    const max = worst(results, (r) => r.median.maxSliceMs)!;
    const longTask = Math.max(...results.map((r) => r.median.longTaskMs));
    // From outside: the longest task the trace shows us running (our part of it), judged like the
    // slices on the median of runs; the longest of any run is given with its CPU time, which tells
    // a task of ours from one that waited for a core while the machine was busy.
    const tracedOf = (r: PageResult) => median(r.runs.outside.map((o) => o.longestTaskMs));
    const traced = worst(results, tracedOf)!;
    const runs = results.flatMap((r) => r.runs.outside.map((o) => ({ r, o })));
    const maxRun = runs.reduce((a, b) => (b.o.longestTaskMs > a.o.longestTaskMs ? b : a));
    verdicts.push({
      target: 'no task of ours over 50 ms',
      holds: longest.median.longestSliceMs <= 50 && !(tracedOf(traced) > 50),
      detail:
        `longest slice, median of runs: ${ms(longest.median.longestSliceMs)} ms on ${longest.page} (${longest.variant}); longest in any run ${ms(max.median.maxSliceMs)} ms on ${max.page} (${max.variant}); ` +
        `longest task of ours in the traces, median of runs: ${ms(tracedOf(traced))} ms on ${traced.page} (${traced.variant}); in any run ${ms(maxRun.o.longestTaskMs)} ms ` +
        `(CPU ${ms(maxRun.o.longestTaskCpuMs)} ms) on ${maxRun.r.page} (${maxRun.r.variant}); longest 'longtask' entry during our scans (anyone's) ${ms(longTask, 0)} ms`,
    });
  }
  for (const t of typing) {
    if (t.measure !== 'partner-lens:rescan' && t.samples.length === 0) {
      if (t.measure === 'partner-lens:field-scan') verdicts.push({ target: `typing p95 ≤ 1 ms (${t.field}, field scan)`, holds: null, detail: t.note ?? 'n/a' });
      continue;
    }
    if (t.samples.length === 0) continue;
    verdicts.push({ target: `typing p95 ≤ 1 ms (${t.field}, ${t.measure})`, holds: t.p95 <= 1, detail: `p95 ${ms(t.p95, 2)} ms over ${t.samples.length} rescans` });
  }
  verdicts.push({
    target: 'content script + app ≤ 30 kB gzip',
    holds: contentSize.gzip <= 30_000,
    detail: `${(contentSize.gzip / 1000).toFixed(1)} kB gzip (${(contentSize.raw / 1000).toFixed(1)} kB raw)`,
  });
  if (popup) {
    const m = popup.median;
    verdicts.push({
      target: 'popup first figures ≤ 100 ms',
      holds: popup.warm.figures.length ? m.figures <= 100 : null,
      detail:
        popup.note ??
        `median ${ms(m.figures)} ms from the navigation's start with ${popup.rows} daily rows (painted ${ms(m.painted)} ms); with the service worker stopped first ${ms(m.coldFigures)} ms (painted ${ms(m.coldPainted)} ms); an extension page with one line of text paints at ${ms(m.blankPaint)} ms (the floor)`,
    });
  }
  if (startup) verdicts.push(...startupVerdicts(startup));
  const verdictLines = [
    '| target | holds | detail |',
    '|---|---|---|',
    ...verdicts.map((v) => `| ${v.target} | ${v.holds === null ? 'n/a' : v.holds === 'unclear' ? 'cannot tell' : v.holds ? 'yes' : '**no**'} | ${v.detail} |`),
  ];

  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  console.log('');
  console.log(outsideLines.join('\n'));
  console.log('');
  console.log(lines.join('\n'));
  console.log('');
  if (typing.length) console.log(typingLines.join('\n') + '\n');
  if (popup) {
    const m = popup.median;
    console.log(
      `popup: ${popup.note ?? `first figures median ${ms(m.figures)} ms (painted ${ms(m.painted)} ms); service worker stopped first ${ms(m.coldFigures)} ms (painted ${ms(m.coldPainted)} ms); floor ${ms(m.blankPaint)} ms (${popup.rows} rows; import ${popup.importMs} ms)`}\n`,
    );
  }
  console.log(`content script and the app it imports: ${(contentSize.gzip / 1000).toFixed(1)} kB gzip, ${(contentSize.raw / 1000).toFixed(1)} kB raw`);
  console.log(`matcher (Node, npx tsx tests/bench/matcher.ts): ${matcher.ratio}× a single /internal/gi pass`);
  console.log('');
  console.log(verdictLines.join('\n'));
  console.log(`\n${command}; ${machine.cores} cores, Chromium ${machine.chromium}, Node ${machine.node}`);

  writeFileSync(
    resolve(ROOT, args.out),
    JSON.stringify(
      { when: new Date().toISOString(), command, machine, runs: args.runs, contentSize, matcher, pages: results, typing, popup, startup, verdicts, markdown: { outside: outsideLines, pages: lines, typing: typingLines, verdicts: verdictLines } },
      null,
      1,
    ),
  );
  console.log(`results: ${resolve(ROOT, args.out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
