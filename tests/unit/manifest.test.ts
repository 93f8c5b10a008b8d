// The permission review (PRIVACY.md) as a test: the manifests ask for exactly what was reviewed,
// and what the extension does still works with that and no more.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { createBackground, type BackgroundBrowser } from '@/utils/background/background';
import { createMemoryStore } from '@/utils/data/memory-store';
import type { RuntimeMessage } from '@/utils/protocol/messages';

const ROOT = resolve(import.meta.dirname, '../..');
const REVIEWED_PERMISSIONS = ['activeTab', 'storage'];
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";
const GECKO_ID = 'partner-lens@partner-lens.example';

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  content_security_policy?: unknown;
  content_scripts?: { matches: string[] }[];
  storage?: { managed_schema?: string };
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[] } } };
};

type Target = { browser: 'chrome' | 'firefox'; manifestVersion: 2 | 3; out: string };
const TARGETS: Target[] = [
  { browser: 'chrome', manifestVersion: 3, out: '.output/chrome-mv3' },
  { browser: 'firefox', manifestVersion: 2, out: '.output/firefox-mv2' },
];

async function configured(t: Target): Promise<Manifest> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function of the target');
  const env = { browser: t.browser, manifestVersion: t.manifestVersion, mode: 'production', command: 'build' } as Parameters<typeof manifest>[0];
  return (await manifest(env)) as Manifest;
}

function built(t: Target): Manifest | null {
  const path = join(ROOT, t.out, 'manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Manifest) : null;
}

function checkPermissions(m: Manifest, t: Target): void {
  expect([...(m.permissions ?? [])].sort()).toEqual(REVIEWED_PERMISSIONS);
  expect(m.optional_permissions ?? []).toEqual([]);
  expect(m.host_permissions ?? []).toEqual([]);
  // Any other place an origin could hide in MV2's permission list.
  expect((m.permissions ?? []).filter((p) => p.includes(':') || p.includes('*'))).toEqual([]);
  expect(m.content_security_policy).toEqual(t.manifestVersion === 3 ? { extension_pages: CSP } : CSP);
  if (t.browser === 'chrome') {
    expect(m.storage).toEqual({ managed_schema: 'managed_schema.json' });
    expect(m.browser_specific_settings).toBeUndefined();
  } else {
    expect(m.storage).toBeUndefined();
    expect(m.browser_specific_settings?.gecko?.id).toBe(GECKO_ID);
    expect(m.browser_specific_settings?.gecko?.data_collection_permissions).toEqual({ required: ['none'] });
  }
}

describe.each(TARGETS)('$browser manifest', (t) => {
  it('in wxt.config.ts asks for exactly the reviewed permissions', async () => {
    checkPermissions(await configured(t), t);
  });

  const manifest = built(t);
  it.runIf(manifest !== null)(`built into ${t.out} asks for exactly the reviewed permissions`, () => {
    const m = manifest!;
    checkPermissions(m, t);
    // The content script is the one broad reach, and it comes from the entrypoint, not a permission.
    expect(m.content_scripts?.map((c) => c.matches)).toEqual([['<all_urls>']]);
    if (t.browser === 'chrome') {
      expect(existsSync(join(ROOT, t.out, 'managed_schema.json'))).toBe(true);
    }
  });
});

describe('managed_schema.json', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'public/managed_schema.json'), 'utf8')) as {
    type: string;
    properties: Record<string, unknown>;
  };
  it('describes exactly the keys parsePolicy knows', async () => {
    const { POLICY_KEYS } = await import('@/utils/data/policy');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual([...POLICY_KEYS].sort());
  });
});

describe('the background without the "tabs" permission', () => {
  it('forgets a tab\u2019s badge when a new document loads, though the browser withholds its URL', async () => {
    const noop = { addListener() {} };
    const browser: BackgroundBrowser = {
      runtime: { id: 'pl', getURL: (p) => `chrome-extension://pl${p}`, onMessage: noop },
      tabs: { query: async () => [], sendMessage: async () => undefined, onRemoved: noop, onUpdated: noop },
      action: { setBadgeText: () => undefined },
    };
    const bg = createBackground(browser, { store: createMemoryStore(), log: () => {} });
    const url = 'https://wiki.example/team';
    const report: RuntimeMessage = { type: 'report', viewId: 'v1', url, title: 'Team', tallies: [], flaggedNow: 4, events: [] };
    // A content script's sender has `url` whatever the permissions; `tab.url` is left out.
    expect(await bg.handleMessage(report, { id: 'pl', url, tab: { id: 7 }, frameId: 0 })).toMatchObject({ ok: true });
    expect(bg.badgeCount(7)).toBe(4);
    bg.handleTabUpdated(7, { status: 'loading' });
    expect(bg.badgeCount(7)).toBe(0);
  });
});
