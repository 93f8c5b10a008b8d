// Code passed to page.evaluate in extension pages runs where `chrome` exists.
import type { Browser } from 'wxt/browser';

declare global {
  const chrome: Browser;
}
