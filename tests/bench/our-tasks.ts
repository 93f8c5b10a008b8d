// What our content script costs a page's main thread, read from outside the page in a Chromium
// trace: the renderer main threads' tasks in which our extension ran, each counted once and whole
// (the native work our code sets off inside them, forced style and layout, highlight registration,
// garbage collection, is part of the task), every other task left out. Far less noisy than
// "main-thread time with the extension minus without", which carries the whole page's spread.
//
// Whole, except in a task the page shares: our `DOMContentLoaded` listener runs in the parser's
// last task beside the page's listeners (a 476 ms task for a 0.7 ms listener on texinfo-bash-reference),
// our `requestAnimationFrame` callback inside the frame the page renders, our injection at
// `document_start` inside a parser task. There only our own spans count (`ms`; `wholeMs` has them whole).
//
// A task is ours when one of its events shows our extension (as Chromium 156 writes them):
// - a script URL of ours: `EvaluateScript`, `FunctionCall` (inside `TimerFire`,
//   `FireAnimationFrame`, `EventDispatch`…), `v8.compile`, `v8.compileModule` (`args.data.url`,
//   `args.fileName`), and the JavaScript stack devtools.timeline records on
//   `ScheduleYieldContinuation`, `TimerInstall`, `RequestAnimationFrame`, `SchedulePostMessage`,
//   `InvalidateLayout`… and on a forced `Layout` (`args.data.stackTrace[].url`, `args.beginData…`).
// - an isolated world of an extension: `v8.callFunction`, `v8.evaluateModule`, `v8.run` carry
//   `args.worldName` (the extension's name) when they run in one. A `chrome.runtime.onMessage`
//   listener shows this way only (its `FunctionCall` has an empty URL: the bindings' own code).
// - the extension's id: `ScriptInjection::InjectJs` (injecting a content script, compile and
//   top-level run included), `NativeExtensionBindingsSystem::SendRequest` and
//   `MainThreadIPCMessageSender::SendOpenMessageChannel/extension` (an extension API call or
//   `runtime.sendMessage`), in `args.chrome_extension_id.extension_id`.
// - the answer to an extension API call or message (`Receive mojo message`/`reply` on
//   `extensions.mojom.MessagePort`, `LocalFrameHost`, `EventDispatcher`): the promise continuations
//   it resumes run in that task's microtask checkpoint, with no URL. (Any extension's: no id.)
// - a continuation of our code, when the trace has category `blink`: a Blink async task
//   (`AsyncTask Scheduled` flow: `scheduler.yield()`, timers, `postMessage`…) scheduled by our code.
//
// Not seen: promise continuations (microtasks) carry no URL or world. Our scan resumes after
// `await scheduler.yield()` in a microtask checkpoint; each slice is found by the stack on the
// `ScheduleYieldContinuation` it ends with (the last one by the timer, message or frame it asks
// for). A continuation that does none of these, or that runs in a task of the page's, is missed:
// on the corpus pages none was (every sample of an in-trace CPU profile in our frames fell in a task found here).

/**
 * The trace categories `ourTaskTime` needs (the smallest set that, on Chromium 156, finds every
 * task in which a CPU profile sampled our frames). Add `blink` for the `AsyncTask` flows, which
 * find a continuation of our code even when nothing in it leaves a stack; not needed for ours now.
 */
export const OUR_TASKS_CATEGORIES = [
  // ThreadControllerImpl::RunTask (the tasks) and the scheduler's microtask checkpoint after each;
  // Receive mojo message/reply, with the interface. (`disabled-by-default-devtools.timeline` has
  // `RunTask`, which wraps both, at the price of many more events: not needed.)
  'toplevel',
  // EvaluateScript, FunctionCall, v8.compileModule with their URLs; the timeline's instants.
  'devtools.timeline',
  // Stacks on those instants: where our code yielded (`scheduler.yield()` continuations run as
  // microtasks, with no URL), set a timer, asked for a frame. Without it half our scan is unseen.
  'disabled-by-default-devtools.timeline.stack',
  // v8.callFunction, v8.evaluateModule, v8.run with their world's name.
  'v8',
  // ScriptInjection::InjectJs, extension API calls and messages.
  'extensions',
].join(',');

/** One Chrome trace event, the fields read here (timestamps and durations in microseconds). */
export interface TraceEvent {
  name: string;
  ph: string;
  cat?: string;
  ts?: number;
  dur?: number;
  /** Thread (CPU) time: the stamp, and an 'X' event's length in it. */
  tts?: number;
  tdur?: number;
  pid?: number;
  tid?: number;
  id?: string | number;
  args?: Record<string, unknown>;
}

