import type { Rule } from '../utils/types';
import { LockedNote } from './LockedNote';
import { useShownValue } from './use-shown-value';

export interface BuiltinRulesProps {
  rules: Rule[];
  disabled: string[];
  locked: boolean;
  onToggle(id: string, on: boolean): void;
}

const LEVEL = { flag: ['level-flag', 'flag'], hint: ['level-soft', 'hint'], partner: ['level-partner', 'partner language'] } as const;

export function BuiltinRules({ rules, disabled: saved, locked, onToggle }: BuiltinRulesProps) {
  const [disabled, setDisabled] = useShownValue(saved);
  return (
    <ul class="builtin-rules">
      {rules.map((r) => {
        const on = !disabled.includes(r.id);
        const [cls, name] = LEVEL[r.level];
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
                <strong>{r.variants?.join(', ')}</strong> <span class={`level ${cls}`}>{name}</span>
              </span>
            </label>
            <p id={reasonId} class="muted reason">
              {r.suggestion ? <>Suggests “{r.suggestion}”. </> : null}
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
