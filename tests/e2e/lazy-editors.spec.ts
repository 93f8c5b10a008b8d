// Editor support comes as a second bundle (editors.js), imported into the content script's world
// only where the page has a place to write. Chromium only: the content script's isolated world is
// reachable through the DevTools protocol there, and the editors spec shows fixes work in both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, serve, sleep, type ChromiumSession, type StaticServer } from './harness';

describe('editor support on demand in chromium', () => {
  let ext: ChromiumSession;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serve();
    ext = await launchChromium();
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  /** Opens `path` and returns a way to ask the extension's isolated world of the top frame. */
  const open = async (path: string): Promise<{ page: Page; loaded: () => Promise<boolean> }> => {
    const page = await ext.context.newPage();
    const cdp: CDPSession = await ext.context.newCDPSession(page);
    const worlds: { id: number; name: string; frameId: string; type: string }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) =>
      worlds.push({ id: e.context.id, name: e.context.name, frameId: e.context.auxData?.['frameId'] ?? '', type: e.context.auxData?.['type'] ?? '' }),
    );
    await cdp.send('Runtime.enable');
    await page.goto(server.url(path));
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const loaded = async () => {
      const world = worlds.filter((w) => w.type === 'isolated' && w.frameId === frameTree.frame.id && w.name === 'Partner Lens').at(-1);
      if (!world) throw new Error(`no Partner Lens world in ${path}`);
      const r = (await cdp.send('Runtime.evaluate', { contextId: world.id, expression: 'typeof globalThis.__partnerLensEditors', returnByValue: true })) as {
        result: { value: string };
      };
      return r.result.value === 'function';
    };
    // The first scan is done (its mark is visible to the page): the content script has looked.
    await page.waitForFunction(() => performance.getEntriesByName('partner-lens:scan-end').length > 0, null, { timeout: 15_000 });
    return { page, loaded };
  };

  const eventually = async (check: () => Promise<boolean>, timeout = 5000) => {
    const end = Date.now() + timeout;
    while (!(await check()) && Date.now() < end) await sleep(100);
    return check();
  };

  it('a page with nothing to write in never loads it, highlights and all', async () => {
    const { page, loaded } = await open('/highlights/plain.html');
    await sleep(500);
    expect(await loaded()).toBe(false);
    await page.close();
  });

  it('a page with a textarea loads it at once', async () => {
    const { page, loaded } = await open('/editors/textarea.html');
    expect(await eventually(loaded)).toBe(true);
    await page.close();
  });

  it('a page cannot reach editors.js or content-app.js at the extension\u2019s fixed address (they are web-accessible by a per-session one only)', async () => {
    const { page } = await open('/highlights/plain.html');
    for (const file of ['editors.js', 'content-app.js']) {
      const url = `chrome-extension://${ext.extensionId}/${file}`;
      const fetched = await page.evaluate((u) => fetch(u).then((r) => `status ${r.status}`, (e: unknown) => `refused: ${String(e)}`), url);
      expect(fetched, file).toMatch(/^refused/);
    }
    await page.close();
  });

  it('a textarea the page adds later, or the focus entering a text field, loads it', async () => {
    const later = await open('/highlights/plain.html');
    await later.page.evaluate(() => document.body.append(Object.assign(document.createElement('textarea'), { value: 'notes' })));
    expect(await eventually(later.loaded)).toBe(true);
    await later.page.close();

    const focus = await open('/highlights/plain.html');
    await focus.page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { id: 'q', type: 'search' })));
    await sleep(400);
    // An empty search box alone is no reason to load; typing into it is.
    expect(await focus.loaded()).toBe(false);
    await focus.page.focus('#q');
    expect(await eventually(focus.loaded)).toBe(true);
    await focus.page.close();
  });
});
