// A copy of the preferences in `storage.local`, written by the background (the only writer) and
// read by content scripts as they start. A reply to a runtime message reaches a loading page 40–90 ms
// after the background sent it (the renderer's busy with the page); a `storage.local` read comes back before
// DOMContentLoaded. The copy is only a head start: when it is missing or damaged the content
// script asks the background, and every later change reaches the page as a `prefs-changed` message.
import type { EffectivePrefs, EffectiveSettings, SiteInfo, SiteMode } from './model';

/** The settings part: the user's settings with the organisation's applied, and the organisation's site modes. */
export const SNAPSHOT_KEY = 'prefsSnapshot';
const SITE_PREFIX = 'prefsSnapshot:site:';
/** Raised when the copy's shape changes: an older copy is then ignored, not misread. */
const SNAPSHOT_VERSION = 1;

export interface SnapshotBase {
  v: number;
  settings: EffectiveSettings;
  /** Per-hostname modes set by the organisation. */
  managedSites: Record<string, SiteMode>;
}

export type SiteSnapshot = Pick<SiteInfo, 'mode' | 'showPartner' | 'ignored'>;

export const siteKey = (hostname: string): string => SITE_PREFIX + hostname;
export const isSnapshotKey = (key: string): boolean => key === SNAPSHOT_KEY || key.startsWith(SITE_PREFIX);

/** The site's mode: the organisation's, else the user's listing, else the default. Pure. */
export function effectivePrefs(
  settings: EffectiveSettings,
  site: SiteSnapshot | undefined,
  hostname: string,
  managedSites: Record<string, SiteMode> | undefined,
): EffectivePrefs {
  const managedMode = managedSites?.[hostname];
  const fallback: SiteMode = settings.defaultMode === 'everywhere' ? 'highlight' : 'off';
  const locked = [...settings.locked, ...(managedMode ? ['mode'] : [])];
  return {
    mode: managedMode ?? site?.mode ?? fallback,
    showPartner: settings.locked.includes('showPartner') ? settings.showPartner : (site?.showPartner ?? settings.showPartner),
    ignored: site?.ignored ?? [],
    customRules: settings.customRules,
    disabledRules: settings.disabledRules,
    worklist: settings.worklist,
    ...(locked.length ? { locked } : {}),
  };
}

/** The storage entries for these settings and sites (hostnames already normalised). */
export function snapshotEntries(
  settings: EffectiveSettings,
  managedSites: Record<string, SiteMode> | undefined,
  sites: readonly SiteInfo[],
): Record<string, unknown> {
  const base: SnapshotBase = { v: SNAPSHOT_VERSION, settings, managedSites: managedSites ?? {} };
  const entries: Record<string, unknown> = { [SNAPSHOT_KEY]: base };
  for (const { hostname, mode, showPartner, ignored } of sites) {
    const site: SiteSnapshot = { mode, ignored, ...(showPartner !== undefined ? { showPartner } : {}) };
    entries[siteKey(hostname)] = site;
  }
  return entries;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isMode = (v: unknown): v is SiteMode => v === 'highlight' || v === 'off';

function checkedBase(v: unknown): SnapshotBase | null {
  if (!isObject(v) || v.v !== SNAPSHOT_VERSION || !isObject(v.settings) || !isObject(v.managedSites)) return null;
  const s = v.settings;
  const ok =
    (s.defaultMode === 'everywhere' || s.defaultMode === 'listed') &&
    typeof s.showPartner === 'boolean' &&
    typeof s.worklist === 'boolean' &&
    Array.isArray(s.customRules) &&
    s.customRules.every(isObject) &&
    strings(s.disabledRules) &&
    strings(s.locked) &&
    Object.values(v.managedSites).every(isMode);
  return ok ? (v as unknown as SnapshotBase) : null;
}

function checkedSite(v: unknown): SiteSnapshot | undefined | null {
  if (v === undefined) return undefined;
  if (!isObject(v) || !isMode(v.mode) || !strings(v.ignored) || (v.showPartner !== undefined && typeof v.showPartner !== 'boolean')) return null;
  return v as unknown as SiteSnapshot;
}

/** The keys a content script reads for `hostname` (as `new URL(location.href).hostname` gives it). */
export function snapshotKeys(hostname: string): string[] {
  return [SNAPSHOT_KEY, siteKey(normalizeHostname(hostname))];
}

/** The page's preferences from what `storage.local.get(snapshotKeys(hostname))` returned; null when missing or damaged. */
export function prefsFromSnapshot(stored: unknown, hostname: string): EffectivePrefs | null {
  if (!isObject(stored)) return null;
  const host = normalizeHostname(hostname);
  const base = checkedBase(stored[SNAPSHOT_KEY]);
  const site = checkedSite(stored[siteKey(host)]);
  if (!base || site === null) return null;
  return effectivePrefs(base.settings, site, host, base.managedSites);
}

export function normalizeHostname(hostname: string): string {
  return hostname.trim().toLowerCase().replace(/\.$/, '');
}
