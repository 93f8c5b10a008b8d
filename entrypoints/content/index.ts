import './highlights.css';
import highlightCss from './highlights.css?inline';
import cardCss from '@/utils/card/card.css?inline';
import { browser } from 'wxt/browser';
import { startContentApp } from '@/utils/content/content-app';
import { createEditorBridge } from '@/utils/editors/editor-bridge';
import { request, type ContentMessage, type TabMessage } from '@/utils/protocol/messages';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_end',
  main(ctx) {
    // For the start-up benchmark: when the browser ran us, before preferences arrive.
    performance.mark('partner-lens:content-start');
    const send = (message: ContentMessage) => browser.runtime.sendMessage(message);
    const app = startContentApp({
      win: window,
      getPrefs: () => request(send, { type: 'get-prefs', url: location.href }),
      report: (message) => request(send, message).then(() => undefined),
      ignorePhrase: (phrase) => request(send, { type: 'ignore-phrase', phrase }).then(() => undefined),
      cardCss,
      highlightCss,
      editors: createEditorBridge(window, { log: (m) => console.info(`Partner Lens: ${m}`) }),
    });
    const onMessage = (message: unknown) => {
      if (!message || typeof message !== 'object' || !('type' in message)) return undefined;
      return Promise.resolve(app.handle(message as TabMessage));
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      app.stop();
    });
  },
});
