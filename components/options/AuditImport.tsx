import { useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/i18n';
import type { AuditImportResult, AuditProblem, OrgAudit } from '@/utils/protocol/org-audit';

export interface AuditImportProps {
  /** The audit stored now, or null. */
  audit: OrgAudit | null;
  /** Sends the file's text to the background, which checks and stores it. */
  onImport(text: string): Promise<AuditImportResult>;
  onRemove(): Promise<void>;
}

/** The refusal in words: the file's name and the detail the check gave. */
const REFUSED: Record<AuditProblem, (file: string, detail: string) => string> = {
  'not-json': (file, detail) => t('auditRefusedNotJson', [file, detail]),
  'not-audit': (file, detail) => t('auditRefusedNotAudit', [file, detail]),
  'bad-field': (file, detail) => t('auditRefusedBadField', [file, detail]),
  'too-large': (file, detail) => t('auditRefusedTooLarge', [file, detail]),
};

/** Options, Data section: import the organisation's wiki audit (a bad file changes nothing and says why). */
export function AuditImport({ audit, onImport, onRemove }: AuditImportProps) {
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await onImport(await file.text());
      if ('imported' in result) {
        const a = result.imported;
        setStatus({ text: t('auditImported', [a.sitename || a.source, a.date.slice(0, 10), String(a.totals.pages)]) });
      } else {
        setStatus({ text: REFUSED[result.refused](file.name, result.detail), error: true });
      }
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await onRemove();
      setStatus({ text: t('auditRemoved') });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="audit-import" aria-busy={busy}>
      <h3 id="audit-import-heading">{t('auditImportHeading')}</h3>
      <p>{t('auditImportHelp')}</p>
      <p>{audit ? t('auditCurrent', [audit.sitename || audit.source, audit.date.slice(0, 10)]) : t('auditNone')}</p>
      <div class="row">
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('auditImportFileLabel')}
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
        />
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {t('auditImportButton')}
        </button>
        {audit && (
          <button type="button" disabled={busy} onClick={() => void remove()}>
            {t('auditRemove')}
          </button>
        )}
      </div>
      {status && (
        <p role={status.error ? 'alert' : 'status'} class={status.error ? 'error' : 'status'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
