import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BuiltinRules, ruleLevelName } from '@/components/BuiltinRules';
import { LockedNote } from '@/components/LockedNote';
import { RuleEditor } from '@/components/RuleEditor';
import { AuditImport } from '@/components/options/AuditImport';
import type { OrgAudit } from '@/utils/protocol/org-audit';
import { SiteList } from '@/components/SiteList';
import { useShownValue } from '@/components/use-shown-value';
import { downloadFiles, savedFilesMessage } from '@/components/download-files';
import { t } from '@/utils/i18n/i18n';
import { DEFAULT_SETTINGS, request, type ExtensionPageMessage, type ReplyMap, type Settings, type SiteInfo, type SiteMode } from '@/utils/protocol/messages';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { mergeRules, parseRulesFile, rulesFileContent } from '@/utils/engine/rules-file';
import type { Rule } from '@/utils/engine/types';

const ask = <M extends ExtensionPageMessage>(message: M): Promise<ReplyMap[M['type']]> =>
  request((m: M) => browser.runtime.sendMessage(m), message);

type EffectiveSettings = Settings & { locked: string[] };
type Status = { text: string; error?: boolean };

export function Options() {
  const [settings, setSettings] = useState<EffectiveSettings | null>(null);
  const [sites, setSites] = useState<SiteInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

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
          <WhereSection settings={settings} sites={sites} save={save} refreshSites={refresh} />
          <RulesSection settings={settings} save={save} />
          <DataSection settings={settings} save={save} afterReset={refresh} />
        </>
      )}
    </main>
  );
}

interface SectionProps {
  settings: EffectiveSettings;
  save(patch: Partial<Settings>): Promise<void>;
}

function useStatus(): [Status | null, (s: Status | null) => void, (work: () => Promise<unknown>, done?: string) => Promise<void>] {
  const [status, setStatus] = useState<Status | null>(null);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setStatus(null);
    try {
      await work();
      if (done) setStatus({ text: done });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };
  return [status, setStatus, run];
}

function StatusLine({ status }: { status: Status | null }) {
  // Always in the DOM so that screen readers hear each change.
  return (
    <p class={`status ${status?.error ? 'error' : 'muted'}`} role={status?.error ? 'alert' : 'status'}>
      {status?.text ?? ''}
    </p>
  );
}

function WhereSection({ settings, sites, save, refreshSites }: SectionProps & { sites: SiteInfo[]; refreshSites(): Promise<void> }) {
  const [status, , run] = useStatus();
  const locked = settings.locked.includes('defaultMode');
  // Shown at once: a controlled radio would otherwise spring back until the save answers.
  const [defaultMode, setDefaultMode] = useShownValue(settings.defaultMode);
  const chooseDefault = (mode: Settings['defaultMode'], done: string) => {
    setDefaultMode(mode);
    void run(async () => {
      try {
        await save({ defaultMode: mode });
      } catch (e) {
        setDefaultMode(settings.defaultMode);
        throw e;
      }
    }, done);
  };
  const setMode = (hostname: string, mode: SiteMode) => run(async () => {
    await ask({ type: 'set-site', hostname, mode });
    await refreshSites();
  }, mode === 'off' ? t('siteStatusOff', hostname) : t('siteStatusHighlight', hostname));
  return (
    <section aria-labelledby="where-heading" class="card">
      <h2 id="where-heading">{t('whereHeading')}</h2>
      <fieldset disabled={locked} aria-describedby={locked ? 'default-locked' : undefined}>
        <legend>{t('defaultLegend')}</legend>
        <label class="row">
          <input
            type="radio"
            name="default-mode"
            checked={defaultMode === 'everywhere'}
            onChange={() => chooseDefault('everywhere', t('defaultEverywhereDone'))}
          />
          {t('defaultEverywhere')}
        </label>
        <label class="row">
          <input
            type="radio"
            name="default-mode"
            checked={defaultMode === 'listed'}
            onChange={() => chooseDefault('listed', t('defaultListedDone'))}
          />
          {t('defaultListed')}
        </label>
        {locked && <LockedNote id="default-locked" />}
      </fieldset>
      <h3>{t('sitesHeading')}</h3>
      <SiteList
        sites={sites}
        onSetMode={setMode}
        onAdd={setMode}
        onRemove={(hostname) =>
          run(async () => {
            await ask({ type: 'remove-site', hostname });
            await refreshSites();
          }, t('siteRemoved', hostname))
        }
      />
      <StatusLine status={status} />
    </section>
  );
}

