// `npm run scan -- --mediawiki URL` and `--mediawiki-dump FILE`: the organisation's audit of a
// wiki. Parses the audit's options, runs the source into a spool, then writes the report.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMatcher, type Matcher } from '@/utils/engine/matcher';
import { activeRules } from '@/utils/engine/rules';
import type { Rule } from '@/utils/engine/types';
import { addMonths, isMonth, monthOf, monthRange } from '@/utils/audit/months';
import { DEFAULT_CLIENT, MediaWikiClient, NotMediaWikiApi, siteInfo, type ClientOptions } from './api-client';
import { auditApi, type PageReader } from './api-source';
import { openDump, readDump } from './dump-source';
import { progress } from './progress';
import { writeReport, type AuditFormat } from './report';
import { Spool, StateMismatch } from './spool';
import type { AuditHeader } from './types';
import { tallyMatches as tally } from '@/scripts/scan-report';
import { categoriesOf, isRedirect, scanWikitext } from './wikitext';

export const AUDIT_USAGE = `usage: npm run --silent scan -- (--mediawiki URL/api.php | --mediawiki-dump FILE[.gz|.bz2])
       [--namespace N]... [--history monthly [--since YYYY-MM]] [--format json|text|csv|html]
       [--out FILE] [--state FILE] [--rate REQUESTS_PER_SECOND] [--maxlag SECONDS] [--backoff MS] [--rules file.json]`;

export class AuditUsageError extends Error {}

export interface AuditOptions {
  api?: string;
  dump?: string;
  namespaces: number[];
  history: boolean;
  since?: string;
  format: AuditFormat;
  out?: string;
  state?: string;
  rate: number;
  maxlag: number;
  backoff: number;
  rulesFile?: string;
}

export function parseAuditArgs(argv: string[]): AuditOptions {
  const o: AuditOptions = { namespaces: [], history: false, format: 'json', rate: DEFAULT_CLIENT.rate, maxlag: DEFAULT_CLIENT.maxlag, backoff: DEFAULT_CLIENT.backoffMs };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new AuditUsageError(`${name} needs a value`);
      return v;
    };
    const number = (min: number): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) throw new AuditUsageError(`${name}: "${v}" is not a number of at least ${min}`);
      return n;
    };
    switch (name) {
      case '--mediawiki': o.api = value(); break;
      case '--mediawiki-dump': o.dump = value(); break;
      case '--namespace': {
        const n = number(0);
        if (!Number.isInteger(n)) throw new AuditUsageError(`--namespace: ${n} is not a namespace number`);
        if (!o.namespaces.includes(n)) o.namespaces.push(n);
        break;
      }
      case '--history': {
        const v = value();
        if (v !== 'monthly') throw new AuditUsageError(`--history: only "monthly" is known, not "${v}"`);
        o.history = true;
        break;
      }
      case '--since': {
        const v = value();
        if (!isMonth(v)) throw new AuditUsageError(`--since: "${v}" is not a month (YYYY-MM)`);
        o.since = v;
        break;
      }
      case '--format': case '-f': {
        const v = value();
        if (v !== 'json' && v !== 'text' && v !== 'csv' && v !== 'html') throw new AuditUsageError(`unknown format "${v}" (json, text, csv or html)`);
        o.format = v;
        break;
      }
      case '--out': case '-o': o.out = value(); break;
      case '--state': o.state = value(); break;
      case '--rate': o.rate = number(0); break;
      case '--maxlag': o.maxlag = number(0); break;
      case '--backoff': o.backoff = number(0); break;
      case '--rules': o.rulesFile = value(); break;
      case '--help': case '-h': throw new AuditUsageError('help');
      default: throw new AuditUsageError(`unknown option ${arg}`);
    }
  }
  if (o.api && o.dump) throw new AuditUsageError('give --mediawiki or --mediawiki-dump, not both');
  if (o.since && !o.history) throw new AuditUsageError('--since goes with --history monthly');
  if (o.api) {
    try {
      const u = new URL(o.api);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new AuditUsageError(`--mediawiki: "${o.api}" is not an http(s) URL of api.php`);
    }
  }
  if (o.dump && o.state) throw new AuditUsageError('--state is for --mediawiki: a dump is read again from the start at disk speed');
  if (o.format === 'html' && !o.out) throw new AuditUsageError('--format html needs --out report.html');
  if (o.namespaces.length === 0) o.namespaces.push(0);
  return o;
}

