import { useState } from 'preact/hooks';
import { BuiltinRules, ruleLevelName } from '@/components/BuiltinRules';
import { LockedNote } from '@/components/LockedNote';
import { RuleEditor } from '@/components/RuleEditor';
import { downloadFiles } from '@/components/download-files';
import { t } from '@/utils/i18n/i18n';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { mergeRules, parseRulesFile, rulesFileContent } from '@/utils/engine/rules-file';
import { ruleNamer } from '@/utils/engine/rule-names';
import type { Rule } from '@/utils/engine/types';
import { FilePicker } from './FilePicker';
import { StatusLine, Toggle, useStatus, type SectionProps } from './status';

/** How a rule is named to people: the first phrase it finds, or its pattern; never its id. */
export const ruleLabel = (r: Rule) => r.variants?.[0] ?? `/${r.pattern}/`;

export function RulesSection({ settings, save }: SectionProps) {
  const [status, setStatus, run] = useStatus();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const userRules = settings.customRules.filter((r) => r.source !== 'org');
  const orgRules = settings.customRules.filter((r) => r.source === 'org');
  const disabledLocked = settings.locked.includes('disabledRules');
  const takenIds = [...BUILTIN_RULES, ...settings.customRules].map((r) => r.id);
  const name = ruleNamer(settings.customRules);

  const saveRules = (rules: Rule[]) => save({ customRules: rules.map((r) => ({ ...r, source: 'user' as const })) });

  const saveRule = async (rule: Rule) => {
    const next = editing !== null && editing !== 'new' ? userRules.map((r) => (r.id === editing.id ? rule : r)) : [...userRules, rule];
    await saveRules(next);
    setEditing(null);
    setStatus({ text: t('ruleSavedStatus', ruleLabel(rule)) });
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
    <section id="rules" aria-labelledby="rules-heading" class="card">
      <h2 id="rules-heading">{t('rulesHeading')}</h2>
      <Toggle
        id="show-partner"
        label={t('showPartnerLabel')}
        checked={settings.showPartner}
        locked={settings.locked.includes('showPartner')}
        onChange={(on) => run(() => save({ showPartner: on }), on ? t('showPartnerOn') : t('showPartnerOff'))}
      />
      <h3>{t('builtinHeading')}</h3>
      <BuiltinRules
        rules={BUILTIN_RULES}
        disabled={settings.disabledRules}
        locked={disabledLocked}
        onToggle={(id, on) =>
          run(
            () => save({ disabledRules: on ? settings.disabledRules.filter((d) => d !== id) : [...settings.disabledRules, id] }),
            on ? t('ruleOnStatus', name(id)) : t('ruleOffStatus', name(id)),
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
                <strong>{r.variants?.join(', ') ?? `/${r.pattern}/`}</strong> <span class={`level level-${r.level === 'hint' ? 'soft' : r.level}`}>{ruleLevelName(r.level)}</span>
                {r.suggestion && <> → “{r.suggestion}”</>}
                <p class="muted reason">{r.reason}</p>
              </div>
              <div class="row">
                <button type="button" aria-label={t('editRuleLabel', ruleLabel(r))} onClick={() => setEditing(r)}>
                  {t('editRule')}
                </button>
                <button
                  type="button"
                  aria-label={t('deleteRuleLabel', ruleLabel(r))}
                  onClick={() => run(() => saveRules(userRules.filter((x) => x.id !== r.id)), t('ruleDeleted', ruleLabel(r)))}
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
          <FilePicker label={t('importRules')} inputLabel={t('importRulesFileLabel')} accept=".json,application/json" onFile={(f) => void importRules(f)} />
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
