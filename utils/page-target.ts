// Whether Partner Lens can run on a tab's page, decided from its URL alone. Pure: the popup
// passes in what it learned from the browser, so the rules are testable without one.
import type { Level } from './types';
import type { PagePhrase } from './messages';

export type PageTarget =
  | { ok: true; hostname: string; url: string }
  | { ok: false; reason: string };

// Stores where browsers refuse to let extensions script the page, whatever the permissions.
const STORE_HOSTS: Record<string, string> = {
  'chromewebstore.google.com': 'the Chrome Web Store',
  'chrome.google.com': 'the Chrome Web Store',
  'addons.mozilla.org': 'Firefox Add-ons',
  'microsoftedge.microsoft.com': 'the Edge Add-ons store',
};

export function classifyUrl(url: string | undefined, fileAccess = false): PageTarget {
  if (!url) return { ok: false, reason: 'This tab has no page Partner Lens can read.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'This tab has no page Partner Lens can read.' };
  }
  const store = STORE_HOSTS[parsed.hostname];
  if (store && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) {
    return { ok: false, reason: `The browser does not let extensions run on ${store}.` };
  }
  if (parsed.protocol === 'file:') {
    return fileAccess
      ? { ok: true, hostname: '', url }
      : {
          ok: false,
          reason: 'Partner Lens cannot read files on this computer until you allow it: turn on “Allow access to file URLs” on the extension’s details page.',
        };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: 'This is one of the browser’s own pages, where extensions cannot run.' };
  }
  return { ok: true, hostname: parsed.hostname, url };
}

export type LevelCounts = Record<'flag' | 'soft' | 'partner', number>;

/** The popup's three figures, grouped as the page paints them: quoted mentions go with hints. */
export function countByLevel(phrases: PagePhrase[]): LevelCounts {
  const counts: LevelCounts = { flag: 0, soft: 0, partner: 0 };
  for (const p of phrases) counts[paintOf(p.level, p.quoted)]++;
  return counts;
}

export function paintOf(level: Level, quoted: boolean): keyof LevelCounts {
  if (level === 'partner') return 'partner';
  return level === 'flag' && !quoted ? 'flag' : 'soft';
}

/** "42 %", or an en dash where there is nothing to divide. */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}
