import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT generates the manifest from the entrypoints; only what they cannot express lives here.
const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The sources zip (for Firefox Add-ons review) holds what rebuilds the extension; the
  // screenshots are output of the tests and the demo, not sources.
  zip: { excludeSources: ['screenshots/**'] },
  vite: () => ({
    plugins: [preact()],
    // Chromium and Firefox 140+ run ES2022 as written: regex literals stay literals (compiled once,
    // not rebuilt by new RegExp on each call).
    build: { sourcemap: false, target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    // Every text the browser shows for the extension comes from public/_locales (see utils/i18n.ts).
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // Reviewed in PRIVACY.md: storage for managed (organisation) storage; activeTab so the popup
    // learns the URL of the tab it was opened on, instead of "tabs", which would reveal every
    // tab's URL at all times. Content scripts read pages through their own match patterns.
    permissions: ['storage', 'activeTab'],
    // Stricter than the default (object-src 'self'): no plug-ins, no <base> rewriting. Rules are
    // data, never code, so nothing needs eval or remote scripts.
    content_security_policy:
      browser === 'firefox'
        ? CSP
        : { extension_pages: CSP },
    // The content script is an unlisted script rather than a WXT content script, whose runtime (and
    // webextension-polyfill) would be compiled afresh on every page view: utils/content/app-loader.ts.
    // Started before the page is parsed, so that the app and the preferences arrive while it parses.
    content_scripts: [
      {
        matches: ['<all_urls>'],
        all_frames: true,
        match_about_blank: true,
        run_at: 'document_start',
        js: ['content-loader.js'],
        // Built from entrypoints/content.css: the highlight colours, on every page.
        css: ['content-scripts/content.css'],
      },
    ],
    // The content app is imported by the content script's loader on every page, and editor
    // support on pages with a place to write (utils/content/app-loader.ts, lazy-editors.ts); a
    // module import from a content script needs this entry. In Chromium only at a per-session
    // address, so that pages cannot probe for the extension (Firefox's moz-extension addresses
    // are per-install already).
    web_accessible_resources:
      browser === 'firefox'
        ? ['content-app.js', 'editors.js']
        : [{ resources: ['content-app.js', 'editors.js'], matches: ['<all_urls>'], use_dynamic_url: true }],
    commands: {
      'next-phrase': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: '__MSG_commandNextPhrase__',
      },
      'previous-phrase': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: '__MSG_commandPreviousPhrase__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'partner-lens@partner-lens.example',
              // 140 is the first Firefox with the CSS Custom Highlight API that pages are painted
              // with, and with data_collection_permissions (web-ext lint warns below that).
              strict_min_version: '140.0',
              // Nothing is sent anywhere (PRIVACY.md); Firefox shows this at install time.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // Firefox has no schema for managed storage: its policy is checked in utils/data/policy.ts alone.
        { storage: { managed_schema: 'managed_schema.json' } }),
  }),
});
