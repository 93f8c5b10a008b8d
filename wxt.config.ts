import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT generates the manifest from the entrypoints; only what they cannot express lives here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: { sourcemap: false },
  }),
  manifest: ({ browser }) => ({
    name: 'Partner Lens',
    description:
      'Highlights "internal customer" framing on intranet and wiki pages and suggests internal service partner language.',
    permissions: ['storage', 'tabs'],
    commands: {
      'next-phrase': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: 'Go to the next flagged phrase on the page',
      },
      'previous-phrase': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Go to the previous flagged phrase on the page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'partner-lens@partner-lens.example',
              strict_min_version: '128.0',
            },
          },
        }
      : {}),
  }),
});
