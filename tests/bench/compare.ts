// npx tsx tests/bench/compare.ts --before DIR --after DIR [--runs N] [--only NAME]... [--corpus DIR] [--out FILE]
//
// Two builds of the Chrome extension measured on the benchmark's corpus, taking turns page by page
// (before then after on one page, after then before on the next), so that both meet the same
// minutes of a shared machine. Each turn is one `npm run bench` of one page (`--skip-typing
// --skip-popup --skip-startup --skip-baselines`); the table compares what is measured from outside
// the page (our tasks, from a trace) and the floor measured in the same page by the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../e2e/harness';
import { DEFAULT_CORPUS } from '../../scripts/bench-corpus';

interface Args {
  before: string;
  after: string;
  runs: number;
  only: string[];
  corpus: string;
  out: string;
}

function usage(error?: string): never {
  if (error) console.error(error);
  console.error('usage: npx tsx tests/bench/compare.ts --before DIR --after DIR [--runs N] [--only NAME]... [--corpus DIR] [--out FILE]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> & { only: string[] } = { runs: 5, only: [], corpus: DEFAULT_CORPUS, out: 'bench-compare.json' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--before') args.before = resolve(value());
    else if (a === '--after') args.after = resolve(value());
    else if (a === '--runs') args.runs = Number(value());
    else if (a === '--only') args.only.push(value());
    else if (a === '--corpus') args.corpus = resolve(value());
    else if (a === '--out') args.out = value();
    else usage(a === '--help' || a === '-h' ? undefined : `unknown argument ${a}`);
  }
  if (!args.before || !args.after) usage('--before and --after are both needed');
  if (!Number.isInteger(args.runs) || args.runs! < 1) usage('--runs takes a whole number ≥ 1');
  return args as Args;
}

/** What one page's variant gave in one build's turn (the fields of bench-results.json used here). */
interface Row {
  page: string;
  variant: 'plain' | 'phrases';
  inserted: number;
  median: { floorMs: number; tasksMs: number | null; tasksCpuMs: number | null; extFramesMs: number | null; oursBusyMs: number; ranges: number; floorMatches: number };
  runs: { outside: { tasksMs: number | null; longestTaskMs: number | null }[] };
}

/** Runs the benchmark on one page with one build; its rows, and the minutes it ran. */
function turn(args: Args, page: string, build: string, dir: string, label: string): { rows: Row[]; from: string; to: string } {
  const out = join(dir, `${page}.${label}.json`);
  const from = new Date().toISOString().slice(11, 16);
  const bench = [
    'tsx', 'tests/bench/run.ts', '--only', page, '--runs', String(args.runs), '--corpus', args.corpus,
    '--skip-typing', '--skip-popup', '--skip-startup', '--skip-baselines', '--build', build, '--out', out,
  ];
  const run = spawnSync('npx', bench, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`the benchmark of ${page} with ${build} failed (exit ${run.status})`);
  const to = new Date().toISOString().slice(11, 16);
  return { rows: (JSON.parse(readFileSync(out, 'utf8')) as { pages: Row[] }).pages, from, to };
}

const ms = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${v.toFixed(1)} ms`);
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
/** Our tasks in each run (wall time). */
const runsOf = (r: Row) => r.runs.outside.map((o) => o.tasksMs).filter((x): x is number => x !== null);
const spread = (r: Row) => {
  const v = runsOf(r);
  return v.length ? `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)}` : 'n/a';
};
const longest = (r: Row) => Math.max(...r.runs.outside.map((o) => o.longestTaskMs ?? NaN));

/** "lower" / "higher" when every run of one build is under every run of the other; else "overlap". */
export function compareRuns(before: readonly number[], after: readonly number[]): 'lower' | 'higher' | 'overlap' {
  if (!before.length || !after.length) return 'overlap';
  if (Math.max(...after) < Math.min(...before)) return 'lower';
  if (Math.min(...after) > Math.max(...before)) return 'higher';
  return 'overlap';
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let pages = readdirSync(args.corpus).filter((f) => /\.html?$/.test(f)).sort();
  if (args.only.length) pages = pages.filter((p) => args.only.some((o) => p === o || p.replace(/\.html?$/, '') === o));
  if (!pages.length) usage(`no pages to measure in ${args.corpus}`);
  const dir = mkdtempSync(join(tmpdir(), 'partner-lens-compare-'));
  const lines: string[] = [
    '| page | variant | minutes (UTC) | floor before / after | our tasks before → after (runs) | ÷ floor before → after | after vs before, every run | longest task of ours (any run) before → after | our frames before → after | matches before / after / floor |',
    '|---|---|---|--:|--:|--:|---|--:|--:|--:|',
  ];
  const results: unknown[] = [];
  pages.forEach((page, i) => {
    // Taking turns: a machine getting busier or quieter meets each build first as often.
    const order = i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    const got: Record<'before' | 'after', ReturnType<typeof turn>> = {} as never;
    for (const which of order) {
      console.error(`${page}: ${which}`);
      got[which] = turn(args, page, which === 'before' ? args.before : args.after, dir, which);
    }
    for (const b of got.before.rows) {
      const a = got.after.rows.find((r) => r.variant === b.variant);
      if (!a) continue;
      const tasks = (r: Row) => r.median.tasksMs ?? NaN;
      lines.push(
        `| ${page} | ${b.variant === 'plain' ? 'as is' : `phrases (${b.inserted})`} | ${got[order[0]].from}–${got[order[1]].to} ` +
          `| ${ms(b.median.floorMs)} / ${ms(a.median.floorMs)} | ${ms(tasks(b))} (${spread(b)}) → ${ms(tasks(a))} (${spread(a)}) ` +
          `| ${times(tasks(b) / b.median.floorMs)} → ${times(tasks(a) / a.median.floorMs)} | ${compareRuns(runsOf(b), runsOf(a))} ` +
          `| ${ms(longest(b))} → ${ms(longest(a))} | ${ms(b.median.extFramesMs)} → ${ms(a.median.extFramesMs)} ` +
          `| ${b.median.ranges} / ${a.median.ranges} / ${a.median.floorMatches} |`,
      );
      results.push({ page, variant: b.variant, before: b, after: a, minutes: [got[order[0]].from, got[order[1]].to] });
    }
  });
  const summary = {
    when: new Date().toISOString(),
    command: `npx tsx tests/bench/compare.ts ${process.argv.slice(2).join(' ')}`,
    before: args.before,
    after: args.after,
    runs: args.runs,
    results,
    markdown: lines.join('\n'),
  };
  writeFileSync(resolve(ROOT, args.out), JSON.stringify(summary, null, 2));
  console.log(lines.join('\n'));
  console.log(`\n${summary.command}\nresults: ${resolve(ROOT, args.out)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'tests/bench/compare.ts')) main();
