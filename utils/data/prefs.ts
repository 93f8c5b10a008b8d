// Settings and per-site preferences, and how they combine into what a content script runs with.
// Organisation policy plugs in through `managed` (a later issue reads it from managed storage):
// wherever it sets a value, that value wins over the user's and is reported as locked.
import { validateRule } from '@/utils/engine/regex-check';
import type { SiteRecord } from './schema';
import type { Store } from './store';
import { DEFAULT_SETTINGS, type EffectivePrefs, type Settings, type SiteInfo, type SiteMode } from '@/utils/protocol/model';
import { phraseKey } from '@/utils/engine/phrase-key';
import { effectivePrefs, normalizeHostname } from '@/utils/protocol/prefs-snapshot';
import type { EffectiveSettings } from '@/utils/protocol/model';
import type { Rule } from '@/utils/engine/types';

/** What an organisation may set. Absent fields leave the user's choice alone. */
export interface ManagedPolicy {
  defaultMode?: Settings['defaultMode'];
  showPartner?: boolean;
  worklist?: boolean;
  retentionDays?: number;
  /** Organisation rules, added to the user's own. */
  customRules?: Rule[];
  disabledRules?: string[];
  /** Per-hostname modes that the user cannot change. */
  sites?: Record<string, SiteMode>;
}
export type ManagedSource = () => Promise<ManagedPolicy | undefined>;

export type { EffectiveSettings };
export { normalizeHostname };

const SETTINGS_KEY = 'settings';
export const LIMITS = { retentionMin: 1, retentionMax: 3650, ignored: 1000, disabledRules: 500, customRules: 500 };
const LOCKABLE = ['defaultMode', 'showPartner', 'worklist', 'retentionDays', 'disabledRules'] as const;

const validRetention = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= LIMITS.retentionMin && v <= LIMITS.retentionMax;
const stringArray = (v: unknown, max: number): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string');

/** Custom rules that pass the check; the others are dropped (a stored rule may predate a tightened check). */
function checkedRules(v: unknown, source: 'user' | 'org'): Rule[] {
  if (!Array.isArray(v)) return [];
  const out: Rule[] = [];
  for (const r of v.slice(0, LIMITS.customRules)) {
    const c = validateRule(r);
    if (c.ok) out.push({ ...c.rule, source });
  }
  return out;
}

/** Whatever is stored (or missing, or damaged), a complete Settings; bad fields fall back to defaults. */
export function sanitizeSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    defaultMode: r.defaultMode === 'listed' || r.defaultMode === 'everywhere' ? r.defaultMode : DEFAULT_SETTINGS.defaultMode,
    showPartner: typeof r.showPartner === 'boolean' ? r.showPartner : DEFAULT_SETTINGS.showPartner,
    worklist: typeof r.worklist === 'boolean' ? r.worklist : DEFAULT_SETTINGS.worklist,
    retentionDays: validRetention(r.retentionDays) ? r.retentionDays : DEFAULT_SETTINGS.retentionDays,
    customRules: checkedRules(r.customRules, 'user'),
    disabledRules: stringArray(r.disabledRules, LIMITS.disabledRules) ? [...r.disabledRules] : [],
  };
}

/** Checks a patch from the options page; refuses it whole with a reason rather than half-apply it. */
export function checkSettingsPatch(patch: Partial<Settings>): { ok: true } | { ok: false; reason: string } {
  if (patch.retentionDays !== undefined && !validRetention(patch.retentionDays)) {
    return { ok: false, reason: `retentionDays must be an integer from ${LIMITS.retentionMin} to ${LIMITS.retentionMax}` };
  }
  for (const [i, r] of (patch.customRules ?? []).entries()) {
    const c = validateRule(r);
    if (!c.ok) return { ok: false, reason: `custom rule ${i + 1}: ${c.reason}` };
  }
  return { ok: true };
}