export const isExtensionUrl = (url: string): boolean => /^(chrome|moz)-extension:\/\//.test(url);

/**
 * Isolated worlds that are not an extension's: the ones browser automation makes to run its own
 * scripts (Playwright's utility world, Puppeteer's, DevTools').
 */
const AUTOMATION_WORLD = /^(__playwright|__puppeteer|devtools|__devtools)/i;
export const isExtensionWorld = (worldName: string): boolean => worldName !== '' && !AUTOMATION_WORLD.test(worldName);

/** Spans that wrap a run of tasks rather than one (category `base`). */
const NOT_A_TASK = new Set(['ThreadController active']);
/**
 * The end of a task: with `toplevel` alone, the scheduler's microtask checkpoint after a task is
 * a sibling of `ThreadControllerImpl::RunTask`, not inside it (`RunTask` wraps both).
 */
const TASK_TAIL = new Set(['BlinkScheduler_OnTaskCompleted', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
/** Messages to the renderer that answer an extension API call or carry an extension message. */
const EXTENSION_MESSAGES = new Set(['extensions.mojom.MessagePort', 'extensions.mojom.LocalFrameHost', 'extensions.mojom.EventDispatcher']);
const MOJO_EVENTS = new Set(['Receive mojo message', 'Receive mojo reply']);
/** Flows from where JavaScript scheduled something to where it runs. */
const ASYNC_FLOWS = new Set(['AsyncTask Scheduled']);
/** Spans that run script: the page's, when none of ours holds them, make a task shared. */
const SCRIPT_SPANS = new Set(['v8.callFunction', 'v8.run', 'v8.evaluateModule', 'EvaluateScript', 'FunctionCall']);
/** The page's own work of another kind: parsing, rendering a frame. */
const PAGE_WORK = new Set(['ParseHTML', 'PrePaint', 'Paint']);
/** Argument names that hold a script's URL (in `data`, in stack frames, in `beginData`…). */
const URL_KEYS = new Set(['url', 'scriptName', 'fileName', 'sourceURL']);

/** How a task was found to be ours. */
export type OurReason =
  /** An event of our script, world or extension id. */
  | 'code'
  /** The answer to an extension API call or message. */
  | 'message'
  /** A continuation of our code (an async flow from one of our tasks). */
  | 'continuation';

export interface OurTask {
  pid: number;
  tid: number;
  /** Start, microseconds. */
  ts: number;
  /** Duration, microseconds (with the microtask checkpoint joined to it, if it was apart). */
  dur: number;
  reason: OurReason;
  /** The event that showed it. */
  evidence: string;
  /**
   * Whether the page did work of its own in the task: its scripts ran (its `DOMContentLoaded`
   * listeners beside ours), the parser parsed (our injection at `document_start` runs inside a
   * parser task), a frame was rendered (our `requestAnimationFrame` callback runs inside one).
   */
  shared: boolean;
  /** Microseconds of ours in it: the whole task, or in a shared one our own spans only. */
  ownDur: number;
  /** Those parts: the task, or our outermost spans in a shared one (start and duration, microseconds). */
  own: { ts: number; dur: number }[];
  /** The thread's CPU time in those parts, microseconds (NaN if the trace has no thread time at all). */
  ownCpu: number;
}

interface Span {
  ts: number;
  end: number;
  /** Thread time, µs (0 when not recorded: Chromium leaves it out of events of a microsecond or so). */
  cpu: number;
  e: TraceEvent;
}

interface Task {
  pid: number;
  tid: number;
  ts: number;
  end: number;
  dur: number;
  cpu: number;
  spans: Span[];
  points: TraceEvent[];
}

const threadKey = (e: TraceEvent) => `${e.pid ?? 0}:${e.tid ?? 0}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Whether any URL argument of `args` (at any depth: stack frames included) is ours. */
function hasOurUrl(v: unknown, isOurs: (url: string) => boolean, depth = 0): boolean {
  if (depth > 6 || !isRecord(v)) return false;
  if (Array.isArray(v)) return v.some((x) => hasOurUrl(x, isOurs, depth + 1));
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') {
      if (URL_KEYS.has(k) && x !== '' && isOurs(x)) return true;
    } else if (hasOurUrl(x, isOurs, depth + 1)) return true;
  }
  return false;
}

/** What makes `e` an event of ours, or null. */
function ourEvidence(e: TraceEvent, isOurs: (url: string) => boolean, isOurWorld: (name: string) => boolean): string | null {
  const args = e.args;
  if (!args) return null;
  const world = args.worldName;
  if (typeof world === 'string' && world !== '' && isOurWorld(world)) return `${e.name} (world ${world})`;
  const ext = args.chrome_extension_id;
  if (isRecord(ext) && typeof ext.extension_id === 'string' && isOurs(`chrome-extension://${ext.extension_id}/`)) return `${e.name} (extension id)`;
  if (hasOurUrl(args, isOurs)) return `${e.name} (url)`;
  return null;
}

function extensionMessage(e: TraceEvent): string | null {
  if (!MOJO_EVENTS.has(e.name)) return null;
  const info = e.args?.chrome_mojo_event_info;
  const tag = isRecord(info) ? info.mojo_interface_tag : undefined;
  return typeof tag === 'string' && EXTENSION_MESSAGES.has(tag) ? `${e.name} ${tag}` : null;
}

/** Complete spans of a thread: 'X' events, and 'B'/'E' pairs matched on the thread's stack. */
function spansOf(events: readonly TraceEvent[]): Span[] {
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    const ts = e.ts ?? 0;
    if (e.ph === 'X') spans.push({ ts, end: ts + (e.dur ?? 0), cpu: e.tdur ?? 0, e });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      // An 'E' carries only its own args: the 'B' names the span and holds its arguments, E's are added.
      if (!b) continue;
      const cpu = e.tts !== undefined && b.tts !== undefined ? e.tts - b.tts : 0;
      spans.push({ ts: b.ts ?? 0, end: ts, cpu, e: { ...b, ph: 'X', dur: ts - (b.ts ?? 0), tdur: cpu, args: { ...b.args, ...e.args } } });
    }
  }
  return spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
}

