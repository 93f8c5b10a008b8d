// Whether Partner Lens can run on a tab's page, decided from its URL alone. Pure: the popup
// passes in what it learned from the browser, so the rules are testable without one.
import { t } from '@/utils/i18n/i18n';
import { paintFor, type Paint } from '@/utils/page/highlight-painter';
import type { PagePhrase } from '@/utils/protocol/model';

export type PageTarget =
  | { ok: true; hostname: string; url: string }
  | { ok: false; reason: string };

// Stores where browsers refuse to let extensions script the page, whatever the permissions.
const STORE_HOSTS: Record<string, () => string> = {
  'chromewebstore.google.com': () => t('storeChrome'),
  'chrome.google.com': () => t('storeChrome'),
  'addons.mozilla.org': () => t('storeFirefox'),
  'microsoftedge.microsoft.com': () => t('storeEdge'),
};

export function classifyUrl(url: string | undefined, fileAccess = false): PageTarget {
  if (!url) return { ok: false, reason: t('pageNoPage') };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: t('pageNoPage') };
  }
  const store = STORE_HOSTS[parsed.hostname];
  if (store && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) {
    return { ok: false, reason: t('pageStoreBlocked', store()) };
  }
  if (parsed.protocol === 'file:') {
    return fileAccess
      ? { ok: true, hostname: '', url }
      : {
          ok: false,
          reason: t('pageFileAccess'),
        };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: t('pageBrowserOwn') };
  }
  return { ok: true, hostname: parsed.hostname, url };
}

export type LevelCounts = Record<Paint, number>;

/** The popup's three figures, grouped as the page paints them: quoted mentions go with hints. */
export function countByLevel(phrases: PagePhrase[]): LevelCounts {
  const counts: LevelCounts = { flag: 0, soft: 0, partner: 0 };
  for (const p of phrases) counts[paintFor(p.level, p.quoted)]++;
  return counts;
}

/** "42 %", or an en dash where there is nothing to divide. */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}