/** Managed values win; `locked` names what the user cannot change. Pure. */
export function applyManaged(user: Settings, managed: ManagedPolicy | undefined): EffectiveSettings {
  const m = managed ?? {};
  const locked = LOCKABLE.filter((k) => m[k] !== undefined);
  return {
    defaultMode: m.defaultMode ?? user.defaultMode,
    showPartner: m.showPartner ?? user.showPartner,
    worklist: m.worklist ?? user.worklist,
    retentionDays: validRetention(m.retentionDays) ? m.retentionDays : user.retentionDays,
    customRules: [...checkedRules(m.customRules, 'org'), ...user.customRules],
    disabledRules: m.disabledRules ? [...m.disabledRules] : user.disabledRules,
    locked: [...locked],
  };
}

export interface SitePatch {
  mode?: SiteMode;
  showPartner?: boolean;
  ignored?: string[];
}

export interface Prefs {
  getUserSettings(): Promise<Settings>;
  getSettings(): Promise<EffectiveSettings>;
  /** Stores the user's choice (a managed value still wins on reading). Throws with a reason if invalid. */
  setSettings(patch: Partial<Settings>): Promise<EffectiveSettings>;
  getSite(hostname: string): Promise<SiteInfo | null>;
  setSite(hostname: string, patch: SitePatch): Promise<SiteInfo>;
  removeSite(hostname: string): Promise<void>;
  ignorePhrase(hostname: string, phrase: string): Promise<SiteInfo>;
  getEffectivePrefs(hostname: string): Promise<EffectivePrefs>;
}

export interface PrefsOptions {
  /** The organisation-policy seam; none yet. */
  managed?: ManagedSource;
  now?: () => number;
}

export function createPrefs(store: Store, options: PrefsOptions = {}): Prefs {
  const managed: ManagedSource = options.managed ?? (async () => undefined);
  const now = options.now ?? Date.now;

  const getUserSettings = async () =>
    sanitizeSettings(await store.read(['settings'], (tx) => tx.get('settings', SETTINGS_KEY)));
  const getSettings = async () => applyManaged(await getUserSettings(), await managed());
  const getSite = async (hostname: string) =>
    (await store.read(['sites'], (tx) => tx.get('sites', normalizeHostname(hostname)))) ?? null;

  const updateSite = async (hostname: string, change: (site: SiteRecord) => SiteRecord): Promise<SiteInfo> => {
    const host = normalizeHostname(hostname);
    // The default for a new listing is read before the transaction: nothing but the store is awaited inside.
    const settings = await getSettings();
    const fresh: SiteRecord = { hostname: host, mode: settings.defaultMode === 'everywhere' ? 'highlight' : 'off', ignored: [], updatedAt: now() };
    return store.write(['sites'], async (tx) => {
      const next = { ...change((await tx.get('sites', host)) ?? fresh), hostname: host, updatedAt: now() };
      await tx.put('sites', next);
      return next;
    });
  };

  return {
    getUserSettings,
    getSettings,
    async setSettings(patch) {
      const check = checkSettingsPatch(patch);
      if (!check.ok) throw new Error(check.reason);
      await store.write(['settings'], async (tx) => {
        const current = sanitizeSettings(await tx.get('settings', SETTINGS_KEY));
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        await tx.put('settings', sanitizeSettings({ ...current, ...defined }), SETTINGS_KEY);
      });
      return getSettings();
    },
    getSite,
    setSite(hostname, patch) {
      return updateSite(hostname, (site) => ({
        ...site,
        ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
        ...(patch.showPartner !== undefined ? { showPartner: patch.showPartner } : {}),
        ...(patch.ignored !== undefined ? { ignored: [...new Set(patch.ignored.map(phraseKey))].filter(Boolean).slice(0, LIMITS.ignored) } : {}),
      }));
    },
    async removeSite(hostname) {
      await store.write(['sites'], (tx) => tx.delete('sites', normalizeHostname(hostname)));
    },
    ignorePhrase(hostname, phrase) {
      const key = phraseKey(phrase);
      return updateSite(hostname, (site) => ({
        ...site,
        ignored: key && !site.ignored.includes(key) ? [...site.ignored, key].slice(-LIMITS.ignored) : site.ignored,
      }));
    },
    async getEffectivePrefs(hostname) {
      const host = normalizeHostname(hostname);
      const [user, site, policy] = await Promise.all([getUserSettings(), getSite(host), managed()]);
      return effectivePrefs(applyManaged(user, policy), site ?? undefined, host, policy?.sites);
    },
  };
}
