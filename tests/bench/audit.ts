// npm run bench:audit — the wiki audit's speed: pages a minute read through api.php from the
// local test wiki (default rate and unthrottled), and MB/s for an uncompressed dump (the export
// tokenizer alone, then the whole audit: tokenizer, wikitext reading, matching, spool). Wall
// time and CPU time are both reported: on a shared machine the CPU figure is the steadier one.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMatcher } from '@/utils/engine/matcher';
import { activeRules } from '@/utils/engine/rules';
import { readDump } from '@/scripts/audit/dump-source';
import { XmlStream } from '@/scripts/audit/xml-stream';
import { tallyMatches as tally } from '@/scripts/scan-report';
import { categoriesOf, isRedirect, scanWikitext } from '@/scripts/audit/wikitext';
import { seedWiki, writeSeedXml, type SeedPage } from '../wiki/audit-seed';
import { mediawikiAvailable, startWiki } from '../wiki/mediawiki';
import { scan } from '../audit/run-scan';

const DUMP_PAGES = Number(process.env.AUDIT_BENCH_DUMP_PAGES ?? 60_000);
const WIKI_PAGES = Number(process.env.AUDIT_BENCH_WIKI_PAGES ?? 1000);

const mb = (bytes: number) => bytes / 1e6;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  return { value, wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0) };
}

/** Current revisions only, as in a `--current` dump: every page's text is read. */
function* currentOnly(pages: SeedPage[], copies: number): Generator<SeedPage> {
  for (let c = 0; c < copies; c++) {
    for (const p of pages) yield { ...p, title: `${p.title} ${c}`, revisions: [p.revisions[p.revisions.length - 1]!] };
  }
}

async function dumpBench(dir: string): Promise<void> {
  const file = join(dir, 'dump.xml');
  const { pages } = seedWiki(1000);
  await writeSeedXml(file, currentOnly(pages.filter((p) => !p.redirect), Math.ceil(DUMP_PAGES / 1000)));
  const size = statSync(file).size;
  // Warm the page cache so both runs read from memory, as a second run would.
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 }));

  const tokenizer = await timed(async () => {
    let tags = 0;
    const x = new XmlStream({ onopentag: () => void tags++, ontext: () => {}, onclosetag: () => {} });
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) x.write(chunk as string);
    x.end();
    return tags;
  });

  const matcher = compileMatcher(activeRules());
  const audit = await timed(async () => {
    let n = 0;
    let flagged = 0;
    await readDump(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      (site) => ({
        read: (text) => {
          if (isRedirect(text)) return null;
          const matches = scanWikitext(matcher, text);
          return { ...tally(matches), matches, categories: categoriesOf(text, site.categoryNames) };
        },
        count: (text) => {
          const t = tally(scanWikitext(matcher, text));
          return [t.flagged, t.partner];
        },
      }),
      { namespaces: [0], months: [] },
      (p) => {
        n++;
        flagged += p.flagged;
        // The spool's cost: each page is written as a JSON line.
        JSON.stringify({ page: p });
      },
    );
    return { n, flagged };
  });
  const line = (label: string, t: { wall: number; cpu: number }) =>
    console.log(`  ${label.padEnd(34)} ${(mb(size) / t.wall).toFixed(1).padStart(6)} MB/s wall  ${(mb(size) / t.cpu).toFixed(1).padStart(6)} MB/s CPU  (${t.wall.toFixed(2)} s)`);
  console.log(`dump: ${mb(size).toFixed(1)} MB uncompressed, ${audit.value.n} pages (current revisions), ${audit.value.flagged} flagged uses`);
  line('export tokenizer alone', tokenizer);
  line('whole audit (read, match, spool)', audit);
}

async function wikiBench(): Promise<void> {
  if (!mediawikiAvailable()) {
    console.log('wiki: skipped, MediaWiki is not installed at /usr/share/mediawiki');
    return;
  }
  const { pages } = seedWiki(WIKI_PAGES);
  const wiki = await startWiki({
    pages: pages.map((p) => ({ title: p.title, revisions: p.revisions.slice(-1).map((r) => ({ text: r.text, timestamp: r.timestamp })) })),
  });
  try {
    for (const rate of ['5', '0']) {
      const t0 = performance.now();
      const r = await scan(['--mediawiki', wiki.api, '--rate', rate]);
      const s = (performance.now() - t0) / 1000;
      if (r.code !== 0) throw new Error(r.stderr);
      const n = (JSON.parse(r.stdout) as { totals: { files: number } }).totals.files;
      console.log(`wiki: ${n} pages in ${s.toFixed(1)} s = ${Math.round((n / s) * 60)} pages/min (--rate ${rate}${rate === '5' ? ', the default' : ', unthrottled'}; process start included)`);
    }
  } finally {
    await wiki.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'partner-lens-audit-bench-'));
try {
  await dumpBench(dir);
  await wikiBench();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
