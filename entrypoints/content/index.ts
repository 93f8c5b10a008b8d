import './highlights.css';
import highlightCss from './highlights.css?inline';
import cardCss from '@/utils/card/card.css?inline';
import { browser } from 'wxt/browser';
import { startContentApp, type ContentApp } from '@/utils/content/content-app';
import { afterParse, earlyRequest, prefsFromCopyOr } from '@/utils/content/early-start';
import { createLazyEditors, EDITORS_GLOBAL, type EditorBridgeFactory } from '@/utils/content/lazy-editors';
import { request, type ContentMessage, type TabMessage } from '@/utils/protocol/messages';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  // Started before the page is parsed so that the preferences arrive while it parses (docs/DESIGN.md).
  runAt: 'document_start',
  main(ctx) {
    // For the start-up benchmark: when the browser ran us, before preferences arrive.
    performance.mark('partner-lens:content-start');
    const send = (message: ContentMessage) => browser.runtime.sendMessage(message);
    const ask = () => request(send, { type: 'get-prefs', url: location.href });
    // At start from the background's copy in storage.local (quicker than a message while the page
    // loads); after a change, from the background itself.
    const prefs = earlyRequest(() => prefsFromCopyOr((keys) => browser.storage.local.get(keys), location.hostname, ask), ask);
    let app: ContentApp | null = null;
    const onMessage = (message: unknown) => {
      if (!message || typeof message !== 'object' || !('type' in message)) return undefined;
      if (!app) {
        if ((message as TabMessage).type === 'prefs-changed') prefs.invalidate();
        return undefined;
      }
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
      });
    });
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      app?.stop();
    });
  },
});