/** The thread's tasks: its outermost spans, each microtask checkpoint left apart joined to the task before it. */
function tasksOf(events: readonly TraceEvent[]): Task[] {
  const spans = spansOf(events);
  const tasks: Task[] = [];
  let top: Task | null = null;
  for (const s of spans) {
    if (NOT_A_TASK.has(s.e.name)) continue;
    if (top && s.ts < top.end) {
      top.spans.push(s);
      continue;
    }
    if (top && TASK_TAIL.has(s.e.name)) {
      top.dur += s.end - s.ts;
      top.cpu += s.cpu;
      top.end = s.end;
      top.spans.push(s);
      continue;
    }
    top = { pid: s.e.pid ?? 0, tid: s.e.tid ?? 0, ts: s.ts, end: s.end, dur: s.end - s.ts, cpu: s.cpu, spans: [s], points: [] };
    tasks.push(top);
  }
  // Instants and flow ends go to the task they fall in (tasks are sorted and do not overlap).
  const points = events.filter((e) => e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E' && e.ph !== 'M').sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  let i = 0;
  for (const p of points) {
    const ts = p.ts ?? 0;
    while (i < tasks.length && tasks[i]!.end < ts) i++;
    const t = tasks[i];
    if (t && t.ts <= ts && ts <= t.end) t.points.push(p);
  }
  return tasks;
}

const flowKey = (e: TraceEvent) => `${e.cat ?? ''}\u0000${e.name}\u0000${String(e.id)}`;

/**
 * The tasks of the renderer main threads (`CrRendererMain`) in which our extension ran, in time
 * order, each with what showed it.
 */
export function ourTasks(
  events: readonly TraceEvent[],
  isOurs: (url: string) => boolean = isExtensionUrl,
  isOurWorld: (worldName: string) => boolean = isExtensionWorld,
): OurTask[] {
  const mains = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(threadKey(e));
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = threadKey(e);
    if (!mains.has(k)) continue;
    let list = byThread.get(k);
    if (!list) byThread.set(k, (list = []));
    list.push(e);
  }
  const tasks = [...byThread.values()].flatMap(tasksOf).sort((a, b) => a.ts - b.ts);
  // Thread time is recorded on (nearly) every event, or on none.
  const hasCpu = [...byThread.values()].some((list) => list.some((e) => e.tdur !== undefined || e.tts !== undefined));
  // Async flows started by our code, by key; a task where one ends continues our code.
  const ourFlows = new Set<string>();
  const found: OurTask[] = [];
  for (const t of tasks) {
    let reason: OurReason | null = null;
    let evidence = '';
    // Our code's spans: flows started inside them are ours even in a task the page shares.
    const ourSpans: Span[] = [];
    for (const s of t.spans) {
      const why = ourEvidence(s.e, isOurs, isOurWorld);
      if (why) {
        ourSpans.push(s);
        if (!reason) [reason, evidence] = ['code', why];
      }
    }
    for (const p of t.points) {
      if (reason) break;
      const why = ourEvidence(p, isOurs, isOurWorld);
      if (why) [reason, evidence] = ['code', why];
    }
    // A task that only answers our call or continues our code runs nothing but ours (and what it
    // sets off): everything it schedules is ours too.
    let pure = false;
    for (const s of t.spans) {
      const why = extensionMessage(s.e);
      if (why) {
        pure = true;
        if (!reason) [reason, evidence] = ['message', why];
        break;
      }
    }
    for (const p of t.points) {
      if (p.ph === 'f' && ASYNC_FLOWS.has(p.name) && ourFlows.has(flowKey(p))) {
        pure = true;
        if (!reason) [reason, evidence] = ['continuation', `${p.name} ${String(p.id)}`];
        break;
      }
    }
    if (!reason) continue;
    // Our outermost spans, and whether the page worked outside them.
    const outer: Span[] = [];
    for (const s of ourSpans) if (!outer.some((o) => o.ts <= s.ts && s.end <= o.end)) outer.push(s);
    const inOurs = (s: Span) => outer.some((o) => o.ts <= s.ts && s.end <= o.end);
    const shared = t.spans.some(
      (s) => !inOurs(s) && (PAGE_WORK.has(s.e.name) || (SCRIPT_SPANS.has(s.e.name) && !ourEvidence(s.e, isOurs, isOurWorld))),
    );
    const own = shared ? outer.map((s) => ({ ts: s.ts, dur: s.end - s.ts })) : [{ ts: t.ts, dur: t.dur }];
    const ownDur = own.reduce((sum, s) => sum + s.dur, 0);
    const ownCpu = !hasCpu ? NaN : shared ? outer.reduce((sum, s) => sum + s.cpu, 0) : t.cpu;
    for (const p of t.points) {
      if (p.ph !== 's' || !ASYNC_FLOWS.has(p.name)) continue;
      const ts = p.ts ?? 0;
      if (pure || ourSpans.some((s) => s.ts <= ts && ts <= s.end)) ourFlows.add(flowKey(p));
    }
    found.push({ pid: t.pid, tid: t.tid, ts: t.ts, dur: t.dur, reason, evidence, shared, ownDur, own, ownCpu });
  }
  return found;
}

