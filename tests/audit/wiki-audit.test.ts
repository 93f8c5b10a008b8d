// The wiki audit against a real MediaWiki 1.39 (tests/wiki/mediawiki.ts): 200 pages with a
// year of history imported with chosen timestamps, so every figure is known in advance.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { activeRules } from '@/utils/engine/rules';
import { scanHtml } from '../../scripts/scan-core';
import { tallyMatches as tally } from '../../scripts/scan-report';
import { expectedHistory, seedWiki, type SeedPage } from '../wiki/audit-seed';
import { MEDIAWIKI_DIR, mediawikiAvailable, startWiki, type Wiki } from '../wiki/mediawiki';
import { scan, startScan } from './run-scan';

const run = promisify(execFile);

interface Report {
  audit: { kind: string; source: string; date: string; namespaces: number[] };
  files: { path: string; url: string; edit: string; namespace: number; categories: string[]; flagged: number; partner: number; matches: { text: string; line: number | null; level: string; quoted: boolean }[] }[];
  totals: { files: number; flagged: number; partner: number; adoption: number | null };
  history?: { month: string; pages: number; flagged: number; partner: number; adoption: number | null }[];
}

const withoutDate = (r: Report) => ({ ...r, audit: { ...r.audit, date: '' } });
const byTitle = (r: Report) => new Map(r.files.map((f) => [f.path, f]));

const { pages: seeded, months } = seedWiki(200);
const audited = seeded.filter((p) => !p.redirect && p.ns === 0);
const current = (p: SeedPage) => p.revisions[p.revisions.length - 1]!;

