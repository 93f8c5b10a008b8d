import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n/i18n';
import type { SiteInfo, SiteMode } from '@/utils/protocol/messages';

export interface SiteListProps {
  sites: SiteInfo[];
  onSetMode(hostname: string, mode: SiteMode): void | Promise<void>;
  onRemove(hostname: string): void | Promise<void>;
  onAdd(hostname: string, mode: SiteMode): void | Promise<void>;
}

/** A hostname from what people paste: a bare host, or a whole address. */
export function hostnameFromInput(input: string): string | null {
  const text = input.trim().toLowerCase();
  if (!text) return null;
  let host = text;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  return /^[a-z0-9.:[\]_-]+$/.test(host) && host.length <= 253 ? host : null;
}

function ModeOptions() {
  return (
    <>
      <option value="highlight">{t('siteModeHighlight')}</option>
      <option value="off">{t('siteModeOff')}</option>
    </>
  );
}

export function SiteList({ sites, onSetMode, onRemove, onAdd }: SiteListProps) {
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<SiteMode>('highlight');
  const [error, setError] = useState<string | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    const host = hostnameFromInput(draft);
    if (!host) {
      setError(t('siteInvalid'));
      return;
    }
    setError(null);
    await onAdd(host, mode);
    setDraft('');
  };

  return (
    <div class="site-list">
      {sites.length === 0 ? (
        <p class="empty">
          <strong>{t('sitesEmpty')}</strong> {t('sitesEmptyBody')}
        </p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('sitesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sitesColSite')}</th>
              <th scope="col">{t('extName')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('sitesColActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.hostname}>
                <th scope="row" class="host">
                  {s.hostname}
                </th>
                <td>
                  <select
                    aria-label={t('siteModeLabel', s.hostname)}
                    value={s.mode}
                    onChange={(e) => void onSetMode(s.hostname, e.currentTarget.value as SiteMode)}
                  >
                    <ModeOptions />
                  </select>
                </td>
                <td>
                  <button type="button" aria-label={t('siteRemoveLabel', s.hostname)} onClick={() => void onRemove(s.hostname)}>
                    {t('siteRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="row add-site" onSubmit={add} noValidate>
        <label for="add-site-host">{t('siteAddLabel')}</label>
        <input
          id="add-site-host"
          type="text"
          placeholder="wiki.example.com"
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'add-site-error' : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <label for="add-site-mode" class="visually-hidden">
          {t('siteAddModeLabel')}
        </label>
        <select id="add-site-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as SiteMode)}>
          <ModeOptions />
        </select>
        <button type="submit">{t('siteAddButton')}</button>
      </form>
      {error && (
        <p id="add-site-error" class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
