// Organisation policy in Chromium, the way an administrator deploys it on Linux: a JSON file in
// /etc/chromium/policies/managed/ with `3rdparty.extensions.<id>`. Writing there needs root (as
// in CI); otherwise the suite is skipped and says why.
import { createHash } from 'node:crypto';
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_BUILD, launchChromium, pollPage, readHighlightsInPage, serve, type ChromiumSession, type StaticServer } from './harness';

const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'partner-lens-e2e.json');

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, 32 hex digits spelt a–p. */
export function unpackedExtensionId(absolutePath: string): string {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

const POLICY = {
  rules: [
    {
      id: 'shared-services-desk',
      level: 'flag',
      variants: ['shared services desk'],
      suggestion: 'partner services desk',
      reason: 'The desk and the teams it works with are partners.',
    },
    // Refused by the extension (catastrophic backtracking); must not stop the rest.
    { id: 'slow', level: 'flag', pattern: '(a+)+$', reason: 'Backtracks without end.' },
  ],
  disabledRules: ['internal-client'],
  sites: { '127.0.0.1': 'highlight' },
  defaultMode: 'listed',
  worklist: false,
};

const canWrite = typeof process.getuid === 'function' && process.getuid() === 0;
if (!canWrite) {
  console.log(`e2e policy: skipped — writing ${POLICY_FILE} needs root (CI runs as root)`);
}

/** Removes the folders `mkdirSync(dir, { recursive: true })` made (it returns the topmost), deepest first, if left empty. */
function removeCreatedDirs(dir: string, topmostCreated: string | undefined): void {
  if (!topmostCreated) return;
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (someone else's files): leave it and its parents
    }
    if (d === topmostCreated || dirname(d) === d) return;
  }
}

describe.runIf(canWrite)('organisation policy in chromium', () => {
  let session: ChromiumSession | undefined;
  let server: StaticServer | undefined;
  let createdDir: string | undefined;
  const extensionId = unpackedExtensionId(CHROME_BUILD);

  beforeAll(async () => {
    // Written before launch, so the browser reads it at start: no waiting for a policy refresh.
    createdDir = mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: POLICY } } }, null, 2));
    server = await serve();
    session = await launchChromium();
  });
  afterAll(async () => {
    try {
      await session?.close();
      await server?.close();
    } finally {
      // Leave the machine as it was: the file, and the folders only if this test made them.
      rmSync(POLICY_FILE, { force: true });
      removeCreatedDirs(POLICY_DIR, createdDir);
    }
  });

  it('computes the same id for the unpacked build as Chromium gives it', () => {
    expect(session!.extensionId).toBe(extensionId);
  });

  it('highlights an organisation rule on a page; a built-in the policy switched off stays quiet', async () => {
    const page = await session!.context.newPage();
    await page.goto(server!.url('/policy/org.html'));
    const counts = await pollPage(page, readHighlightsInPage, (c) => c.texts.includes('shared services desk'));
    expect(counts.texts).toEqual(['shared services desk']);
    await page.close();
  });

  it('reports the managed settings as locked to the extension pages', async () => {
    const page = await session!.context.newPage();
    await page.goto(session!.extensionUrl('options.html'));
    const reply = (await page.evaluate(() => chrome.runtime.sendMessage({ type: 'get-settings' }))) as {
      ok: boolean;
      value: { defaultMode: string; worklist: boolean; disabledRules: string[]; customRules: { id: string; source: string }[]; locked: string[] };
    };
    expect(reply.ok).toBe(true);
    expect(reply.value).toMatchObject({ defaultMode: 'listed', worklist: false, disabledRules: ['internal-client'] });
    expect(reply.value.customRules.map((r) => [r.id, r.source])).toEqual([['shared-services-desk', 'org']]);
    expect([...reply.value.locked].sort()).toEqual(['defaultMode', 'disabledRules', 'worklist']);

    // The options page shows the switches the organisation locked as such.
    const builtinSwitches = page.locator('.builtin-rules input[type="checkbox"]');
    await builtinSwitches.first().waitFor();
    expect(await builtinSwitches.evaluateAll((inputs) => inputs.every((i) => (i as HTMLInputElement).disabled))).toBe(true);
    expect(await page.getByText('Set by your organisation').count()).toBeGreaterThan(0);
    await page.close();
  });
});
