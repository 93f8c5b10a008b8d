// Runs the real command for the audit tests and the bench. Node runs scripts/scan.ts itself
// (tsx as a loader, not tsx's CLI, which would put a second process between us and the scan:
// the kill-and-resume test must reach the process that does the work).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function startScan(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/scan.ts', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function scan(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startScan(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((ok) => child.on('close', ok));
  return { code, stdout, stderr };
}
