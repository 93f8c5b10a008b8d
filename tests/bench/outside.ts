// What the extension costs a page, measured from outside the page: the renderer's main-thread
// CPU time (CDP `Performance.getMetrics` ThreadTime) of a page load with the extension minus the
// same load without it (and the tasks' wall time, TaskDuration, beside it), and the time a CPU profile spends in the extension's own frames
// (everything our scripts run, native calls made from them included), and from a trace, what
// injecting and evaluating content scripts took (Chromium's `ScriptInjection::InjectJs` events):
// the fixed cost a content script pays on every page before it reads any text, which a CPU
// profile does not see (compiling is not a frame) and the main-thread Δ is too noisy to show.
// A module the content script imports is compiled and evaluated outside those events: its
// `v8.compileModule` (our URL) and `v8.evaluateModule` (an isolated world's) are added.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { OUR_TASKS_CATEGORIES, ourTaskTime, type OurTaskTime, type TraceEvent } from './our-tasks';

/** The parts of a CDP `Profiler.Profile` read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface LoadOptions {
  /** Milliseconds to wait once the page is ready (its own after-load scripts, our rescans). */
  quietMs: number;
  /** Resolves when the page is ready to be read (our first scan done, or simply loaded). */
  ready: (page: Page) => Promise<void>;
  profile?: boolean;
  /** Trace the load's content-script injections (`injectMs`). */
  trace?: boolean;
  /**
   * Trace the load for the tasks our extension ran (`ours`, our-tasks.ts). Its categories record
   * JavaScript stacks, which costs the page a little: a load of its own, not a `trace` one.
   */
  taskTrace?: boolean;
  timeoutMs: number;
}

export interface LoadResult {
  page: Page;
  /** Main-thread task time (wall clock) of the renderer from the document's commit to the end of the quiet time. */
  taskMs: number;
  /**
   * The main thread's CPU time over the same span. On two cores the tasks' wall time also counts
   * the time the thread waited for a core (three baselines of one page agreed within 7 ms on this
   * and differed by up to 400 ms on TaskDuration), so this is the figure the outside Δ is read from.
   */
  cpuMs: number;
  /** Time in frames whose script comes from `chrome-extension://` (profiled loads only). */
  extensionMs: number;
  /** From navigation start to the reading, for the load without the extension to wait as long. */
  elapsedMs: number;
  /** Content-script injection and evaluation (traced loads only), every frame of the page. */
  injectMs: number;
  /** The same by kind (traced loads only). */
  injectParts: InjectionParts | null;
  /** The main-thread tasks our extension ran, from the trace (`taskTrace` loads only). */
  ours: OurTaskTime | null;
}

/** The trace event that wraps one content script's injection: compile and top-level run included. */
const INJECT_EVENT = 'ScriptInjection::InjectJs';
/** Trace categories: the injections (`extensions`) and the modules content scripts import (`v8`). */
export const TRACE_CATEGORIES = 'extensions,v8';

/** Content-script work in a trace, by kind, in milliseconds. */
export interface InjectionParts {
  /** The injected scripts: compile and top-level run. */
  inject: number;
  /** Compiling the extension modules they import (little once V8's code cache has them). */
  compileModule: number;
  /** Evaluating those modules: their top-level code. */
  evaluateModule: number;
}

const urlOf = (e: TraceEvent): string => {
  const data = e.args?.data as { url?: unknown } | undefined;
  return typeof data?.url === 'string' ? data.url : '';
};

/**
 * Content-script work in a trace: injections, and the compiling and evaluating of extension
 * modules imported into an isolated world (the page's own modules run in its main world, which
 * has no name).
 */
export function injectionParts(events: readonly TraceEvent[]): InjectionParts {
  const parts = { inject: 0, compileModule: 0, evaluateModule: 0 };
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const ms = (e.dur ?? 0) / 1000;
    if (e.name === INJECT_EVENT) parts.inject += ms;
    else if (e.name === 'v8.compileModule' && /^(chrome|moz)-extension:/.test(urlOf(e))) parts.compileModule += ms;
    else if (e.name === 'v8.evaluateModule' && !!e.args?.worldName) parts.evaluateModule += ms;
  }
  return parts;
}

/** Milliseconds of content-script work in a trace (`injectionParts`, summed). */
export function injectionTime(events: readonly TraceEvent[]): number {
  const { inject, compileModule, evaluateModule } = injectionParts(events);
  return inject + compileModule + evaluateModule;
}

/** The renderer main thread's task time (wall clock) and CPU time so far, in seconds. */
async function threadSeconds(cdp: CDPSession): Promise<{ task: number; cpu: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const read = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: read('TaskDuration'), cpu: read('ThreadTime') };
}

/** Loads `url` in a new page of `context` and measures it; the caller closes `result.page`. */
export async function measuredLoad(context: BrowserContext, url: string, opts: LoadOptions): Promise<LoadResult> {
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeoutMs);
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    if (opts.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const events: TraceEvent[] = [];
    let traced: Promise<unknown> | null = null;
    if (opts.trace || opts.taskTrace) {
      cdp.on('Tracing.dataCollected', (d: { value: object[] }) => void events.push(...(d.value as TraceEvent[])));
      traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.start', { categories: opts.taskTrace ? OUR_TASKS_CATEGORIES : TRACE_CATEGORIES, transferMode: 'ReportEvents' });
    }
    // A renderer reused from a closed page may still be tearing that page down: let it finish
    // first, so that its garbage is not counted against the next load.
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    await page.waitForTimeout(300);
    const t0 = Date.now();
    // Read from the moment the page's document commits: its renderer may be a fresh process or
    // one reused from an earlier page (whose time is already counted), never the blank page's.
    await page.goto(url, { waitUntil: 'commit', timeout: opts.timeoutMs });
    const start = await threadSeconds(cdp);
    await page.waitForLoadState('load', { timeout: opts.timeoutMs });
    await opts.ready(page);
    await page.waitForTimeout(opts.quietMs);
    const end = await threadSeconds(cdp);
    const taskMs = (end.task - start.task) * 1000;
    const cpuMs = (end.cpu - start.cpu) * 1000;
    const elapsedMs = Date.now() - t0;
    let extensionMs = NaN;
    if (opts.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      extensionMs = extensionTime(profile);
    }
    let injectMs = NaN;
    let injectParts: InjectionParts | null = null;
    let ours: OurTaskTime | null = null;
    if (traced) {
      await cdp.send('Tracing.end');
      await traced;
      injectParts = injectionParts(events);
      injectMs = injectionTime(events);
      if (opts.taskTrace) ours = ourTaskTime(events);
    }
    return { page, taskMs, cpuMs, extensionMs, elapsedMs, injectMs, injectParts, ours };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Sampled time whose stack holds at least one frame of an extension's script. */
export function extensionTime(profile: CpuProfile): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const url = byId.get(id)?.callFrame.url ?? '';
    const p = parent.get(id);
    const v = url.startsWith('chrome-extension://') || url.startsWith('moz-extension://') || (p !== undefined && isOurs(p));
    ours.set(id, v);
    return v;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let us = 0;
  // timeDeltas[i + 1] is the time from sample i to the next one: the time sample i stands for.
  for (let i = 0; i < samples.length; i++) if (isOurs(samples[i]!)) us += deltas[i + 1] ?? 0;
  return us / 1000;
}
