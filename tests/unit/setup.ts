import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

// Component tests read English: browser.i18n answers from the real locale file, filling
// placeholders the way Chrome does (named $NAME$ from the placeholders table, then $1…$9, and $$ for $).
type LocaleEntry = { message: string; placeholders?: Record<string, { content: string }> };
const LOCALE = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../public/_locales/en/messages.json'), 'utf8'),
) as Record<string, LocaleEntry>;

function localeMessage(key: string, substitutions?: string | string[]): string {
  const entry = LOCALE[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string) => text.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  // Named placeholders first, then what they (and the message) say about $1…: one pass would
  // also expand a "$1" typed by the user into a substitution.
  const parts = entry.message.split(/(\$[A-Za-z0-9_@]+\$)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) {
        const content = placeholders[part.slice(1, -1).toLowerCase()];
        return content === undefined ? part : fill(content);
      }
      return fill(part);
    })
    .join('');
}

const installI18n = () => {
  fakeBrowser.i18n.getMessage = localeMessage as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en';
};
installI18n();
beforeEach(installI18n);
