import { browser } from 'wxt/browser';
import { startBackground, type Background } from '@/utils/background/background';
import { watchManagedPolicy } from '@/utils/data/policy';

export default defineBackground(() => {
  // Wiring only; the logic lives in utils/background/ and utils/data/policy.ts. Listeners are
  // registered synchronously so that a service worker woken by a message, a command or a policy
  // change sees them.
  let background: Background | undefined;
  const policy = watchManagedPolicy(browser, { onChange: () => void background?.prefsChanged() });
  background = startBackground(browser, { managed: policy.source });
});
