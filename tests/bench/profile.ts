// Profiles our first scan of one corpus page with the CDP Profiler and prints the heaviest
// functions (self time). Run: [CORPUS=DIR] npx tsx tests/bench/profile.ts NAME [plain|phrases] [out.cpuprofile]
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROME_BUILD, ROOT, launchChromium } from '../e2e/harness';
import { serveBench } from './pages';
import * as js from './in-page';
import { DEFAULT_CORPUS } from '../../scripts/bench-corpus';

const [name = 'nodejs-api-all.html', variant = 'phrases', out] = process.argv.slice(2);
const buildCopy = mkdtempSync(join(tmpdir(), 'partner-lens-profile-build-'));
cpSync(CHROME_BUILD, buildCopy, { recursive: true });
const server = await serveBench(process.env.CORPUS ? resolve(process.env.CORPUS) : DEFAULT_CORPUS, ROOT);
const ext = await launchChromium({ extensionDir: buildCopy });
try {
  await ext.context.addInitScript({ content: js.INIT_SCRIPT });
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(server.url(`/${variant}/${name}`), { waitUntil: 'load', timeout: 120_000 });
  let ours = null;
  for (let i = 0; i < 2400 && !ours; i++) {
    ours = await page.evaluate(js.call(js.READ_OURS));
    if (!ours) await page.waitForTimeout(50);
  }
  const { profile } = await cdp.send('Profiler.stop');
  console.log(ours);
  if (out) writeFileSync(out, JSON.stringify(profile));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, v] of top) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await ext.close();
  await server.close();
  rmSync(buildCopy, { recursive: true, force: true });
}
