import { t } from '@/utils/i18n/i18n';
import type { Level, Rule } from '@/utils/engine/types';
import { LockedNote } from './LockedNote';
import { useShownValue } from './use-shown-value';

export interface BuiltinRulesProps {
  rules: Rule[];
  disabled: string[];
  locked: boolean;
  onToggle(id: string, on: boolean): void;
}

const LEVEL_CLASS = { flag: 'level-flag', hint: 'level-soft', partner: 'level-partner' } as const;

/** A rule's level as the options page names it. */
export function ruleLevelName(level: Level): string {
  return level === 'flag' ? t('ruleLevelFlag') : level === 'hint' ? t('ruleLevelHint') : t('ruleLevelPartner');
}

export function BuiltinRules({ rules, disabled: saved, locked, onToggle }: BuiltinRulesProps) {
  const [disabled, setDisabled] = useShownValue(saved);
  return (
    <ul class="builtin-rules">
      {rules.map((r) => {
        const on = !disabled.includes(r.id);
        const cls = LEVEL_CLASS[r.level];
        const reasonId = `builtin-${r.id}-reason`;
        return (
          <li key={r.id} class="builtin-rule">
            <label class="rule-toggle">
              <input
                type="checkbox"
                checked={on}
                disabled={locked}
                aria-describedby={locked ? `${reasonId} builtin-locked` : reasonId}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setDisabled(checked ? disabled.filter((d) => d !== r.id) : [...disabled, r.id]);
                  onToggle(r.id, checked);
                }}
              />
              <span>
                <strong>{r.variants?.join(', ')}</strong> <span class={`level ${cls}`}>{ruleLevelName(r.level)}</span>
              </span>
            </label>
            <p id={reasonId} class="muted reason">
              {r.suggestion ? <>{t('builtinSuggests', r.suggestion)} </> : null}
              {r.reason}
            </p>
          </li>
        );
      })}
      {locked && (
        <li>
          <LockedNote id="builtin-locked" />
        </li>
      )}
    </ul>
  );
}
