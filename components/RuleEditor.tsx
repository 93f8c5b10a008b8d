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

type Field = 'phrases' | 'pattern' | 'reason';
type FieldErrors = Partial<Record<Field, string>>;
/** The order of the fields on the form: the first one in error gets the focus. */
const FIELD_ORDER: Field[] = ['phrases', 'pattern', 'reason'];

/** What is wrong with each field, in plain words, before the engine's own check runs. */
export function checkFields(draft: { kind: Kind; variants: string[]; pattern: string; reason: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.kind === 'phrase') {
    const blank = draft.variants.find((v) => !/[\p{L}\p{N}]/u.test(v));
    const long = draft.variants.find((v) => v.length > 100);
    if (draft.variants.length === 0) errors.phrases = t('ruleErrPhrasesEmpty');
    else if (blank) errors.phrases = t('ruleErrPhraseNoLetters', blank);
    else if (long) errors.phrases = t('ruleErrPhraseLong', `${long.slice(0, 24)}…`);
  } else if (draft.pattern.trim() === '') {
    errors.pattern = t('ruleErrPatternEmpty');
  } else {
    const check = checkPattern(draft.pattern);
    if (!check.ok) errors.pattern = plainPatternError(check.reason);
  }
  if (draft.reason.trim() === '') errors.reason = t('ruleErrReasonEmpty');
  return errors;
}

/**
 * The engine's refusal of a pattern without the engine's own wording doubled in: "not a valid
 * regular expression: Invalid regular expression: /x(/: Unterminated group" says "Unterminated group".
 */
export function plainPatternError(reason: string): string {
  const invalid = /not a valid regular expression(?::\s*(.*))?$/.exec(reason);
  if (!invalid) return reason;
  const detail = invalid[1]?.split(': ').pop()?.trim();
  return detail ? t('ruleErrPatternInvalid', detail) : t('ruleErrPatternInvalidPlain');
}

/** Refusals from the engine name the rule by its internal id; people do not know that id. */
const withoutRuleId = (reason: string) => reason.replace(/^Rule "[^"]*": /, '');

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
  /** Problems of single fields, shown on the field itself. */
  const [errors, setErrors] = useState<FieldErrors>({});
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
  const edited = (field: Field) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));

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
      if (patternCheck.reason) return { note: t('ruleTestFixPattern') };
    }
    const rule = { ...(draft as unknown as Rule), reason: reason || '—' };
    return { matches: compileMatcher([rule]).scan(testText) };
  }, [testText, kind, phrases, pattern, patternCheck, suggestion, alternatives, level]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = checkFields({ kind, variants, pattern, reason });
    setErrors(found);
    const first = FIELD_ORDER.find((name) => found[name]);
    if (first) {
      (document.getElementById(f(first)) as HTMLElement | null)?.focus();
      return;
    }
    const check = validate(draft);
    if (!check.ok) {
      setError(withoutRuleId(check.reason));
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
  // The live check of a pattern speaks on the field as soon as typing pauses.
  const patternError =
    errors.pattern ?? (kind === 'pattern' && patternCheck?.source === pattern && patternCheck.reason ? plainPatternError(patternCheck.reason) : undefined);
  const shown: FieldErrors = { ...errors, pattern: patternError };
  /** The attributes that tie a field to its help and its error. */
  const described = (name: Field, help?: boolean) => ({
    'aria-invalid': shown[name] ? ('true' as const) : undefined,
    'aria-describedby': [help ? f(`${name}-help`) : '', shown[name] ? f(`${name}-error`) : ''].filter(Boolean).join(' ') || undefined,
  });
  const fieldError = (name: Field) =>
    shown[name] ? (
      <p id={f(`${name}-error`)} class="field-error">
        {shown[name]}
      </p>
    ) : null;
  const required = <span class="required"> {t('ruleRequired')}</span>;
  return (
    <form class="rule-editor card" onSubmit={submit} aria-labelledby={f('title')} noValidate>
      <h3 id={f('title')}>{initial ? t('ruleEditTitle', initial.variants?.[0] ?? `/${initial.pattern}/`) : t('ruleNewTitle')}</h3>
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
          <label for={f('phrases')}>
            {t('rulePhrasesLabel')}
            {required}
          </label>
          <textarea
            id={f('phrases')}
            rows={2}
            value={phrases}
            aria-required="true"
            {...described('phrases', true)}
            onInput={(e) => {
              setPhrases(e.currentTarget.value);
              edited('phrases');
            }}
          />
          {fieldError('phrases')}
          <p id={f('phrases-help')} class="muted small">
            {t('rulePhrasesHelp')}
          </p>
        </div>
      ) : (
        <div class="field">
          <label for={f('pattern')}>
            {t('rulePatternLabel')}
            {required}
          </label>
          <input
            id={f('pattern')}
            type="text"
            spellcheck={false}
            value={pattern}
            aria-required="true"
            {...described('pattern', true)}
            onInput={(e) => {
              setPattern(e.currentTarget.value);
              edited('pattern');
            }}
          />
          {fieldError('pattern')}
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
        <label for={f('reason')}>
          {t('ruleReasonLabel')}
          {required}
        </label>
        <input
          id={f('reason')}
          type="text"
          value={reason}
          aria-required="true"
          {...described('reason')}
          onInput={(e) => {
            setReason(e.currentTarget.value);
            edited('reason');
          }}
        />
        {fieldError('reason')}
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