describe.skipIf(!mediawikiAvailable())(`wiki audit (MediaWiki at ${MEDIAWIKI_DIR})`, () => {
  let wiki: Wiki;
  let dir: string;
  let full: Report;
  let history: Report;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'partner-lens-audit-'));
    wiki = await startWiki({
      pages: seeded.map((p) => ({ title: p.title, revisions: p.revisions.map((r) => ({ text: r.text, timestamp: r.timestamp, user: 'Seeder' })) })),
    });
    const plain = await scan(['--mediawiki', wiki.api]);
    expect(plain.code, plain.stderr).toBe(0);
    full = JSON.parse(plain.stdout) as Report;
    // Kept as a state file: a finished audit's report is written again from it without the wiki.
    const hist = await scan(['--mediawiki', wiki.api, '--history', 'monthly', '--rate', '0', '--state', join(dir, 'done.jsonl')]);
    expect(hist.code, hist.stderr).toBe(0);
    history = JSON.parse(hist.stdout) as Report;
  });
  afterAll(async () => {
    await wiki?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every page of the main namespace once, leaving out redirects and other namespaces', () => {
    const titles = full.files.map((f) => f.path);
    // The installer's Main Page is there too.
    expect(titles.sort()).toEqual([...audited.map((p) => p.title), 'Main Page'].sort());
    expect(full.totals.files).toBe(audited.length + 1);
    expect(full.audit).toMatchObject({ kind: 'mediawiki', source: wiki.api, namespaces: [0] });
  });

  it('counts each page as its current revision was written', () => {
    const found = byTitle(full);
    for (const p of audited) {
      const f = found.get(p.title)!;
      expect({ title: p.title, flagged: f.flagged, partner: f.partner }).toEqual({ title: p.title, flagged: current(p).flagged, partner: current(p).partner });
      expect([...f.categories].sort()).toEqual([...p.categories].sort());
    }
    expect(full.totals.flagged).toBe(audited.reduce((n, p) => n + current(p).flagged, 0));
  });

  it("counts what the read view shows: the same figures as the rendered page", async () => {
    const matcher = compileMatcher(activeRules());
    const queue = [...full.files];
    // php -S runs four workers: four pages rendered at a time.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const res = await fetch(`${wiki.index}?${new URLSearchParams({ title: f.path, action: 'render' })}`);
        const seen = tally(scanHtml(matcher, await res.text()));
        expect({ page: f.path, flagged: f.flagged, partner: f.partner }).toEqual({ page: f.path, ...seen });
      }
    }));
  });

  it('gives each page its article and edit links, and each match its line in the wikitext', async () => {
    const f = full.files.find((x) => x.flagged > 0)!;
    expect(f.url).toBe(`${wiki.base}/index.php/${encodeURIComponent(f.path.replace(/ /g, '_'))}`);
    expect(f.edit).toBe(`${wiki.base}/index.php?title=${encodeURIComponent(f.path.replace(/ /g, '_'))}&action=edit`);
    const edit = await fetch(f.edit);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('wpTextbox1');
    for (const file of full.files) {
      const lines = (await wiki.wikitext(file.path))!.split('\n');
      for (const m of file.matches) expect(lines[m.line! - 1], `${file.path}:${m.line}`).toContain(m.text);
    }
  });

  it('reads other namespaces when asked', async () => {
    const r = await scan(['--mediawiki', wiki.api, '--namespace', '12']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files.map((f) => [f.path, f.namespace, f.flagged])).toEqual([['Help:Internal customers', 12, 2]]);
  });

  it('reports month by month what the seeded history says', () => {
    const want = expectedHistory(seeded, months);
    // The installer's Main Page exists only from this month on, with nothing to count.
    want[want.length - 1]!.pages++;
    expect(history.history!.map(({ month, pages, flagged, partner }) => ({ month, pages, flagged, partner }))).toEqual(want);
    for (const h of history.history!) expect(h.adoption).toBe(h.flagged + h.partner ? Math.round((h.partner / (h.flagged + h.partner)) * 1000) / 1000 : null);
    // The series moves: fewer flagged uses at the end than at the start of the year.
    expect(want[11]!.flagged).toBeLessThan(want[4]!.flagged);
    expect(withoutDate({ ...history, history: undefined })).toEqual(withoutDate(full));
  });

  it('reads the same from a dump made by dumpBackup.php, plain, gzip and bzip2', async () => {
    const xml = join(dir, 'wiki.xml');
    const env = { ...process.env, MW_CONFIG_FILE: join(wiki.dir, 'LocalSettings.php') };
    const { stdout } = await run('php', [join(MEDIAWIKI_DIR, 'maintenance/dumpBackup.php'), '--full', '--quiet'], { env, maxBuffer: 1 << 28 });
    writeFileSync(xml, stdout);
    await run('sh', ['-c', `gzip -kf '${xml}' && bzip2 -kf '${xml}'`]);
    for (const file of [xml, `${xml}.gz`, `${xml}.bz2`]) {
      const r = await scan(['--mediawiki-dump', file, '--history', 'monthly']);
      expect(r.code, r.stderr).toBe(0);
      const dump = JSON.parse(r.stdout) as Report;
      expect(dump.audit.kind).toBe('mediawiki-dump');
      expect(dump.history).toEqual(history.history);
      expect(dump.totals).toEqual(history.totals);
      const api = byTitle(history);
      for (const f of dump.files) {
        const a = api.get(f.path)!;
        expect({ ...f, edit: '' }).toEqual({ ...a, edit: '' });
        expect(f.edit).toBe(`${a.url}?action=edit`);
      }
    }
  });

  it('resumes a killed run from its state file and reports the same', async () => {
    const state = join(dir, 'state.jsonl');
    const child = startScan(['--mediawiki', wiki.api, '--history', 'monthly', '--rate', '0', '--state', state]);
    // Killed once a few batches are committed and before the end.
    await new Promise<void>((ok, fail) => {
      const timer = setInterval(() => {
        const text = existsSync(state) ? readFileSync(state, 'utf8') : '';
        if ((text.match(/"checkpoint"/g) ?? []).length >= 2) {
          clearInterval(timer);
          child.kill('SIGKILL');
          ok();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          fail(new Error('the audit ended before it could be killed'));
        }
      }, 20);
    });
    await new Promise((ok) => child.on('close', ok));
    const partial = readFileSync(state, 'utf8');
    expect(partial).not.toContain('{"done":true}');
    const resumed = await scan(['--mediawiki', wiki.api, '--history', 'monthly', '--rate', '0', '--state', state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(withoutDate(JSON.parse(resumed.stdout) as Report)).toEqual(withoutDate(history));
    // The resumed run read only what was left: the pages of the first run were not read again.
    const pagesIn = (s: string) => (s.match(/^\{"page":/gm) ?? []).length;
    expect(pagesIn(readFileSync(state, 'utf8'))).toBe(audited.length + 1);
    expect(pagesIn(partial)).toBeGreaterThan(0);
  });

  describe('through a proxy that throttles', () => {
    let proxy: Server;
    let proxyUrl: string;
    const refused: Record<string, number> = { 429: 0, 503: 0, maxlag: 0 };
    beforeAll(async () => {
      let n = 0;
      proxy = createServer(async (req, res) => {
        n++;
        // Every third request is refused, in turn with 429, a maxlag error and 503.
        if (n % 3 === 0) {
          const kind = (['429', 'maxlag', '503'] as const)[(n / 3) % 3]!;
          refused[kind]!++;
          if (kind === 'maxlag') {
            res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '0', 'mediawiki-api-error': 'maxlag' });
            res.end(JSON.stringify({ error: { code: 'maxlag', info: 'Waiting for a database server: 7 seconds lagged.', host: 'db1', lag: 7 } }));
          } else {
            res.writeHead(Number(kind), { 'retry-after': '0' });
            res.end('slow down');
          }
          return;
        }
        const upstream = await fetch(`${wiki.base}${req.url}`);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
      await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
      const addr = proxy.address();
      proxyUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api.php`;
    });
    afterAll(() => new Promise<void>((ok) => proxy.close(() => ok())));

    it('changes nothing in the result', async () => {
      const r = await scan(['--mediawiki', proxyUrl, '--history', 'monthly', '--rate', '0', '--backoff', '5']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(refused[429]).toBeGreaterThan(0);
      expect(refused.maxlag).toBeGreaterThan(0);
      expect(refused[503]).toBeGreaterThan(0);
      expect(withoutDate({ ...report, audit: { ...report.audit, source: wiki.api } })).toEqual(withoutDate(history));
    });
  });

  it('writes a self-contained HTML report with the trend, pages to fix and breakdowns', async () => {
    const out = join(dir, 'report.html');
    const r = await scan(['--mediawiki', wiki.api, '--history', 'monthly', '--state', join(dir, 'done.jsonl'), '--format', 'html', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="chart-title chart-desc"/);
    for (const m of months) expect(html).toContain(`<th scope="row">${m}</th>`);
    const worst = [...history.files].sort((a, b) => b.flagged - a.flagged || a.partner - b.partner || (a.path < b.path ? -1 : 1))[0]!;
    expect(html).toContain(`href="${worst.edit.replace(/&/g, '&amp;')}"`);
    // A category named with an ampersand is escaped, never raw.
    expect(html).toContain('<th scope="row">Facilities &amp; grounds</th>');
    expect(html).toContain('@media print');
  });

  it('says in one line that a URL is not a MediaWiki API, and exits 2', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Intranet</title><p>Welcome');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const addr = server.address();
    try {
      const r = await scan(['--mediawiki', `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api.php`]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^scan: not a MediaWiki API: .*not JSON/)]);
    } finally {
      server.close();
    }
  });
});
