// Benchmark (not a test): the matcher against one `/internal/gi` pass over the same text, the
// text of the Node.js API manual (bench-corpus/nodejs-api-all.html, from `npm run bench:corpus`)
// as the CLI and content script see it.
// Run: npx tsx tests/bench/matcher.ts [runs]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { walkBlocks } from '@/utils/page/dom-text';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(here, '../../bench-corpus/nodejs-api-all.html');
if (!existsSync(file)) {
  console.error(`no ${file}: run npm run bench:corpus first`);
  process.exit(2);
}
const runs = Math.max(3, Number(process.argv[2] ?? 15) || 15);

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const html = readFileSync(file, 'utf8');
const t0 = performance.now();
const { document } = parseHTML(html);
const parseMs = performance.now() - t0;
const parts: string[] = [];
let blocks = 0;
const walkMs = time(() => {
  for (const block of walkBlocks(document)) {
    parts.push(block.text);
    blocks++;
  }
});
// One string, blocks joined by a character no phrase crosses, as the content script does.
const text = parts.join('\u0000');

const matcher = compileMatcher(BUILTIN_RULES);
let baselineHits = 0;
let found = 0;
const baseline: number[] = [];
const scan: number[] = [];
for (let i = 0; i < runs; i++) {
  // Interleaved, so that both see the same machine load.
  baseline.push(
    time(() => {
      const re = /internal/gi;
      baselineHits = 0;
      while (re.exec(text)) baselineHits++;
    }),
  );
  scan.push(time(() => (found = matcher.scan(text).length)));
}
const b = median(baseline);
const s = median(scan);
console.log(`text: ${(text.length / 1e6).toFixed(2)} M chars in ${blocks} blocks (parse ${parseMs.toFixed(0)} ms, walkBlocks ${walkMs.toFixed(0)} ms)`);
console.log(`/internal/gi: ${b.toFixed(2)} ms median of ${runs} (${baselineHits} hits)`);
console.log(`matcher.scan: ${s.toFixed(2)} ms median of ${runs} (${found} matches)`);
console.log(`ratio: ${(s / b).toFixed(2)}x`);