function RulesSection({ settings, save }: SectionProps) {
  const [status, setStatus, run] = useStatus();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const userRules = settings.customRules.filter((r) => r.source !== 'org');
  const orgRules = settings.customRules.filter((r) => r.source === 'org');
  const disabledLocked = settings.locked.includes('disabledRules');
  const takenIds = [...BUILTIN_RULES, ...settings.customRules].map((r) => r.id);

  const saveRules = (rules: Rule[]) => save({ customRules: rules.map((r) => ({ ...r, source: 'user' as const })) });

  const saveRule = async (rule: Rule) => {
    const next = editing !== null && editing !== 'new' ? userRules.map((r) => (r.id === editing.id ? rule : r)) : [...userRules, rule];
    await saveRules(next);
    setEditing(null);
    setStatus({ text: t('ruleSavedStatus', rule.id) });
  };

  const importRules = async (file: File) => {
    const parsed = parseRulesFile(await file.text());
    if (!parsed.ok) {
      setStatus({ text: t('importNothing', parsed.reason), error: true });
      return;
    }
    const count = parsed.rules.length;
    await run(
      () => saveRules(mergeRules(userRules, parsed.rules)),
      count === 1 ? t('importedRulesOne', file.name) : t('importedRulesMany', [String(count), file.name]),
    );
  };

  return (
    <section aria-labelledby="rules-heading" class="card">
      <h2 id="rules-heading">{t('rulesHeading')}</h2>
      <h3>{t('builtinHeading')}</h3>
      <BuiltinRules
        rules={BUILTIN_RULES}
        disabled={settings.disabledRules}
        locked={disabledLocked}
        onToggle={(id, on) =>
          run(
            () => save({ disabledRules: on ? settings.disabledRules.filter((d) => d !== id) : [...settings.disabledRules, id] }),
            on ? t('ruleOnStatus', id) : t('ruleOffStatus', id),
          )
        }
      />
      <h3>{t('yourRulesHeading')}</h3>
      {userRules.length === 0 && editing === null ? (
        <p class="empty">
          <strong>{t('noOwnRules')}</strong> {t('noOwnRulesBody')}
        </p>
      ) : (
        <ul class="custom-rules">
          {userRules.map((r) => (
            <li key={r.id} class="custom-rule">
              <div>
                <strong>{r.variants?.join(', ') ?? `/${r.pattern}/`}</strong> <span class="muted">({ruleLevelName(r.level)})</span>
                {r.suggestion && <> → “{r.suggestion}”</>}
                <p class="muted reason">{r.reason}</p>
              </div>
              <div class="row">
                <button type="button" aria-label={t('editRuleLabel', r.id)} onClick={() => setEditing(r)}>
                  {t('editRule')}
                </button>
                <button
                  type="button"
                  aria-label={t('deleteRuleLabel', r.id)}
                  onClick={() => run(() => saveRules(userRules.filter((x) => x.id !== r.id)), t('ruleDeleted', r.id))}
                >
                  {t('deleteRule')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing !== null ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          takenIds={takenIds}
          initial={editing === 'new' ? undefined : editing}
          onSave={saveRule}
          onCancel={() => setEditing(null)}
          sampleText={t('optionsSampleText')}
        />
      ) : (
        <div class="row">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            {t('addRule')}
          </button>
          <button
            type="button"
            disabled={userRules.length === 0}
            onClick={() => downloadFiles([{ filename: 'partner-lens-rules.json', mimeType: 'application/json', content: rulesFileContent(userRules) }])}
          >
            {t('exportRules')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            {t('importRules')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            class="visually-hidden"
            tabIndex={-1}
            aria-label={t('importRulesFileLabel')}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importRules(file);
            }}
          />
        </div>
      )}
      {orgRules.length > 0 && (
        <>
          <h3>{t('orgRulesHeading')}</h3>
          <ul class="custom-rules">
            {orgRules.map((r) => (
              <li key={r.id} class="custom-rule">
                <div>
                  <strong>{r.variants?.join(', ') ?? `/${r.pattern}/`}</strong> <span class="muted">({ruleLevelName(r.level)})</span>
                  <p class="muted reason">{r.reason}</p>
                </div>
                <LockedNote id={`org-${r.id}`} />
              </li>
            ))}
          </ul>
        </>
      )}
      <StatusLine status={status} />
    </section>
  );
}

function DataSection({ settings, save, afterReset }: SectionProps & { afterReset(): Promise<void> }) {
  const [status, setStatus, run] = useStatus();
  const [retention, setRetention] = useState(String(settings.retentionDays));
  const [includeWorklist, setIncludeWorklist] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [audit, setAudit] = useState<OrgAudit | null>(null);
  useEffect(() => void ask({ type: 'get-audit' }).then(setAudit, () => undefined), []);
  const figuresInput = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const isLocked = (key: keyof Settings) => settings.locked.includes(key);

  useEffect(() => setRetention(String(settings.retentionDays)), [settings.retentionDays]);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const saveRetention = (event: Event) => {
    event.preventDefault();
    const days = Number(retention);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      setStatus({ text: t('retentionInvalid'), error: true });
      return;
    }
    if (days !== settings.retentionDays) void run(() => save({ retentionDays: days }), t('retentionSaved', String(days)));
  };

  const importFigures = async (file: File) => {
    await run(async () => {
      const result = await ask({ type: 'import', data: await file.text() });
      setStatus({ text: t('importedFigures', [file.name, String(result.merged), String(result.unchanged), String(result.skipped)]) });
    });
  };

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
    <section aria-labelledby="data-heading" class="card">
      <h2 id="data-heading">{t('dataHeading')}</h2>
      <Toggle
        id="show-partner"
        label={t('showPartnerLabel')}
        checked={settings.showPartner}
        locked={isLocked('showPartner')}
        onChange={(on) => run(() => save({ showPartner: on }), on ? t('showPartnerOn') : t('showPartnerOff'))}
      />
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
      <form class="row" onSubmit={saveRetention}>
        <label for="retention">{t('retentionLabel')}</label>
        <input
          id="retention"
          type="number"
          min={1}
          max={3650}
          step={1}
          value={retention}
          disabled={isLocked('retentionDays')}
          aria-describedby={isLocked('retentionDays') ? 'retention-locked' : undefined}
          onInput={(e) => setRetention(e.currentTarget.value)}
          onBlur={saveRetention}
        />
        <span>{t('retentionUnit')}</span>
        <button type="submit" disabled={isLocked('retentionDays')}>
          {t('save')}
        </button>
        {isLocked('retentionDays') && <LockedNote id="retention-locked" />}
      </form>

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
        <button type="button" onClick={() => figuresInput.current?.click()}>
          {t('importFigures')}
        </button>
        <input
          ref={figuresInput}
          type="file"
          accept=".json,application/json"
          class="visually-hidden"
          tabIndex={-1}
          aria-label={t('importFiguresFileLabel')}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importFigures(file);
          }}
        />
      </div>
      <AuditImport
        audit={audit}
        onImport={(data) => ask({ type: 'import-audit', data }).then((r) => ('imported' in r && setAudit(r.imported), r))}
        onRemove={() => ask({ type: 'remove-audit' }).then(() => setAudit(null))}
      />

      <h3>{t('startAfreshHeading')}</h3>
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {t('resetConfirmText')}
          </p>
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
    </section>
  );
}

interface ToggleProps {
  id: string;
  label: string;
  checked: boolean;
  locked: boolean;
  onChange(on: boolean): void;
}

function Toggle({ id, label, checked: saved, locked, onChange }: ToggleProps) {
  const [checked, setChecked] = useShownValue(saved);
  return (
    <div class="row toggle">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={locked}
        aria-describedby={locked ? `${id}-locked` : undefined}
        onChange={(e) => {
          setChecked(e.currentTarget.checked);
          onChange(e.currentTarget.checked);
        }}
      />
      <label for={id}>{label}</label>
      {locked && <LockedNote id={`${id}-locked`} />}
    </div>
  );
}
