import { browser } from 'wxt/browser';
import { startBackground } from '@/utils/background';

export default defineBackground(() => {
  // Wiring only; the logic lives in utils/background.ts. Listeners are registered synchronously
  // so that a service worker woken by a message or command sees them.
  startBackground(browser);
});
