import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@/utils/data/memory-store';
import { DEFAULT_SETTINGS, type Settings, type SiteMode } from '@/utils/protocol/model';
import type { Rule } from '@/utils/engine/types';
import { applyManaged, createPrefs, sanitizeSettings, type ManagedPolicy } from '@/utils/data/prefs';

const rule: Rule = { id: 'our-customers', level: 'flag', variants: ['our customers'], reason: 'Colleagues are partners.' };

describe('getEffectivePrefs: mode', () => {
  const cases: { defaultMode: Settings['defaultMode']; site?: SiteMode; managed?: ManagedPolicy; mode: SiteMode; locked?: string[] }[] = [
    { defaultMode: 'everywhere', mode: 'highlight' },
    { defaultMode: 'everywhere', site: 'off', mode: 'off' },
    { defaultMode: 'listed', mode: 'off' },
    { defaultMode: 'listed', site: 'highlight', mode: 'highlight' },
    { defaultMode: 'listed', site: 'off', mode: 'off' },
    { defaultMode: 'everywhere', managed: { defaultMode: 'listed' }, mode: 'off', locked: ['defaultMode'] },
    { defaultMode: 'listed', site: 'highlight', managed: { sites: { 'wiki.example': 'off' } }, mode: 'off', locked: ['mode'] },
    { defaultMode: 'everywhere', site: 'off', managed: { sites: { 'other.example': 'off' } }, mode: 'off' },
  ];
  it.each(cases)('default $defaultMode, site $site, managed $managed → $mode', async ({ defaultMode, site, managed, mode, locked }) => {
    const prefs = createPrefs(createMemoryStore(), { managed: async () => managed });
    await prefs.setSettings({ defaultMode });
    if (site) await prefs.setSite('wiki.example', { mode: site });
    const eff = await prefs.getEffectivePrefs('WIKI.example');
    expect(eff.mode).toBe(mode);
    expect(eff.locked).toEqual(locked);
  });
});

describe('preferences', () => {
  it('site showPartner overrides the default, unless the organisation locks it', async () => {
    let managed: ManagedPolicy | undefined;
    const prefs = createPrefs(createMemoryStore(), { managed: async () => managed });
    await prefs.setSite('wiki.example', { showPartner: true });
    expect((await prefs.getEffectivePrefs('wiki.example')).showPartner).toBe(true);
    expect((await prefs.getEffectivePrefs('other.example')).showPartner).toBe(false);
    managed = { showPartner: false };
    expect((await prefs.getEffectivePrefs('wiki.example')).showPartner).toBe(false);
  });

  it('ignores a phrase once, in one spelling', async () => {
    const prefs = createPrefs(createMemoryStore());
    await prefs.ignorePhrase('wiki.example', 'Internal Customers');
    await prefs.ignorePhrase('wiki.example', 'internal\u00a0customers');
    await prefs.ignorePhrase('wiki.example', 'internal-customers');
    expect((await prefs.getEffectivePrefs('wiki.example')).ignored).toEqual(['internal customers']);
    expect((await prefs.getEffectivePrefs('other.example')).ignored).toEqual([]);
  });

  it('organisation rules come first and user rules are kept', async () => {
    const prefs = createPrefs(createMemoryStore(), {
      managed: async () => ({ customRules: [{ ...rule, id: 'org-rule' }], disabledRules: ['internal-client'] }),
    });
    await prefs.setSettings({ customRules: [rule], disabledRules: ['customer-is-king'] });
    const eff = await prefs.getEffectivePrefs('wiki.example');
    expect(eff.customRules.map((r) => [r.id, r.source])).toEqual([['org-rule', 'org'], ['our-customers', 'user']]);
    expect(eff.disabledRules).toEqual(['internal-client']);
    expect((await prefs.getUserSettings()).disabledRules).toEqual(['customer-is-king']);
  });

  it.each([
    [{ retentionDays: 0 }, /retentionDays/],
    [{ retentionDays: 1.5 }, /retentionDays/],
    [{ customRules: [{ ...rule, pattern: '(' }] }, /custom rule 1/],
    [{ customRules: [{ ...rule, variants: undefined, pattern: 'a*' }] }, /empty string/],
  ] as [Partial<Settings>, RegExp][])('refuses %j', async (patch, reason) => {
    const prefs = createPrefs(createMemoryStore());
    await expect(prefs.setSettings(patch)).rejects.toThrow(reason);
    expect(await prefs.getUserSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('removes a site', async () => {
    const prefs = createPrefs(createMemoryStore());
    await prefs.setSite('wiki.example', { mode: 'off' });
    await prefs.removeSite('wiki.example');
    expect(await prefs.getSite('wiki.example')).toBeNull();
  });
});

describe('sanitizeSettings', () => {
  it.each([
    [undefined, DEFAULT_SETTINGS],
    ['garbage', DEFAULT_SETTINGS],
    [{ defaultMode: 'sometimes', retentionDays: -4, worklist: 'yes' }, DEFAULT_SETTINGS],
    [{ defaultMode: 'listed', retentionDays: 90, customRules: [rule, { id: 'broken' }] }, { ...DEFAULT_SETTINGS, defaultMode: 'listed', retentionDays: 90, customRules: [{ ...rule, alternatives: [], source: 'user' }] }],
  ])('%j', (raw, expected) => {
    expect(sanitizeSettings(raw)).toEqual(expected);
  });

  it('managed values win and are locked', () => {
    const eff = applyManaged({ ...DEFAULT_SETTINGS, worklist: true }, { worklist: false, retentionDays: 30 });
    expect(eff).toMatchObject({ worklist: false, retentionDays: 30 });
    expect(eff.locked.sort()).toEqual(['retentionDays', 'worklist']);
  });
});
