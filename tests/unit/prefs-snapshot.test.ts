import { describe, expect, it } from 'vitest';
import { prefsFromSnapshot, SNAPSHOT_KEY, siteKey, snapshotEntries, snapshotKeys } from '@/utils/protocol/prefs-snapshot';
import type { EffectiveSettings } from '@/utils/protocol/model';
import { DEFAULT_SETTINGS } from '@/utils/protocol/model';

const settings: EffectiveSettings = { ...DEFAULT_SETTINGS, disabledRules: ['internal-supplier'], locked: [] };
const site = { hostname: 'wiki.example', mode: 'off' as const, ignored: ['internal customers'], updatedAt: 1 };
const good = snapshotEntries(settings, { 'locked.example': 'off' }, [site]);
const base = good[SNAPSHOT_KEY] as Record<string, unknown>;

describe('the copy of the preferences', () => {
  it.each<[string, string, object]>([
    ['a listed site', 'wiki.example', { mode: 'off', ignored: ['internal customers'], disabledRules: ['internal-supplier'] }],
    ['a site written as the browser may give it', 'Wiki.Example.', { mode: 'off', ignored: ['internal customers'] }],
    ['a site without an entry: the default', 'docs.example', { mode: 'highlight', ignored: [] }],
    ['a site the organisation set', 'locked.example', { mode: 'off', locked: ['mode'] }],
  ])('gives the preferences of %s', (_, host, expected) => {
    const stored = Object.fromEntries(snapshotKeys(host).filter((k) => k in good).map((k) => [k, good[k]]));
    expect(prefsFromSnapshot(stored, host)).toMatchObject(expected);
  });

  it.each<[string, unknown]>([
    ['nothing stored yet', {}],
    ['not an object', 'prefs'],
    ['an older version', { [SNAPSHOT_KEY]: { ...base, v: 0 } }],
    ['settings without their fields', { [SNAPSHOT_KEY]: { ...base, settings: { defaultMode: 'everywhere' } } }],
    ['a mode nobody knows', { [SNAPSHOT_KEY]: { ...base, settings: { ...settings, defaultMode: 'sometimes' } } }],
    ['an organisation site with a bad mode', { [SNAPSHOT_KEY]: { ...base, managedSites: { 'a.example': 'yes' } } }],
    ['a damaged site entry', { [SNAPSHOT_KEY]: base, [siteKey('wiki.example')]: { mode: 'off', ignored: 'all' } }],
    ['a site entry with a bad partner choice', { [SNAPSHOT_KEY]: base, [siteKey('wiki.example')]: { mode: 'off', ignored: [], showPartner: 'yes' } }],
  ])('is not used when it is %s', (_, stored) => {
    expect(prefsFromSnapshot(stored, 'wiki.example')).toBeNull();
  });
});
