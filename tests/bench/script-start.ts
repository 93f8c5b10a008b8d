// npx tsx tests/bench/script-start.ts [--build DIR]... [--runs N] [--only NAME] [--corpus DIR]
//
// What starting the content script costs a page view, for one or more builds side by side (an
// older commit's build against this one) and for an extension whose content script is empty, on
// the corpus pages as they are. Each load is traced (`injectionTime` in outside.ts: the injected
// script's compile and top-level run, and the compile and evaluation of the module it imports);
// the builds take turns page by page and run by run, so that all see the same machine. Medians of
// `runs` loads after two unmeasured ones, which let the browser cache what it caches.
// Not a test: it prints a table; the exit code is 0 whatever the figures.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROME_BUILD, ROOT, launchChromium, requireBuild, type ChromiumSession } from '../e2e/harness';
import { DEFAULT_CORPUS } from '../../scripts/bench-corpus';
import { writeEmptyExtension } from './empty-extension';
import { measuredLoad, type InjectionParts } from './outside';
import { serveBench } from './pages';

const WARM_UP = 2;
const TIMEOUT_MS = 60_000;

function readArgs() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        build: { type: 'string', multiple: true },
        runs: { type: 'string', default: '7' },
        only: { type: 'string' },
        corpus: { type: 'string' },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) usage('--runs takes a whole number ≥ 1');
  return {
    builds: (values.build ?? [CHROME_BUILD]).map((b) => resolve(b)),
    runs,
    only: values.only ?? null,
    corpus: values.corpus ? resolve(values.corpus) : DEFAULT_CORPUS,
  };
}

function usage(error: string): never {
  console.error(`${error}\nusage: npx tsx tests/bench/script-start.ts [--build DIR]... [--runs N] [--only NAME] [--corpus DIR]`);
  process.exit(2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const args = readArgs();
  if (!existsSync(args.corpus)) usage(`no corpus at ${args.corpus}: run npm run bench:corpus first`);
  for (const b of args.builds) requireBuild(b);
  let pages = readdirSync(args.corpus).filter((f) => /\.html?$/.test(f)).sort();
  if (args.only) pages = pages.filter((p) => p === args.only || p.replace(/\.html?$/, '') === args.only);
  if (pages.length === 0) usage(`no pages named ${args.only} in ${args.corpus}`);

  const emptyDir = writeEmptyExtension();
  const server = await serveBench(args.corpus, ROOT);
  // One browser per extension, open for the whole run, as a person's browser is.
  const sessions: { name: string; session: ChromiumSession; ours: boolean }[] = [];
  try {
    for (const [i, dir] of args.builds.entries()) {
      sessions.push({ name: args.builds.length > 1 ? `${i + 1}: ${basename(dir)}` : basename(dir), session: await launchChromium({ extensionDir: dir }), ours: true });
    }
    sessions.push({ name: 'empty content script', session: await launchChromium({ extensionDir: emptyDir }), ours: false });
    const rows: string[] = [];
    for (const page of pages) {
      const url = server.url(`/plain/${page}`);
      const times = sessions.map(() => [] as number[]);
      const parts = sessions.map(() => [] as InjectionParts[]);
      for (let run = 0; run < WARM_UP + args.runs; run++) {
        for (const [k, { session, ours }] of sessions.entries()) {
          const load = await measuredLoad(session.context, url, {
            quietMs: 0,
            timeoutMs: TIMEOUT_MS,
            trace: true,
            // Our app is compiled and run by the time the first scan is measured.
            ready: async (p) => {
              if (ours) await p.waitForFunction(() => performance.getEntriesByName('partner-lens:first-scan').length > 0, null, { timeout: TIMEOUT_MS });
            },
          });
          await load.page.close();
          if (run >= WARM_UP) {
            times[k]!.push(load.injectMs);
            parts[k]!.push(load.injectParts!);
          }
        }
      }
      const medians = times.map(median);
      const first = medians[0]!;
      const empty = medians[medians.length - 1]!;
      // Each part's own median: they need not add up to the total's.
      const split = (k: number) => {
        const of = (key: keyof InjectionParts) => median(parts[k]!.map((p) => p[key])).toFixed(1);
        return `${of('inject')} + ${of('compileModule')} + ${of('evaluateModule')}`;
      };
      rows.push(
        `| ${page} | ${medians
          .map((m, k) => `${m.toFixed(1)} ms${k > 0 && k < medians.length - 1 ? ` (${(m / first).toFixed(2)}×)` : ''} = ${split(k)}`)
          .join(' | ')} | ${(medians[medians.length - 2]! - empty).toFixed(1)} ms |`,
      );
      process.stdout.write(`${page}: ${medians.map((m) => m.toFixed(1)).join(' / ')} ms\n`);
    }
    const head = sessions.map((s) => s.name);
    console.log(`\nScript start per page view, median of ${args.runs} traced loads after ${WARM_UP} (in brackets, against build 1), = injected script + module compile + module evaluation (medians of each)\n`);
    console.log(`| page | ${head.join(' | ')} | last build − empty |`);
    console.log(`|---|${head.map(() => '--:|').join('')}--:|`);
    for (const r of rows) console.log(r);
    console.log(`\nnpx tsx tests/bench/script-start.ts ${process.argv.slice(2).join(' ')}`);
  } finally {
    for (const { session } of sessions) await session.close().catch(() => {});
    await server.close();
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

void main();
