// The content script the browser injects is a small loader; the app itself is a module of the
// extension (content-app.js), imported from it. Chromium keeps the compiled code of an imported
// module and not that of an injected script, so every page view after the first two runs our
// code without compiling it again (README → Benchmarks: "script start").
import type { browser as extensionApi } from 'wxt/browser';
import type { EarlyPrefs } from './early-start';
import type { EffectivePrefs } from '@/utils/protocol/model';

/** The extension API as the rest of the project has it (webextension-polyfill). */
type Browser = typeof extensionApi;

/** Where content-app.js hands over its start function (the content script's own world only). */
export const CONTENT_APP_GLOBAL = '__partnerLensContentApp';

/** What the loader gives the app: the extension is still there, and the polyfilled API. */
export interface LoaderContext {
  readonly isInvalid: boolean;
  onInvalidated(fn: () => void): void;
}

/**
 * The app's start: `prefs` were asked for by the loader at document_start, so that they travel
 * while the app itself is on its way.
 */
export type ContentAppStart = (ctx: LoaderContext, api: Browser, prefs: EarlyPrefs<EffectivePrefs>) => void;

/**
 * Imports the app and starts it, unless the extension went away meanwhile (an update or reload
 * while the module was on its way). A failure is said once in the console; the page is left as it was.
 */
export async function loadContentApp(
  load: () => Promise<unknown>,
  ctx: LoaderContext,
  // Not named `browser`: WXT would auto-import its own into this module, and the polyfill with it.
  api: Browser,
  prefs: EarlyPrefs<EffectivePrefs>,
  log: (message: string) => void,
  scope: Record<string, unknown> = globalThis as Record<string, unknown>,
): Promise<boolean> {
  try {
    await load();
    const start = scope[CONTENT_APP_GLOBAL];
    if (typeof start !== 'function') throw new Error('content-app.js did not hand over its start');
    if (ctx.isInvalid) return false;
    (start as ContentAppStart)(ctx, api, prefs);
    return true;
  } catch (error) {
    log(`the content app could not be loaded: ${String(error)}`);
    return false;
  }
}
