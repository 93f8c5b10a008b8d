import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LockedNote } from '@/components/LockedNote';
import { downloadFiles, savedFilesMessage } from '@/components/download-files';
import { t } from '@/utils/i18n/i18n';
import { DEFAULT_SETTINGS, request, type ExtensionPageMessage, type ReplyMap, type Settings } from '@/utils/protocol/messages';
import { FilePicker } from './FilePicker';
import { StatusLine, Toggle, useStatus, type SectionProps } from './status';

const ask = <M extends ExtensionPageMessage>(message: M): Promise<ReplyMap[M['type']]> =>
  request((m: M) => browser.runtime.sendMessage(m), message);

const MAX_DAYS = 3650;

export function DataSection({ settings, save, afterReset, children }: SectionProps & { afterReset(): Promise<void>; children?: ComponentChildren }) {
  const [status, setStatus, run] = useStatus();
  const [retention, setRetention] = useState(String(settings.retentionDays));
  const [retentionError, setRetentionError] = useState<string | null>(null);
  const [includeWorklist, setIncludeWorklist] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const isLocked = (key: keyof Settings) => settings.locked.includes(key);

  useEffect(() => setRetention(String(settings.retentionDays)), [settings.retentionDays]);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  // Saved like every other setting: as soon as the value is complete (on leaving the field or Enter).
  const saveRetention = (event?: Event) => {
    event?.preventDefault();
    const days = Number(retention);
    if (retention.trim() === '' || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      setRetentionError(t('retentionInvalid'));
      return;
    }
    setRetentionError(null);
    if (days !== settings.retentionDays) void run(() => save({ retentionDays: days }), t('retentionSaved', String(days)));
  };

  const importFigures = (file: File) =>
    run(async () => {
      const result = await ask({ type: 'import', data: await file.text() });
      setStatus({ text: t('importedFigures', [file.name, String(result.merged), String(result.unchanged), String(result.skipped)]) });
    });

  const resetAll = () =>
    run(async () => {
      await ask({ type: 'reset' });
      const sites = await ask({ type: 'list-sites' });
      await Promise.all(sites.map((s) => ask({ type: 'remove-site', hostname: s.hostname })));
      const defaults: Partial<Settings> = { ...DEFAULT_SETTINGS };
      for (const key of settings.locked) delete defaults[key as keyof Settings];
      await save(defaults);
      await afterReset();
      setConfirming(false);
    }, t('resetDone'));

  return (
    <section id="data" aria-labelledby="data-heading" class="card">
      <h2 id="data-heading">{t('dataHeading')}</h2>
      <form class="field" onSubmit={saveRetention} noValidate>
        <label for="retention">{t('retentionLabel')}</label>
        <div class="row">
          <input
            id="retention"
            type="number"
            min={1}
            max={MAX_DAYS}
            step={1}
            value={retention}
            disabled={isLocked('retentionDays')}
            aria-invalid={retentionError ? 'true' : undefined}
            aria-describedby={[retentionError ? 'retention-error' : '', isLocked('retentionDays') ? 'retention-locked' : ''].filter(Boolean).join(' ') || undefined}
            onInput={(e) => setRetention(e.currentTarget.value)}
            onBlur={() => saveRetention()}
          />
          <span>{t('retentionUnit')}</span>
          {isLocked('retentionDays') && <LockedNote id="retention-locked" />}
        </div>
        {retentionError && (
          <p id="retention-error" class="field-error">
            {retentionError}
          </p>
        )}
      </form>
      <Toggle
        id="worklist"
        label={t('worklistLabel')}
        checked={settings.worklist}
        locked={isLocked('worklist')}
        onChange={(on) => run(() => save({ worklist: on }), on ? t('worklistOn') : t('worklistOff'))}
      />
      <div class="row">
        <button type="button" onClick={() => run(() => ask({ type: 'clear-worklist' }), t('worklistCleared'))}>
          {t('clearWorklist')}
        </button>
      </div>

      <h3>{t('figuresHeading')}</h3>
      <label class="row">
        <input type="checkbox" checked={includeWorklist} onChange={(e) => setIncludeWorklist(e.currentTarget.checked)} />
        {t('includeWorklistExports')}
      </label>
      <div class="row">
        {(['json', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            onClick={() =>
              run(async () => {
                const files = await ask({ type: 'export', format, includeWorklist });
                downloadFiles(files);
                setStatus({ text: savedFilesMessage(files) });
              })
            }
          >
            {format === 'json' ? t('exportJson') : t('exportCsv')}
          </button>
        ))}
        <FilePicker label={t('importFigures')} inputLabel={t('importFiguresFileLabel')} accept=".json,application/json" onFile={(f) => void importFigures(f)} />
      </div>

      <h3>{t('startAfreshHeading')}</h3>
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="confirm-text">
          <p id="confirm-text">{t('resetConfirmText')}</p>
          <div class="row">
            <button type="button" class="danger" ref={confirmButton} onClick={() => void resetAll()}>
              {t('resetConfirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          {t('resetAll')}
        </button>
      )}
      <StatusLine status={status} />
      {children}
    </section>
  );
}
