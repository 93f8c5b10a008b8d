import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/i18n';
import { compileMatcher } from '@/utils/engine/matcher';
import { checkPattern, validateRule, type RuleCheck } from '@/utils/engine/regex-check';
import { ruleIdFor } from '@/utils/engine/rules-file';
import type { Level, Match, Rule } from '@/utils/engine/types';

export interface RuleEditorProps {
  /** Ids already in use (built-in and custom), so that a new rule gets a fresh one. */
  takenIds: string[];
  /** The rule being edited; absent for a new rule. */
  initial?: Rule;
  onSave(rule: Rule): void | Promise<void>;
  onCancel?(): void;
  /** The check a rule must pass before it is saved (the real one by default). */
  validate?: (input: unknown) => RuleCheck;
  /** Text to try the rule on, before the user types any. */
  sampleText?: string;
}

type Kind = 'phrase' | 'pattern';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

let editorCount = 0;

export function RuleEditor({ takenIds, initial, onSave, onCancel, validate = validateRule, sampleText = '' }: RuleEditorProps) {
  const [uid] = useState(() => `rule-editor-${++editorCount}`);
  const [kind, setKind] = useState<Kind>(initial?.pattern !== undefined ? 'pattern' : 'phrase');
  const [phrases, setPhrases] = useState((initial?.variants ?? []).join('\n'));
  const [pattern, setPattern] = useState(initial?.pattern ?? '');
  const [suggestion, setSuggestion] = useState(initial?.suggestion ?? '');
  const [alternatives, setAlternatives] = useState((initial?.alternatives ?? []).join('\n'));
  const [level, setLevel] = useState<Level>(initial?.level ?? 'flag');
  const [reason, setReason] = useState(initial?.reason ?? '');
  const [testText, setTestText] = useState(sampleText);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** The pattern's own check runs a timing probe, so it waits for a pause in typing. */
  const [patternCheck, setPatternCheck] = useState<{ source: string; reason: string | null } | null>(null);

  const variants = lines(phrases);
  const id = useMemo(
    () => initial?.id ?? ruleIdFor(kind === 'phrase' ? (variants[0] ?? '') : pattern, takenIds),
    [initial?.id, kind, variants[0], pattern, takenIds.join('\n')],
  );

  const draft: Record<string, unknown> = {
    id,
    level,
    reason: reason.trim(),
    ...(kind === 'phrase' ? { variants } : { pattern }),
    ...(suggestion.trim() ? { suggestion: suggestion.trim() } : {}),
    alternatives: lines(alternatives),
    source: 'user',
  };

  // A refusal speaks about the rule as it was; once the user edits it, it no longer applies.
  useEffect(() => setError(null), [kind, phrases, pattern, suggestion, alternatives, level, reason]);

  useEffect(() => {
    if (kind !== 'pattern' || pattern.trim() === '') {
      setPatternCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      const check = checkPattern(pattern);
      setPatternCheck({ source: pattern, reason: check.ok ? null : check.reason });
    }, 300);
    return () => clearTimeout(timer);
  }, [kind, pattern]);

  // The live test runs the very matcher the pages run, on the rule as it stands.
  const test = useMemo((): { matches: Match[] } | { note: string } => {
    if (testText.trim() === '') return { note: t('ruleTestEmpty') };
    if (kind === 'phrase') {
      if (variants.length === 0) return { note: t('ruleTestNoPhrase') };
    } else {
      if (pattern.trim() === '') return { note: t('ruleTestNoPattern') };
      if (!patternCheck || patternCheck.source !== pattern) return { note: t('ruleTestChecking') };
      if (patternCheck.reason) return { note: patternCheck.reason };
    }
    const rule = { ...(draft as unknown as Rule), reason: reason || '—' };
    return { matches: compileMatcher([rule]).scan(testText) };
  }, [testText, kind, phrases, pattern, patternCheck, suggestion, alternatives, level]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const check = validate(draft);
    if (!check.ok) {
      setError(check.reason);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      await onSave(check.rule);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const f = (name: string) => `${uid}-${name}`;
  return (
    <form class="rule-editor card" onSubmit={submit} aria-labelledby={f('title')} noValidate>
      <h3 id={f('title')}>{initial ? t('ruleEditTitle', initial.id) : t('ruleNewTitle')}</h3>
      <fieldset class="row">
        <legend>{t('ruleFind')}</legend>
        <label>
          <input type="radio" name={f('kind')} checked={kind === 'phrase'} onChange={() => setKind('phrase')} /> {t('ruleKindPhrases')}
        </label>
        <label>
          <input type="radio" name={f('kind')} checked={kind === 'pattern'} onChange={() => setKind('pattern')} /> {t('ruleKindPattern')}
        </label>
      </fieldset>
      {kind === 'phrase' ? (
        <div class="field">
          <label for={f('phrases')}>{t('rulePhrasesLabel')}</label>
          <textarea
            id={f('phrases')}
            rows={2}
            value={phrases}
            aria-describedby={f('phrases-help')}
            onInput={(e) => setPhrases(e.currentTarget.value)}
          />
          <p id={f('phrases-help')} class="muted small">
            {t('rulePhrasesHelp')}
          </p>
        </div>
      ) : (
        <div class="field">
          <label for={f('pattern')}>{t('rulePatternLabel')}</label>
          <input
            id={f('pattern')}
            type="text"
            spellcheck={false}
            value={pattern}
            aria-describedby={f('pattern-help')}
            onInput={(e) => setPattern(e.currentTarget.value)}
          />
          <p id={f('pattern-help')} class="muted small">
            {t('rulePatternHelp')}
          </p>
        </div>
      )}
      <div class="field">
        <label for={f('suggestion')}>{t('ruleSuggestionLabel')}</label>
        <input id={f('suggestion')} type="text" value={suggestion} onInput={(e) => setSuggestion(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={f('alternatives')}>{t('ruleAlternativesLabel')}</label>
        <textarea id={f('alternatives')} rows={2} value={alternatives} onInput={(e) => setAlternatives(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={f('level')}>{t('ruleLevelLabel')}</label>
        <select id={f('level')} value={level} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
          <option value="flag">{t('ruleLevelFlagOption')}</option>
          <option value="hint">{t('ruleLevelHintOption')}</option>
          <option value="partner">{t('ruleLevelPartnerOption')}</option>
        </select>
      </div>
      <div class="field">
        <label for={f('reason')}>{t('ruleReasonLabel')}</label>
        <input id={f('reason')} type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>

      <div class="field rule-test">
        <label for={f('test')}>{t('ruleTestLabel')}</label>
        <textarea id={f('test')} rows={3} value={testText} onInput={(e) => setTestText(e.currentTarget.value)} />
        <div class="test-result" role="status" aria-live="polite">
          {'note' in test ? (
            <p class="muted">{test.note}</p>
          ) : test.matches.length === 0 ? (
            <p>{t('ruleTestNoMatch')}</p>
          ) : (
            <>
              <p>{test.matches.length === 1 ? t('ruleTestOneMatch') : t('ruleTestMatches', String(test.matches.length))}</p>
              <ul class="test-matches">
                {test.matches.map((m) => (
                  <li key={m.start}>
                    <mark>{m.text}</mark>
                    {m.quoted ? ` ${t('ruleTestQuoted')}` : m.suggestion ? ` → ${m.suggestion}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>

      {error && (
        <p class="error" role="alert" id={f('error')}>
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={saving}>
          {initial ? t('ruleSave') : t('ruleAdd')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
