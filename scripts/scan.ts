// Command-line audit: npm run --silent scan -- [--format json|text|csv] [--rules file.json] <path|->...
// Scans .html/.htm, .md, .wiki and .txt files and folders (recursively) or standard input with the
// built-in rules (plus --rules), and prints one report. Results are written file by file, so a
// folder of thousands of files never sits in memory. Exit code 0 whatever it finds; 2 on bad
// arguments or unreadable input, with the reason on standard error.
import { readFileSync, readdirSync, statSync, writeSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { compileMatcher, type Matcher } from '@/utils/engine/matcher';
import { validateRule } from '@/utils/engine/regex-check';
import { activeRules } from '@/utils/engine/rules';
import type { Rule } from '@/utils/engine/types';
import { csvCell, matchEntry, tallyMatches } from './scan-report';
import { kindOf, scanSource, sniffKind, type FoundMatch, type Kind } from './scan-core';

type Format = 'json' | 'text' | 'csv';

const USAGE = 'usage: npm run --silent scan -- [--format json|text|csv] [--rules file.json] <path|->...\n       (a wiki: --mediawiki URL/api.php or --mediawiki-dump FILE; see --mediawiki --help)';
const HELP = `${USAGE}

Scans .html/.htm, .md, .wiki and .txt files, folders (recursively) and standard input (-) with the
built-in rules of docs/RULES.md, plus the rules of --rules file.json (a list of rules, or an
object with a "rules" list).

  --format, -f json|text|csv   report format (default: json, described in docs/DESIGN.md)
  --rules FILE                 your own rules, added to the built-in ones
  --help, -h                   this help, on standard output

Exit code 0 whatever it finds; 2 on bad arguments or unreadable input, with the reason on
standard error.
`;

class UsageError extends Error {}

interface Options {
  format: Format;
  rulesFile?: string;
  paths: string[];
}

function parseArgs(argv: string[]): Options {
  let format: Format = 'json';
  let rulesFile: string | undefined;
  const paths: string[] = [];
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--format' || name === '-f') {
      const v = value();
      if (v !== 'json' && v !== 'text' && v !== 'csv') throw new UsageError(`unknown format "${v}" (json, text or csv)`);
      format = v;
    } else if (name === '--rules') {
      rulesFile = value();
    } else if (name === '--help' || name === '-h') {
      throw new UsageError('help');
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (paths.length === 0) throw new UsageError('no path given (use - for standard input)');
  return { format, rulesFile, paths };
}

function loadRules(file: string): Rule[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--rules ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--rules ${file}: not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new UsageError(`--rules ${file}: expected a list of rules, or an object with a "rules" list`);
  return list.map((input, i) => {
    const check = validateRule(input);
    if (!check.ok) throw new UsageError(`--rules ${file}: rule ${i + 1}: ${check.reason}`);
    return check.rule;
  });
}

/** Files to scan, in a stable order; problems are collected, not thrown. */
function* expand(path: string, problems: string[], top: boolean): Generator<string> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    problems.push(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
    return;
  }
  if (st.isDirectory()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (e) {
      problems.push(`${path}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) yield* expand(child, problems, false);
      else if ((entry.isFile() || entry.isSymbolicLink()) && kindOf(entry.name)) yield child;
    }
  } else if (st.isFile()) {
    if (!kindOf(path) && top) {
      problems.push(`${path}: not a .html, .htm, .md, .wiki or .txt file`);
      return;
    }
    yield path;
  } else {
    problems.push(`${path}: not a file or folder`);
  }
}

function decode(bytes: Buffer): string {
  if (bytes.subarray(0, 8192).includes(0)) throw new Error('looks like a binary file, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error('is not UTF-8 text');
  }
}

function readStdin(): Buffer {
  try {
    return readFileSync(0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' || (e as NodeJS.ErrnoException).code === 'EOF') return Buffer.alloc(0);
    throw e;
  }
}

interface FileReport {
  path: string;
  flagged: number;
  partner: number;
  matches: FoundMatch[];
}

function tally(path: string, matches: FoundMatch[]): FileReport {
  return { path, ...tallyMatches(matches), matches };
}

function adoption(flagged: number, partner: number): number | null {
  if (flagged + partner === 0) return null;
  return Math.round((partner / (partner + flagged)) * 1000) / 1000;
}

interface Writer {
  file(report: FileReport): void;
  end(totals: { files: number; flagged: number; partner: number; adoption: number | null }): void;
}

function writer(format: Format, out: (s: string) => void): Writer {
  if (format === 'json') {
    let first = true;
    out('{"files":[');
    return {
      file(r) {
        const matches = r.matches.map(matchEntry);
        out(`${first ? '\n' : ',\n'}${JSON.stringify({ path: r.path, flagged: r.flagged, partner: r.partner, matches })}`);
        first = false;
      },
      end(totals) {
        out(`\n],\n"totals":${JSON.stringify(totals)}}\n`);
      },
    };
  }
  if (format === 'csv') {
    out('path,line,rule,level,text,suggestion,quoted\n');
    return {
      file(r) {
        for (const m of r.matches) {
          out([r.path, m.line, m.rule, m.level, m.text, m.suggestion ?? '', m.quoted].map(csvCell).join(',') + '\n');
        }
      },
      end() {},
    };
  }
  return {
    file(r) {
      for (const m of r.matches) {
        const where = m.line === null ? r.path : `${r.path}:${m.line}`;
        const text = m.text.replace(/\s+/g, ' ');
        const advice = m.suggestion ? ` \u2192 ${m.suggestion}` : '';
        out(`${where}: ${m.level}${m.quoted ? ' (quoted)' : ''} [${m.rule}] "${text}"${advice}\n`);
      }
    },
    end(t) {
      const a = t.adoption === null ? 'n/a' : t.adoption.toFixed(3);
      out(`${t.files} file${t.files === 1 ? '' : 's'}: ${t.flagged} flagged, ${t.partner} partner language, adoption ${a}\n`);
    },
  };
}

function main(argv: string[]): number {
  let options: Options;
  let matcher: Matcher;
  try {
    options = parseArgs(argv);
    const custom = options.rulesFile ? loadRules(options.rulesFile) : [];
    matcher = compileMatcher(activeRules({ custom }));
  } catch (e) {
    if (e instanceof UsageError) {
      // Asked-for help is the command's output; a usage error is a failure.
      if (e.message === 'help') {
        writeAll(HELP);
        return 0;
      }
      process.stderr.write(`scan: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }

  const problems: string[] = [];
  // Paths named on the command line must exist before anything is printed.
  for (const p of options.paths) {
    if (p === '-') continue;
    let st;
    try {
      st = statSync(p);
    } catch {
      process.stderr.write(`scan: ${p}: no such file or folder\n`);
      return 2;
    }
    if (st.isFile() && !kindOf(p)) {
      process.stderr.write(`scan: ${p}: not a .html, .htm, .md, .wiki or .txt file\n`);
      return 2;
    }
  }

  const chunks: string[] = [];
  let pendingBytes = 0;
  const out = (s: string) => {
    chunks.push(s);
    pendingBytes += s.length;
    if (pendingBytes > 1 << 16) flushOut();
  };
  const flushOut = () => {
    if (chunks.length) writeAll(chunks.join(''));
    chunks.length = 0;
    pendingBytes = 0;
  };
  const w = writer(options.format, out);
  const totals = { files: 0, flagged: 0, partner: 0 };
  const scanOne = (path: string, kind: Kind | null, bytes: Buffer) => {
    const source = decode(bytes).replace(/^\uFEFF/, '');
    if (source.trim() === '') process.stderr.write(`scan: ${path}: empty, nothing to scan\n`);
    const report = tally(path, scanSource(matcher, kind ?? sniffKind(source), source));
    totals.files++;
    totals.flagged += report.flagged;
    totals.partner += report.partner;
    w.file(report);
  };

  let stdinDone = false;
  for (const p of options.paths) {
    if (p === '-') {
      if (stdinDone) continue;
      stdinDone = true;
      try {
        scanOne('-', null, readStdin());
      } catch (e) {
        problems.push(`-: ${(e as Error).message}`);
      }
      continue;
    }
    for (const file of expand(p, problems, true)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        problems.push(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        continue;
      }
      try {
        scanOne(file, kindOf(file), bytes);
      } catch (e) {
        problems.push(`${file}: ${(e as Error).message}`);
      }
    }
  }
  w.end({ ...totals, adoption: adoption(totals.flagged, totals.partner) });
  flushOut();
  for (const problem of problems) process.stderr.write(`scan: ${problem}\n`);
  return problems.length > 0 ? 2 : 0;
}

function writeAll(s: string): void {
  // Synchronous writes: the report is complete and in order even when piped into `head`.
  const buf = Buffer.from(s, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

const argv = process.argv.slice(2);
if (argv.some((a) => /^--mediawiki(-dump)?(=|$)/.test(a))) {
  // A wiki through its API or a dump: the audit's own options (scripts/audit/cli.ts), loaded
  // only then so that a scan of files starts as fast as before.
  import('@/scripts/audit/cli').then(({ runAudit }) => runAudit(argv, loadRules)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`scan: unexpected error: ${e.message}\n`);
      process.exitCode = 2;
    },
  );
} else {
  try {
    process.exitCode = main(argv);
  } catch (e) {
    process.stderr.write(`scan: unexpected error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