/** What `ourTaskTime` reads from a trace. */
export interface OurTaskTime {
  /**
   * Milliseconds of ours: our tasks whole, but in a task the page shares (see `OurTask.shared`)
   * only our own spans, so that the page's parsing, its `DOMContentLoaded` listeners and the frames
   * it renders (hundreds of milliseconds on a large page) do not count because ours ran beside them.
   */
  ms: number;
  /** How many tasks of ours. */
  tasks: number;
  /**
   * The main thread's CPU time in the same (trace thread time): on a busy machine a task's wall
   * time also counts the time its thread waited for a core. NaN if the trace has none.
   */
  cpuMs: number;
  /** Every task of ours counted whole, shared ones included. */
  wholeMs: number;
  /** How many of the tasks were shared with the page. */
  shared: number;
  /** The longest of our tasks (its part that is ours, as in `ms`): the "no task of ours over 50 ms" target, from outside. */
  longestMs: number;
  /**
   * The CPU time of that task (its part that is ours): far under `longestMs` when the task waited
   * for a core (another process on a busy machine), not for our code. NaN if the trace has none.
   */
  longestCpuMs: number;
}

/**
 * What our extension costs the renderer main threads in a trace (see `ourTasks`, and
 * `OUR_TASKS_CATEGORIES` for the categories to record): the tasks in which it ran, each counted
 * once, whole when it is ours alone.
 */
export function ourTaskTime(
  events: readonly TraceEvent[],
  isOurs: (url: string) => boolean = isExtensionUrl,
  isOurWorld: (worldName: string) => boolean = isExtensionWorld,
): OurTaskTime {
  const found = ourTasks(events, isOurs, isOurWorld);
  const sum = (f: (t: OurTask) => number) => found.reduce((s, t) => s + f(t), 0) / 1000;
  const longest = found.reduce<OurTask | undefined>((a, t) => (!a || t.ownDur > a.ownDur ? t : a), undefined);
  return {
    ms: sum((t) => t.ownDur),
    tasks: found.length,
    cpuMs: sum((t) => t.ownCpu),
    wholeMs: sum((t) => t.dur),
    shared: found.filter((t) => t.shared).length,
    longestMs: (longest?.ownDur ?? 0) / 1000,
    longestCpuMs: (longest?.ownCpu ?? NaN) / 1000,
  };
}
