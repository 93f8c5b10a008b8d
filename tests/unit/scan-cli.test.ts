// Runs the real command (tsx scripts/scan.ts) as a user would.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const notes = resolve(repo, 'tests/fixtures/scan/notes');
const clean = resolve(repo, 'tests/fixtures/scan/clean');
const tsx = resolve(repo, 'node_modules/tsx/dist/cli.mjs');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [tsx, 'scripts/scan.ts', ...args], {
    cwd: repo,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  files: { path: string; flagged: number; partner: number; matches: { rule: string; level: string; text: string; suggestion?: string; quoted: boolean; line: number | null }[] }[];
  totals: { files: number; flagged: number; partner: number; adoption: number | null };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'partner-lens-scan-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan on team notes', () => {
  // Counted by reading the two fixtures (uses, quoted mentions, partner language).
  const expected: Record<string, { flagged: number; quotedFlag: number; partner: number; quotedPartner: number; rules: string[] }> = {
    'platform-team.txt': {
      flagged: 2, // our internal customers / an internal supplier relationship
      quotedFlag: 2, // "internal customer", "the customer is king"
      partner: 2, // service partners, service partnership
      quotedPartner: 0,
      rules: ['internal-customer', 'customer-is-king', 'internal-supplier', 'partner-language'],
    },
    'support-rota.md': {
      flagged: 1, // I'm the customer
      quotedFlag: 2, // “internal customers”, "internal clients"
      partner: 1, // service partnership
      quotedPartner: 1, // "service partners"
      rules: ['internal-customer', 'i-am-the-customer', 'internal-client', 'partner-language'],
    },
  };

  it('finds every use and quoted mention, with lines that hold the text', () => {
    const { code, stdout, stderr } = run([notes]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    let flagged = 0;
    let partner = 0;
    for (const [name, want] of Object.entries(expected)) {
      const file = report.files.find((f) => f.path.endsWith(name))!;
      expect(file, name).toBeDefined();
      const count = (level: (l: string) => boolean, quoted: boolean) =>
        file.matches.filter((m) => level(m.level) && m.quoted === quoted).length;
      expect(file.flagged).toBe(want.flagged);
      expect(file.partner).toBe(want.partner);
      expect(count((l) => l !== 'partner', false)).toBe(want.flagged);
      expect(count((l) => l !== 'partner', true)).toBe(want.quotedFlag);
      expect(count((l) => l === 'partner', false)).toBe(want.partner);
      expect(count((l) => l === 'partner', true)).toBe(want.quotedPartner);
      expect([...new Set(file.matches.map((m) => m.rule))].sort()).toEqual([...want.rules].sort());
      const lines = readFileSync(join(notes, name), 'utf8').split('\n');
      for (const m of file.matches) expect(lines[m.line! - 1]).toContain(m.text);
      flagged += want.flagged;
      partner += want.partner;
    }
    expect(report.totals).toEqual({
      files: report.files.length,
      flagged,
      partner,
      adoption: Math.round((partner / (partner + flagged)) * 1000) / 1000,
    });
  });
});

describe('scan on pages without framing', () => {
  it('finds nothing, and says adoption is null', () => {
    const { code, stdout } = run([clean]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.files.map((f) => f.path.replace(/.*\//, '')).sort()).toEqual(['README.md', 'build-guide.html', 'release-notes.md']);
    const pages = report.files.filter((f) => !f.path.endsWith('README.md'));
    expect(pages.every((f) => f.matches.length === 0)).toBe(true);
    // The README mentions the phrase in quotation marks: found, but not a use.
    const readme = report.files.find((f) => f.path.endsWith('README.md'));
    expect(readme?.matches.map((m) => [m.text, m.quoted])).toEqual([['internal customer', true]]);
    expect(report.totals).toMatchObject({ flagged: 0, partner: 0, adoption: null });
  });
});

describe('formats and sources', () => {
  it('reads HTML with linkedom, with source line numbers through tags and entities', () => {
    const html = [
      '<!doctype html><html><head><title>internal customer</title></head><body>', // 1
      '<p>Tom &amp; Jerry are', // 2
      'our <em>internal</em>', // 3
      '<a href="#">customer</a>s.</p>', // 4
      '<pre>internal customer</pre>', // 5
      '<p data-partner-lens="ignore">internal client</p>', // 6
      '<ul><li>internal</li><li>customer</li></ul>', // 7
      '<p>We are &ldquo;service partners&rdquo; and</p><p>an internal', // 8
      'vendor</p></body></html>', // 9
    ].join('\n');
    writeFileSync(join(dir, 'page.html'), html);
    const report = JSON.parse(run([join(dir, 'page.html')]).stdout) as Report;
    expect(report.files[0]!.matches.map((m) => [m.rule, m.text, m.line, m.quoted])).toEqual([
      ['internal-customer', 'internal\ncustomers', 3, false],
      ['partner-language', 'service partners', 8, true],
      ['internal-supplier', 'internal\nvendor', 8, false],
    ]);
  });

  it('skips fenced and inline code in Markdown', () => {
    const md = ['# Team', '', 'Our internal clients.', '', '```', 'internal customer', '```', '', 'Use `internal customer` no more; **internal** customers are *service partners*.'].join('\n');
    writeFileSync(join(dir, 'notes.md'), md);
    const report = JSON.parse(run([join(dir, 'notes.md')]).stdout) as Report;
    expect(report.files[0]!.matches.map((m) => [m.text, m.line])).toEqual([
      ['internal clients', 3],
      ['internal** customers', 9],
      ['service partners', 9],
    ]);
  });

  it('prints text and CSV, and reads standard input', () => {
    const input = 'An internal customer, "internal clients", and\nservice partners.\n';
    const text = run(['--format', 'text', '-'], input);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('-:1: flag [internal-customer] "internal customer" \u2192 internal service partner');
    expect(text.stdout).toContain('-:1: flag (quoted) [internal-client]');
    expect(text.stdout).toContain('-:2: partner [partner-language] "service partners"');
    expect(text.stdout).toMatch(/1 file: 1 flagged, 1 partner language, adoption 0\.500/);
    const csv = run(['--format=csv', '-'], input);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('path,line,rule,level,text,suggestion,quoted');
    expect(rows).toContain('-,1,internal-client,flag,internal clients,internal service partners,true');
    expect(rows).toHaveLength(4);
  });

  it('adds --rules to the built-ins', () => {
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([{ id: 'ops-vendor', level: 'hint', variants: ['ops vendor'], suggestion: 'ops partner', reason: 'Partners.' }]));
    const r = run(['--rules', join(dir, 'rules.json'), '-'], 'Our ops vendors and internal clients.');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files[0]!.matches.map((m) => [m.rule, m.suggestion])).toEqual([
      ['ops-vendor', 'ops partners'],
      ['internal-client', 'internal service partners'],
    ]);
  });

  it('walks a large folder recursively, file by file', () => {
    const big = join(dir, 'big');
    for (let d = 0; d < 10; d++) {
      mkdirSync(join(big, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        writeFileSync(join(big, `d${d}`, `f${f}.txt`), f % 10 === 0 ? 'an internal customer\n' : 'nothing here\n');
      }
    }
    writeFileSync(join(big, 'skip.bin'), 'internal customer');
    const report = JSON.parse(run([big]).stdout) as Report;
    expect(report.totals).toEqual({ files: 1000, flagged: 100, partner: 0, adoption: 0 });
  });
});

describe('bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['no path', () => [], /no path given/],
    ['a missing path', () => [join(dir, 'nope.txt')], /nope\.txt: no such file or folder/],
    ['an unknown format', () => ['--format', 'xml', '-'], /unknown format "xml"/],
    ['an unknown option', () => ['--frobnicate', '-'], /unknown option --frobnicate/],
    ['--rules without a value', () => ['--rules'], /--rules needs a value/],
    ['an unsupported file type', () => [join(dir, 'data.pdf')], /not a \.html, \.htm, \.md or \.txt file/],
    ['--rules that is not JSON', () => ['--rules', join(dir, 'broken.json'), '-'], /broken\.json: not valid JSON/],
    ['--rules with a catastrophic pattern', () => ['--rules', join(dir, 'slow.json'), '-'], /Rule "slow": The pattern is too slow/],
    ['--rules with an invalid rule', () => ['--rules', join(dir, 'invalid.json'), '-'], /Rule "x": level must be/],
  ];
  beforeAll(() => {
    writeFileSync(join(dir, 'data.pdf'), '%PDF');
    writeFileSync(join(dir, 'broken.json'), '{"rules": [');
    writeFileSync(join(dir, 'slow.json'), JSON.stringify([{ id: 'slow', level: 'flag', reason: 'r', pattern: '(a+)+$' }]));
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ rules: [{ id: 'x', level: 'loud', reason: 'r', variants: ['y'] }] }));
  });
  it.each(cases)('%s: exit 2, the reason on stderr, no stack trace', (_name, args, reason) => {
    const r = run(args(), '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and the default format on stdout and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: npm run --silent scan --/);
    expect(r.stdout).toMatch(/default: json/);
  });

  it('reports binary and non-UTF-8 files, still prints the rest, and exits 2', () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed, { recursive: true });
    writeFileSync(join(mixed, 'a.txt'), 'internal client');
    writeFileSync(join(mixed, 'b.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    writeFileSync(join(mixed, 'c.txt'), Buffer.from([0x69, 0x6e, 0xff, 0xfe, 0x20]));
    writeFileSync(join(mixed, 'd.md'), '');
    const r = run([mixed]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.txt: looks like a binary file/);
    expect(r.stderr).toMatch(/c\.txt: is not UTF-8 text/);
    expect(r.stderr).toMatch(/d\.md: empty/);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files.map((f) => f.path.slice(mixed.length + 1))).toEqual(['a.txt', 'd.md']);
    expect(report.totals.flagged).toBe(1);
  });
});
