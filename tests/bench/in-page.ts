// Code that runs in the benchmarked page, kept as source text: functions compiled by tsx carry
// esbuild's `__name` helper, which the page does not have. Each is an expression of a function
// taking one JSON argument; `call(src, arg)` makes the expression to evaluate.

export function call(src: string, arg?: unknown): string {
  return `(${src})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}

/** Init script (main world, document start): collect long tasks from the very start. */
export const INIT_SCRIPT = `
globalThis.__name = globalThis.__name || ((f) => f);
window.__benchLongTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
} catch {}
`;

/** Our figures, once `partner-lens:first-scan` exists (else null). */
export const READ_OURS = `() => {
  const scan = performance.getEntriesByName('partner-lens:first-scan')[0];
  if (!scan) return null;
  const from = scan.startTime, to = scan.startTime + scan.duration;
  const slices = performance.getEntriesByName('partner-lens:slice')
    .filter((e) => e.startTime >= from - 0.5 && e.startTime <= to + 0.5);
  let busy = 0, longest = 0;
  for (const s of slices) { busy += s.duration; longest = Math.max(longest, s.duration); }
  let longTask = 0;
  for (const [start, duration] of window.__benchLongTasks || []) {
    if (start < to && start + duration > from) longTask = Math.max(longTask, duration);
  }
  const reg = CSS.highlights;
  const size = (n) => (reg.get(n) ? reg.get(n).size : 0);
  return {
    wallMs: scan.duration,
    startAt: scan.startTime,
    busyMs: busy,
    slices: slices.length,
    longestSliceMs: longest,
    longTaskMs: longTask,
    ranges: size('partner-lens') + size('partner-lens-soft'),
    partnerRegistered: size('partner-lens-partner'),
  };
}`;

/** The floor: a TreeWalker visit of every text node and ONE regex pass over the joined text. */
export const FLOOR = `({ source, flags }) => {
  const t0 = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  let node;
  while ((node = walker.nextNode())) parts.push(node.data);
  const text = parts.join('\\n');
  const re = new RegExp(source, flags);
  let all = 0, partner = 0, m;
  while ((m = re.exec(text))) {
    all++;
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) { partner++; break; }
  }
  const ms = performance.now() - t0;
  return { ms, matches: all - partner, partner, textNodes: parts.length, chars: text.length };
}`;

/** Naive: per text node, test the regex, and wrap each match in a <mark>. */
export const NAIVE = `({ source, flags }) => {
  const t0 = performance.now();
  const re = new RegExp(source, flags);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let node;
  while ((node = walker.nextNode())) nodes.push(node);
  let marks = 0;
  for (const n of nodes) {
    const data = n.data;
    re.lastIndex = 0;
    if (!re.test(data)) continue;
    re.lastIndex = 0;
    const frag = document.createDocumentFragment();
    let last = 0, m;
    while ((m = re.exec(data))) {
      frag.append(data.slice(last, m.index));
      const mark = document.createElement('mark');
      mark.textContent = m[0];
      frag.append(mark);
      last = m.index + m[0].length;
      marks++;
    }
    frag.append(data.slice(last));
    n.replaceWith(frag);
  }
  return { ms: performance.now() - t0, matches: marks };
}`;

/** mark.js (loaded by the page's script tag) with acrossElements and the same regex. */
export const MARKJS = `({ source, flags }) => {
  const re = new RegExp(source, flags);
  let total = 0;
  const t0 = performance.now();
  new Mark(document.body).markRegExp(re, { acrossElements: true, done: (n) => { total = n; } });
  return { ms: performance.now() - t0, matches: total };
}`;

/** Where the caret goes for typing: the middle of the editor. */
export const PLACE_CARET = `() => {
  const ed = document.getElementById('editor');
  ed.focus();
  if (ed.tagName === 'TEXTAREA') {
    const mid = Math.floor(ed.value.length / 2);
    const at = ed.value.indexOf(' ', mid) + 1;
    ed.setSelectionRange(at, at);
    // Scroll the caret into view the cheap way: the line it is on.
    const lines = ed.value.slice(0, at).split('\\n').length;
    ed.scrollTop = Math.max(0, (lines - 5) * 16);
    return at;
  }
  const ps = ed.querySelectorAll('p');
  const p = ps[Math.floor(ps.length / 2)];
  const text = p.firstChild;
  const at = text.data.indexOf(' ', Math.floor(text.data.length / 2)) + 1;
  const range = document.createRange();
  range.setStart(text, at);
  range.collapse(true);
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  p.scrollIntoView({ block: 'center' });
  return at;
}`;

/** Durations of our measures named `name` that start after `since`. */
export const MEASURES_SINCE = `({ name, since }) =>
  performance.getEntriesByName(name).filter((e) => e.startTime >= since).map((e) => e.duration)`;

export const ENTRY_COUNT = `(name) => performance.getEntriesByName(name).length`;

/** Our passes after the first scan (rescans caused by the page's own scripts) and their slices' time. */
export const READ_LATER = `() => {
  const scan = performance.getEntriesByName('partner-lens:first-scan')[0];
  if (!scan) return { passes: 0, busyMs: 0 };
  const end = scan.startTime + scan.duration + 0.5;
  const passes = performance.getEntriesByName('partner-lens:rescan').filter((e) => e.startTime > end).length;
  let busyMs = 0;
  for (const s of performance.getEntriesByName('partner-lens:slice')) if (s.startTime > end) busyMs += s.duration;
  return { passes, busyMs };
}`;
