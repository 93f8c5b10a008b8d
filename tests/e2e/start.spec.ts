// `npm start -- --headless` as a newcomer runs it: a child process, a fresh browser profile, the
// demo visited right after launch. What it prints for each demo page must be the table in
// scripts/demo/expected.ts, and it must exit 0. (The build is the one the e2e suite tests.)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTED } from '../../scripts/demo/expected';
import { ROOT } from './harness';

function npmStart(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // DISPLAY unset: without a display npm start takes the headless tour, as on a server.
    const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn('npm', ['start', '--', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm start -- --headless', () => {
  const out = mkdtempSync(join(tmpdir(), 'partner-lens-start-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints each demo page with the findings the table expects, saves a screenshot of each and exits 0', async () => {
    const run = await npmStart(['--headless', '--no-build', '--out', out]);
    expect(run.stderr).not.toMatch(/^start:/m);
    expect(run.code).toBe(0);
    const printed = Object.fromEntries(
      [...run.stdout.matchAll(/^(\S+\.html): (\d+) flag, (\d+) soft, (\d+) partner$/gm)].map((m) => [
        m[1],
        { flag: Number(m[2]), soft: Number(m[3]), partner: Number(m[4]) },
      ]),
    );
    expect(printed).toEqual(DEMO_EXPECTED);
    expect(readdirSync(out).sort()).toEqual(Object.keys(DEMO_EXPECTED).map((p) => p.replace(/\.html$/, '.png')).sort());
  }, 180_000);
});
