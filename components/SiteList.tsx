import { useState } from 'preact/hooks';
import type { SiteInfo, SiteMode } from '../utils/messages';

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

const MODE_LABEL: Record<SiteMode, string> = { highlight: 'Highlight', off: 'Off' };

export function SiteList({ sites, onSetMode, onRemove, onAdd }: SiteListProps) {
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<SiteMode>('highlight');
  const [error, setError] = useState<string | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    const host = hostnameFromInput(draft);
    if (!host) {
      setError('Enter a site such as wiki.example.com (or paste an address from it).');
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
          <strong>No sites listed yet.</strong> Sites you switch on or off in the popup, or add here, appear in this list.
        </p>
      ) : (
        <table>
          <caption class="visually-hidden">Listed sites</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Partner Lens</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
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
                    aria-label={`Partner Lens on ${s.hostname}`}
                    value={s.mode}
                    onChange={(e) => void onSetMode(s.hostname, e.currentTarget.value as SiteMode)}
                  >
                    <option value="highlight">{MODE_LABEL.highlight}</option>
                    <option value="off">{MODE_LABEL.off}</option>
                  </select>
                </td>
                <td>
                  <button type="button" aria-label={`Remove ${s.hostname}`} onClick={() => void onRemove(s.hostname)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="row add-site" onSubmit={add} noValidate>
        <label for="add-site-host">Add a site</label>
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
          Mode for the new site
        </label>
        <select id="add-site-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as SiteMode)}>
          <option value="highlight">{MODE_LABEL.highlight}</option>
          <option value="off">{MODE_LABEL.off}</option>
        </select>
        <button type="submit">Add site</button>
      </form>
      {error && (
        <p id="add-site-error" class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
