import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DataSection } from '@/components/options/DataSection';
import { RulesSection } from '@/components/options/RulesSection';
import { WhereSection } from '@/components/options/WhereSection';
import type { EffectiveSettings } from '@/utils/protocol/model';
import { AuditImport } from '@/components/options/AuditImport';
import type { OrgAudit } from '@/utils/protocol/org-audit';
import { t } from '@/utils/i18n/i18n';
import { request, type ExtensionPageMessage, type ReplyMap, type Settings, type SiteInfo } from '@/utils/protocol/messages';

const ask = <M extends ExtensionPageMessage>(message: M): Promise<ReplyMap[M['type']]> =>
  request((m: M) => browser.runtime.sendMessage(m), message);

const SECTIONS = [
  ['where', () => t('whereHeading')],
  ['rules', () => t('rulesHeading')],
  ['data', () => t('dataHeading')],
] as const;

export function Options() {
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  const [sites, setSites] = useState<SiteInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [audit, setAudit] = useState<OrgAudit | null>(null);
  useEffect(() => void ask({ type: 'get-audit' }).then(setAudit, () => undefined), []);

  const refresh = async () => {
    try {
      const [s, list] = await Promise.all([ask({ type: 'get-settings' }), ask({ type: 'list-sites' })]);
      setSettings(s);
      setSites(list);
    } catch (e) {
      setLoadError((e as Error).message);
    }
  };
  useEffect(() => {
    void refresh();
  }, []);

  const save = async (patch: Partial<Settings>): Promise<void> => {
    setSettings(await ask({ type: 'set-settings', settings: patch }));
  };

  return (
    <div class="options-layout">
      <nav class="options-nav" aria-label={t('optionsNavLabel')}>
        <ul>
          {SECTIONS.map(([id, name]) => (
            <li key={id}>
              <a href={`#${id}`}>{name()}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="options">
        <header>
          <h1>
            <img src="/icon/48.png" alt="" width="28" height="28" /> {t('optionsTitle')}
          </h1>
          <p class="muted">{t('optionsLocal')}</p>
        </header>
        {loadError && (
          <p class="error" role="alert">
            {t('optionsLoadError', loadError)}
          </p>
        )}
        {settings === null || sites === null ? (
          <p class="muted loading-placeholder" aria-busy="true">
            {t('optionsLoading')}
          </p>
        ) : (
          <>
            <WhereSection
              settings={settings}
              sites={sites}
              save={save}
              setSite={async (hostname, mode) => {
                await ask({ type: 'set-site', hostname, mode });
                await refresh();
              }}
              removeSite={async (hostname) => {
                await ask({ type: 'remove-site', hostname });
                await refresh();
              }}
            />
            <RulesSection settings={settings} save={save} />
            <DataSection settings={settings} save={save} afterReset={refresh}>
              <AuditImport
                audit={audit}
                onImport={(data) => ask({ type: 'import-audit', data }).then((r) => ('imported' in r && setAudit(r.imported), r))}
                onRemove={() => ask({ type: 'remove-audit' }).then(() => setAudit(null))}
              />
            </DataSection>
          </>
        )}
      </main>
    </div>
  );
}
