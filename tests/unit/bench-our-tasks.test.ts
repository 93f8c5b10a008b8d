// The benchmark's "from outside" figure: the renderer main-thread tasks our extension ran in, read
// from small synthetic Chromium traces (timestamps in microseconds, as Chromium writes them).
import { describe, expect, it } from 'vitest';
import { ourTasks, ourTaskTime, type TraceEvent } from '../bench/our-tasks';

const OURS = 'chrome-extension://abcdefgh/content-app.js';
const PAGE = 'http://127.0.0.1:8000/_static/jquery.js';
const EXT_ID = { chrome_extension_id: { extension_id: 'abcdefgh' } };

/** Names a thread (pid 1, tid `tid` unless given). */
const thread = (tid: number, name = 'CrRendererMain', pid = 1): TraceEvent => ({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
/** A complete event from `ts` to `end` (microseconds) on thread `tid`. */
const x = (name: string, ts: number, end: number, args?: Record<string, unknown>, tid = 1, pid = 1): TraceEvent => ({
  name,
  ph: 'X',
  cat: 'test',
  ts,
  dur: end - ts,
  pid,
  tid,
  args,
});
const instant = (name: string, ts: number, args?: Record<string, unknown>, tid = 1): TraceEvent => ({ name, ph: 'I', ts, pid: 1, tid, args });
const flow = (ph: 's' | 'f', id: number, ts: number, tid = 1): TraceEvent => ({ name: 'AsyncTask Scheduled', ph, cat: 'blink', id, ts, pid: 1, tid });
const task = (ts: number, end: number, tid = 1, pid = 1) => x('ThreadControllerImpl::RunTask', ts, end, undefined, tid, pid);
const call = (ts: number, end: number, url: string, tid = 1) => x('FunctionCall', ts, end, { data: { url, functionName: 'f' } }, tid);
const world = (ts: number, end: number, worldName = 'Partner Lens') => x('v8.callFunction', ts, end, { worldId: 5, worldName });
const stack = (url: string) => ({ data: { stackTrace: [{ url, functionName: 'scan', lineNumber: 1, columnNumber: 1 }] } });

describe('ourTaskTime', () => {
  it.each<{ case: string; events: TraceEvent[]; ms: number; tasks: number; wholeMs?: number; shared?: number }>([
    {
      case: 'a task with our content-script injection counts whole',
      events: [thread(1), task(0, 10_000), x('ScriptInjection::InjectJs', 1_000, 6_000, EXT_ID), x('EvaluateScript', 1_500, 5_500, { data: { url: OURS } })],
      ms: 10,
      tasks: 1,
    },
    {
      case: 'injected inside the parser task: our injection only, the parsing is the page’s',
      events: [thread(1), task(0, 20_000), x('ParseHTML', 0, 8_000), x('ScriptInjection::InjectJs', 8_000, 14_000, EXT_ID), x('ParseHTML', 14_000, 20_000)],
      ms: 6,
      tasks: 1,
      wholeMs: 20,
      shared: 1,
    },
    {
      case: 'a page task does not count',
      events: [thread(1), task(0, 10_000), call(100, 9_000, PAGE), x('Layout', 9_000, 9_900)],
      ms: 0,
      tasks: 0,
    },
    {
      case: 'nested events of ours: the task once, with the layout and GC our code forced',
      events: [
        thread(1),
        task(0, 10_000),
        x('TimerFire', 100, 9_800),
        world(200, 9_700),
        call(210, 9_600, OURS),
        x('Layout', 3_000, 5_000, { beginData: stack(OURS).data }),
        x('MajorGC', 6_000, 8_000),
      ],
      ms: 10,
      tasks: 1,
    },
    {
      case: 'two renderer main threads are summed',
      events: [
        thread(1),
        thread(7, 'CrRendererMain', 2),
        task(0, 4_000),
        call(100, 3_000, OURS),
        task(1_000, 3_000, 7, 2),
        x('FunctionCall', 1_100, 2_000, { data: { url: OURS } }, 7, 2),
      ],
      ms: 6,
      tasks: 2,
    },
    {
      case: 'a task on another thread is ignored',
      events: [thread(1), thread(2, 'Compositor'), task(0, 5_000, 2), call(100, 4_000, OURS, 2), task(0, 1_000), call(100, 900, PAGE)],
      ms: 0,
      tasks: 0,
    },
    {
      case: 'B/E pairs',
      events: [
        thread(1),
        { name: 'ThreadControllerImpl::RunTask', ph: 'B', ts: 0, pid: 1, tid: 1 },
        { name: 'FunctionCall', ph: 'B', ts: 100, pid: 1, tid: 1, args: { data: { url: OURS } } },
        { name: 'FunctionCall', ph: 'E', ts: 2_000, pid: 1, tid: 1 },
        { name: 'ThreadControllerImpl::RunTask', ph: 'E', ts: 3_000, pid: 1, tid: 1 },
        { name: 'ThreadControllerImpl::RunTask', ph: 'B', ts: 4_000, pid: 1, tid: 1 },
        { name: 'ThreadControllerImpl::RunTask', ph: 'E', ts: 9_000, pid: 1, tid: 1 },
      ],
      ms: 3,
      tasks: 1,
    },
    {
      case: 'a scheduler.yield() continuation: microtasks after the task, our stack on its yield',
      events: [
        thread(1),
        task(0, 100),
        x('RunYieldContinuation', 10, 30),
        x('BlinkScheduler_PerformMicrotaskCheckpoint', 110, 9_000),
        instant('ScheduleYieldContinuation', 8_900, stack(OURS)),
        // The next task, the page's, is not joined to it.
        task(9_500, 12_000),
        call(9_600, 11_000, PAGE),
      ],
      // The task and its checkpoint, not the 10 µs between them.
      ms: 0.1 + 8.89,
      tasks: 1,
    },
    {
      case: 'the answer to our message (promise continuations with no URL)',
      events: [
        thread(1),
        task(0, 5_000),
        x('Receive mojo message', 0, 200, { chrome_mojo_event_info: { mojo_interface_tag: 'extensions.mojom.MessagePort' } }),
        x('RunMicrotasks', 300, 4_900),
        task(6_000, 7_000),
        x('Receive mojo message', 6_000, 6_500, { chrome_mojo_event_info: { mojo_interface_tag: 'blink.mojom.Widget' } }),
      ],
      ms: 5,
      tasks: 1,
    },
    {
      case: 'a runtime.onMessage listener: only its world shows it',
      events: [thread(1), task(0, 3_000), world(100, 2_900), call(110, 2_800, '')],
      ms: 3,
      tasks: 1,
    },
    {
      case: 'browser automation’s own isolated world is not an extension',
      events: [thread(1), task(0, 3_000), world(100, 2_900, '__playwright_utility_world__')],
      ms: 0,
      tasks: 0,
    },
    {
      case: 'our animation-frame callback inside a rendered frame: the callback only',
      events: [
        thread(1),
        task(0, 30_000),
        x('FireAnimationFrame', 100, 2_100),
        world(110, 2_100),
        x('UpdateLayoutTree', 3_000, 10_000),
        x('Layout', 10_000, 20_000),
        x('PrePaint', 20_000, 25_000),
        x('Paint', 25_000, 30_000),
      ],
      ms: 1.99,
      tasks: 1,
      wholeMs: 30,
      shared: 1,
    },
    {
      case: 'our DOMContentLoaded listener beside the page’s: ours only',
      events: [thread(1), task(0, 50_000), x('EventDispatch', 100, 49_000), world(200, 1_200), call(1_300, 48_000, PAGE)],
      ms: 1,
      tasks: 1,
      wholeMs: 50,
      shared: 1,
    },
    {
      case: 'a continuation flows from our code, not from the page’s code beside it',
      events: [
        thread(1),
        task(0, 10_000),
        x('EventDispatch', 0, 10_000),
        world(100, 2_000),
        flow('s', 1, 500),
        call(3_000, 9_000, PAGE),
        flow('s', 2, 4_000),
        // Our continuation (no URL of its own), and what it schedules in turn.
        task(20_000, 24_000),
        flow('f', 1, 20_010),
        x('RunMicrotasks', 20_100, 23_900),
        flow('s', 3, 23_000),
        task(30_000, 33_000),
        flow('f', 3, 30_010),
        // The page's.
        task(40_000, 45_000),
        flow('f', 2, 40_010),
      ],
      ms: 1.9 + 4 + 3,
      tasks: 3,
      wholeMs: 10 + 4 + 3,
      shared: 1,
    },
    {
      case: 'a span over many tasks (ThreadController active) is not a task',
      events: [thread(1), x('ThreadController active', 0, 100_000), task(0, 2_000), call(100, 1_900, OURS), task(3_000, 90_000), call(3_100, 80_000, PAGE)],
      ms: 2,
      tasks: 1,
    },
  ])('$case', ({ events, ms, tasks, wholeMs, shared }) => {
    const r = ourTaskTime(events);
    expect(r.tasks).toBe(tasks);
    expect(r.ms).toBeCloseTo(ms, 6);
    expect(r.wholeMs).toBeCloseTo(wholeMs ?? ms, 6);
    expect(r.shared).toBe(shared ?? 0);
  });

  it('another extension’s work is not ours when isOurs says so', () => {
    const other = 'chrome-extension://zzzzzzzz/content.js';
    const events = [thread(1), task(0, 5_000), call(100, 4_000, other), task(6_000, 7_000), call(6_100, 6_900, OURS)];
    const onlyUs = (url: string) => url.startsWith('chrome-extension://abcdefgh/');
    expect(ourTaskTime(events, onlyUs)).toMatchObject({ ms: 1, tasks: 1 });
    expect(ourTaskTime(events)).toMatchObject({ ms: 6, tasks: 2 });
  });

  it('the thread’s CPU time beside the wall time: a task, its checkpoint, our spans in a shared task', () => {
    const cpu = (e: TraceEvent, tdur: number): TraceEvent => ({ ...e, tdur });
    const events = [
      thread(1),
      cpu(task(0, 10_000), 4_000),
      cpu(call(100, 9_000, OURS), 3_900),
      cpu(x('BlinkScheduler_PerformMicrotaskCheckpoint', 10_050, 12_000), 1_000),
      cpu(task(20_000, 30_000), 9_000),
      cpu(world(20_100, 21_100), 500),
      cpu(call(22_000, 29_000, PAGE), 6_000),
      { name: 'ThreadControllerImpl::RunTask', ph: 'B', ts: 40_000, tts: 100, pid: 1, tid: 1 },
      { name: 'FunctionCall', ph: 'B', ts: 40_100, tts: 150, pid: 1, tid: 1, args: { data: { url: OURS } } },
      { name: 'FunctionCall', ph: 'E', ts: 41_000, tts: 600, pid: 1, tid: 1 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'E', ts: 42_000, tts: 700, pid: 1, tid: 1 },
    ];
    const r = ourTaskTime(events);
    expect(r.ms).toBeCloseTo(10 + 1.95 + 1 + 2, 6);
    expect(r.cpuMs).toBeCloseTo(4 + 1 + 0.5 + 0.6, 6);
    // The longest task (10 ms with its checkpoint's 1.95) spent 4 + 1 ms on the CPU.
    expect(r.longestMs).toBeCloseTo(11.95, 6);
    expect(r.longestCpuMs).toBeCloseTo(5, 6);
    expect(Number.isNaN(ourTaskTime([thread(1), task(0, 1_000), call(10, 900, OURS)]).cpuMs)).toBe(true);
    expect(Number.isNaN(ourTaskTime([thread(1), task(0, 1_000), call(10, 900, OURS)]).longestCpuMs)).toBe(true);
  });

  it('the longest task of ours: its own part, the page’s tasks and the page’s share of a shared task left out', () => {
    const events = [
      thread(1),
      task(0, 12_000), call(100, 11_000, OURS),
      task(20_000, 90_000), x('ParseHTML', 20_000, 60_000), x('ScriptInjection::InjectJs', 60_000, 63_000, EXT_ID), x('ParseHTML', 63_000, 90_000),
      task(100_000, 180_000), call(100_100, 179_000, PAGE),
    ];
    expect(ourTaskTime(events).longestMs).toBeCloseTo(12, 6);
    expect(ourTaskTime([thread(1), task(0, 80_000), call(100, 79_000, PAGE)]).longestMs).toBe(0);
  });

  it('says what showed each task', () => {
    const events = [thread(1), task(0, 1_000), x('ScriptInjection::InjectJs', 100, 900, EXT_ID), task(2_000, 3_000), world(2_100, 2_900)];
    expect(ourTasks(events).map((t) => [t.ts, t.reason, t.evidence])).toEqual([
      [0, 'code', 'ScriptInjection::InjectJs (extension id)'],
      [2_000, 'code', 'v8.callFunction (world Partner Lens)'],
    ]);
  });
});
