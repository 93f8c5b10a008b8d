import './highlights.css';
import { browser } from 'wxt/browser';
import { loadContentApp } from '@/utils/content/app-loader';
import { earlyRequest, prefsFromCopyOr, staleOnPrefsChange } from '@/utils/content/early-start';
import { request, type ContentMessage } from '@/utils/protocol/messages';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  // Started before the page is parsed so that the app and its preferences arrive while it parses (docs/DESIGN.md).
  runAt: 'document_start',
  main(ctx) {
    // For the start-up benchmark: when the browser ran us, before preferences arrive.
    performance.mark('partner-lens:content-start');
    const ask = () => request((m: ContentMessage) => browser.runtime.sendMessage(m), { type: 'get-prefs', url: location.href });
    // Asked for now, while the app is on its way: from the background's copy in storage.local at
    // start (quicker than a message while the page loads); after a change, from the background.
    const prefs = earlyRequest(() => prefsFromCopyOr((keys) => browser.storage.local.get(keys), location.hostname, ask), ask);
    const beforeApp = staleOnPrefsChange(prefs);
    browser.runtime.onMessage.addListener(beforeApp);
    // A module import from the content script runs in the content script's own world.
    void loadContentApp(() => import(/* @vite-ignore */ browser.runtime.getURL('/content-app.js')), ctx, browser, prefs, (m) =>
      console.info(`Partner Lens: ${m}`),
    ).finally(() => browser.runtime.onMessage.removeListener(beforeApp));
  },
});