/** Months of the series: from --since (default: eleven months back) to this month. */
export function auditMonths(o: Pick<AuditOptions, 'history' | 'since'>, now = Date.now()): string[] {
  if (!o.history) return [];
  const until = monthOf(now);
  const since = o.since ?? addMonths(until, -11);
  if (since > until) throw new AuditUsageError(`--since ${since} is after this month`);
  return monthRange(since, until);
}

function reader(matcher: Matcher, categoryNames: string[]): PageReader {
  return {
    read(text) {
      if (isRedirect(text)) return null;
      const matches = scanWikitext(matcher, text);
      return { ...tally(matches), matches, categories: categoriesOf(text, categoryNames) };
    },
    count(text) {
      if (isRedirect(text)) return null;
      const t = tally(scanWikitext(matcher, text));
      return [t.flagged, t.partner];
    },
  };
}

export async function runAudit(argv: string[], loadRules: (file: string) => Rule[]): Promise<number> {
  let o: AuditOptions;
  let matcher: Matcher;
  let months: string[];
  try {
    o = parseAuditArgs(argv);
    months = auditMonths(o);
    matcher = compileMatcher(activeRules({ custom: o.rulesFile ? loadRules(o.rulesFile) : [] }));
    if (o.dump) statSync(o.dump);
  } catch (e) {
    if (e instanceof AuditUsageError && e.message === 'help') {
      process.stderr.write(`${AUDIT_USAGE}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `${o!.dump}: no such file` : (e as Error).message;
    process.stderr.write(`scan: ${msg}\n${e instanceof AuditUsageError ? `${AUDIT_USAGE}\n` : ''}`);
    return 2;
  }

  const temp = o.state ? null : mkdtempSync(join(tmpdir(), 'partner-lens-audit-'));
  const spoolPath = o.state ?? join(temp!, 'audit.jsonl');
  let spool: Spool | null = null;
  try {
    const header: AuditHeader = {
      partnerLensAudit: 1,
      kind: o.api ? 'mediawiki' : 'mediawiki-dump',
      source: o.api ?? o.dump!,
      namespaces: o.namespaces,
      months,
      started: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (o.api) {
      const client = new MediaWikiClient(new URL(o.api), { ...DEFAULT_CLIENT, rate: o.rate, maxlag: o.maxlag, backoffMs: o.backoff } satisfies ClientOptions);
      const site = await siteInfo(client);
      header.sitename = site.sitename;
      header.namespaceNames = Object.fromEntries(site.namespaces);
      spool = await Spool.open(spoolPath, header);
      if (!spool.done) {
        const bar = progress('scan', 'pages');
        let n = 0;
        await auditApi(client, site, reader(matcher, site.categoryNames), spool, {
          namespaces: o.namespaces,
          months,
          onPage: () => bar.update(++n, site.pages > 0 ? n / site.pages : null),
        });
        spool.finish();
        bar.end();
      }
    } else {
      spool = await Spool.open(spoolPath, header);
      const size = statSync(o.dump!).size;
      const { input, raw } = openDump(o.dump!);
      const bar = progress('scan', 'pages');
      const open = spool;
      let batch: Parameters<Spool['commit']>[0] = [];
      let n = 0;
      const site = await readDump(input, (s) => reader(matcher, s.categoryNames), { namespaces: o.namespaces, months }, (page) => {
        batch.push(page);
        bar.update(++n, size > 0 ? raw.bytesRead / size : null);
        if (batch.length >= 200) {
          open.commit(batch, {});
          batch = [];
        }
      });
      open.commit(batch, {});
      bar.end();
      header.sitename = site.sitename;
      header.namespaceNames = site.namespaceNames;
      open.finish();
    }
    spool.close();
    const s = spool;
    spool = null;
    await emit(o, (out) => writeReport(spoolPath, s.header, o.format, out));
    return 0;
  } catch (e) {
    spool?.close();
    const msg = e instanceof NotMediaWikiApi || e instanceof StateMismatch ? e.message : (e as Error).message;
    process.stderr.write(`scan: ${msg}\n`);
    return 2;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

async function emit(o: AuditOptions, write: (out: (s: string) => void) => Promise<void>): Promise<void> {
  const fd = o.out ? openSync(o.out, 'w') : 1;
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length) writeAll(fd, pending.join(''));
    pending = [];
    size = 0;
  };
  try {
    await write((s) => {
      pending.push(s);
      size += s.length;
      if (size > 1 << 16) flush();
    });
    flush();
  } finally {
    if (o.out) closeSync(fd);
  }
}

function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}
