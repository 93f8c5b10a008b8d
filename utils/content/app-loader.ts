// The content script the browser injects is a small loader; the app itself is a module of the
// extension (content-app.js), imported from it. Chromium compiles an injected script afresh on
// every page view, but keeps the compiled code of an imported module: so the loader is kept to
// what must run at once (a mark, the request for the preferences, the import), written against
// the browser's own API, and WXT's content-script runtime and webextension-polyfill travel in the
// module (README → Benchmarks: "script start").
import type { EarlyPrefs } from './early-start';
import { earlyRequest, prefsFromCopyOr, staleOnPrefsChange } from './early-start';
import { request, type ContentMessage } from '@/utils/protocol/messages';
import type { EffectivePrefs } from '@/utils/protocol/model';

/** Where content-app.js hands over its start function (the content script's own world only). */
export const CONTENT_APP_GLOBAL = '__partnerLensContentApp';

/**
 * The app's start: `prefs` were asked for by the loader at document_start, so that they travel
 * while the app itself is on its way.
 */
export type ContentAppStart = (prefs: EarlyPrefs<EffectivePrefs>) => void;

type Listener = (message: unknown) => undefined;

/**
 * The few calls the loader makes, as the browsers have them without a polyfill: Firefox's
 * `browser` and Chromium's MV3 `chrome` both answer these with promises, and a listener that
 * returns nothing needs no wrapping.
 */
export interface LoaderApi {
  runtime: {
    readonly id?: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(fn: Listener): void; removeListener(fn: Listener): void };
  };
  storage: { local: { get(keys: string[]): Promise<unknown> } };
}

/** The extension API of this content script's world, or null when the extension is gone (reloaded or removed). */
export function loaderApi(scope: Record<string, unknown> = globalThis as Record<string, unknown>): LoaderApi | null {
  for (const name of ['browser', 'chrome']) {
    const api = scope[name] as Partial<LoaderApi> | undefined;
    if (api?.runtime?.id) return api as LoaderApi;
  }
  return null;
}

/**
 * Imports the app and starts it, unless the extension went away meanwhile (an update or reload
 * while the module was on its way). A failure is said once in the console; the page is left as it was.
 */
export async function loadContentApp(
  load: () => Promise<unknown>,
  alive: () => boolean,
  prefs: EarlyPrefs<EffectivePrefs>,
  log: (message: string) => void,
  scope: Record<string, unknown> = globalThis as Record<string, unknown>,
): Promise<boolean> {
  try {
    await load();
    const start = scope[CONTENT_APP_GLOBAL];
    if (typeof start !== 'function') throw new Error('content-app.js did not hand over its start');
    if (!alive()) return false;
    (start as ContentAppStart)(prefs);
    return true;
  } catch (error) {
    log(`the content app could not be loaded: ${String(error)}`);
    return false;
  }
}

/**
 * What the injected script does: marks its start (for the start-up benchmark), asks for the page's
 * preferences (from the background's copy in storage.local at start, quicker than a message while
 * the page loads; after a change, from the background), and imports the app.
 */
export function startLoader(api: LoaderApi, win: Window, log: (message: string) => void): Promise<boolean> {
  win.performance.mark('partner-lens:content-start');
  const ask = () => request((m: ContentMessage) => api.runtime.sendMessage(m), { type: 'get-prefs', url: win.location.href });
  const prefs = earlyRequest(() => prefsFromCopyOr((keys) => api.storage.local.get(keys), win.location.hostname, ask), ask);
  const beforeApp = staleOnPrefsChange(prefs);
  api.runtime.onMessage.addListener(beforeApp);
  // A module import from a content script runs in the content script's own world.
  return loadContentApp(() => import(/* @vite-ignore */ api.runtime.getURL('/content-app.js')), () => !!api.runtime.id, prefs, log).finally(() =>
    api.runtime.onMessage.removeListener(beforeApp),
  );
}
