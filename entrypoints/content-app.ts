// The content app, imported by the content script's loader (entrypoints/content-loader.ts) into its
// own world: the preferences on their way, the scan after the page is parsed, editor support on demand.
import highlightCss from './content.css?inline';
import cardCss from '@/utils/card/card.css?inline';
import { CONTENT_APP_GLOBAL, type ContentAppStart } from '@/utils/content/app-loader';
import { startContentApp, type ContentApp } from '@/utils/content/content-app';
import { afterParse, staleOnPrefsChange } from '@/utils/content/early-start';
import { createLazyEditors, EDITORS_GLOBAL, type EditorBridgeFactory } from '@/utils/content/lazy-editors';
import { request, type ContentMessage, type TabMessage } from '@/utils/protocol/messages';
import { skippedContentOf, watchSkippedContent } from '@/utils/page/skipped-content';
import { QuietContentScriptContext } from '@/utils/content/script-context';
import { browser } from 'wxt/browser';

const start: ContentAppStart = (prefs) => {
  // WXT's context (without its message to the page), made here rather than in the loader so that
  // its code is cached with the app's: it stops the copy of an older version of the extension still
  // running in this page, and tells this one when the extension is updated or removed.
  const ctx = new QuietContentScriptContext('content');
  const send = (message: ContentMessage) => browser.runtime.sendMessage(message);
  let app: ContentApp | null = null;
  const beforeStart = staleOnPrefsChange(prefs);
  const onMessage = (message: unknown) => {
    if (!message || typeof message !== 'object' || !('type' in message)) return undefined;
    if (!app) return beforeStart(message);
    return Promise.resolve(app.handle(message as TabMessage));
  };
  browser.runtime.onMessage.addListener(onMessage);
  const log = (m: string) => console.info(`Partner Lens: ${m}`);
  // A module import from the content script runs in the content script's own world.
  const loadEditors = async () => {
    await import(/* @vite-ignore */ browser.runtime.getURL('/editors.js'));
    const factory = (globalThis as Record<string, unknown>)[EDITORS_GLOBAL] as EditorBridgeFactory | undefined;
    if (typeof factory !== 'function') throw new Error('editors.js did not hand over its factory');
    return (win: Window) => factory(win, { log });
  };
  afterParse(window, () => {
    if (ctx.isInvalid) return;
    app = startContentApp({
      win: window,
      getPrefs: prefs.get,
      report: (message) => request(send, message).then(() => undefined),
      ignorePhrase: (phrase) => request(send, { type: 'ignore-phrase', phrase }).then(() => undefined),
      cardCss,
      highlightCss,
      editors: createLazyEditors(window, loadEditors, log),
      skipped: skippedContentOf(globalThis as Record<string, unknown>) ?? watchSkippedContent(document),
    });
  });
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    app?.stop();
  });
};

export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[CONTENT_APP_GLOBAL] = start;
});
