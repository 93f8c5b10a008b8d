import { useEffect, useMemo, useState } from 'preact/hooks';
import { compileMatcher } from '../utils/matcher';
import { checkPattern, validateRule, type RuleCheck } from '../utils/regex-check';
import { ruleIdFor } from '../utils/rules-file';
import type { Level, Match, Rule } from '../utils/types';

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
    if (testText.trim() === '') return { note: 'Type or paste some text to see what this rule finds.' };
    if (kind === 'phrase') {
      if (variants.length === 0) return { note: 'Enter a phrase to test.' };
    } else {
      if (pattern.trim() === '') return { note: 'Enter a regular expression to test.' };
      if (!patternCheck || patternCheck.source !== pattern) return { note: 'Checking the pattern…' };
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
      <h3 id={f('title')}>{initial ? `Edit rule ${initial.id}` : 'New rule'}</h3>
      <fieldset class="row">
        <legend>Find</legend>
        <label>
          <input type="radio" name={f('kind')} checked={kind === 'phrase'} onChange={() => setKind('phrase')} /> Phrases
        </label>
        <label>
          <input type="radio" name={f('kind')} checked={kind === 'pattern'} onChange={() => setKind('pattern')} /> Regular expression
        </label>
      </fieldset>
      {kind === 'phrase' ? (
        <div class="field">
          <label for={f('phrases')}>Phrases, one per line</label>
          <textarea
            id={f('phrases')}
            rows={2}
            value={phrases}
            aria-describedby={f('phrases-help')}
            onInput={(e) => setPhrases(e.currentTarget.value)}
          />
          <p id={f('phrases-help')} class="muted small">
            Written in the singular; plurals, possessives and capitals are found too.
          </p>
        </div>
      ) : (
        <div class="field">
          <label for={f('pattern')}>Pattern (regular expression)</label>
          <input
            id={f('pattern')}
            type="text"
            spellcheck={false}
            value={pattern}
            aria-describedby={f('pattern-help')}
            onInput={(e) => setPattern(e.currentTarget.value)}
          />
          <p id={f('pattern-help')} class="muted small">
            Matched without regard to case, on whole words. Checked before it is saved: it must not match empty text or run slowly.
          </p>
        </div>
      )}
      <div class="field">
        <label for={f('suggestion')}>Suggestion</label>
        <input id={f('suggestion')} type="text" value={suggestion} onInput={(e) => setSuggestion(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={f('alternatives')}>Other alternatives, one per line</label>
        <textarea id={f('alternatives')} rows={2} value={alternatives} onInput={(e) => setAlternatives(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={f('level')}>Level</label>
        <select id={f('level')} value={level} onChange={(e) => setLevel(e.currentTarget.value as Level)}>
          <option value="flag">Flag (marked clearly, counted against adoption)</option>
          <option value="hint">Hint (marked softly)</option>
          <option value="partner">Partner language (counted for adoption)</option>
        </select>
      </div>
      <div class="field">
        <label for={f('reason')}>Reason, shown in the card</label>
        <input id={f('reason')} type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>

      <div class="field rule-test">
        <label for={f('test')}>Try it on some text</label>
        <textarea id={f('test')} rows={3} value={testText} onInput={(e) => setTestText(e.currentTarget.value)} />
        <div class="test-result" role="status" aria-live="polite">
          {'note' in test ? (
            <p class="muted">{test.note}</p>
          ) : test.matches.length === 0 ? (
            <p>No match in this text.</p>
          ) : (
            <>
              <p>
                {test.matches.length} {test.matches.length === 1 ? 'match' : 'matches'}:
              </p>
              <ul class="test-matches">
                {test.matches.map((m) => (
                  <li key={m.start}>
                    <mark>{m.text}</mark>
                    {m.quoted ? ' (quoted mention)' : m.suggestion ? ` → ${m.suggestion}` : ''}
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
          {initial ? 'Save rule' : 'Add rule'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
