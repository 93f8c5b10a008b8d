import { t } from '../utils/i18n';
import type { Level } from '../utils/types';

export interface CardProps {
  /** The phrase as written on the page. */
  phrase: string;
  level: Level;
  quoted: boolean;
  suggestion?: string;
  alternatives: string[];
  reason: string;
  /** Replacements offered as buttons, when the phrase sits in an editable field. */
  replacements?: string[];
  /** Whether "Fix all in this field" is offered. */
  canFixAll?: boolean;
  /** A line about what just happened ("Replaced …"), with an Undo when possible. */
  status?: { text: string; canUndo: boolean; error?: boolean };
  onReplace?: (replacement: string) => void;
  onFixAll?: () => void;
  onUndo?: () => void;
  onCopy: () => void;
  onDismiss: () => void;
  onIgnore: () => void;
  onClose: () => void;
}

/** Card buttons only act on real user input: a page script cannot click them for the user. */
function trusted(action: (() => void) | undefined) {
  return (event: Event) => {
    if (!event.isTrusted || !action) return;
    action();
  };
}

const levelLabel = (level: Level) =>
  level === 'flag' ? t('cardLevelFlag') : level === 'hint' ? t('cardLevelHint') : t('cardLevelPartner');

export function Card(props: CardProps) {
  const { phrase, level, quoted, suggestion, alternatives, reason, replacements, status } = props;
  const others = alternatives.filter((a) => a !== suggestion);
  return (
    <div
      class={`card level-${level}${quoted ? ' quoted' : ''}`}
      role="dialog"
      aria-label={t('cardLabel', phrase)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <header>
        <span class="badge">{quoted ? t('cardQuoted') : levelLabel(level)}</span>
        <button type="button" class="close" aria-label={t('cardClose')} onClick={trusted(props.onClose)}>
          ×
        </button>
      </header>
      <p class="phrase">
        <s>{phrase}</s>
        {suggestion ? (
          <>
            {' → '}
            <strong>{suggestion}</strong>
          </>
        ) : null}
      </p>
      {others.length > 0 ? <p class="others">{t('cardAlso', others.join(' · '))}</p> : null}
      <p class="reason">{reason}</p>
      {status ? (
        <p class={`status${status.error ? ' error' : ''}`} role="status">
          {status.text}
          {status.canUndo ? (
            <button type="button" class="link" onClick={trusted(props.onUndo)}>
              {t('cardUndo')}
            </button>
          ) : null}
        </p>
      ) : null}
      <div class="actions">
        {(replacements ?? []).map((r) => (
          <button type="button" class="primary" key={r} onClick={trusted(() => props.onReplace?.(r))}>
            {t('cardReplaceWith', r)}
          </button>
        ))}
        {props.canFixAll ? (
          <button type="button" onClick={trusted(props.onFixAll)}>
            {t('cardFixAll')}
          </button>
        ) : null}
        {suggestion ? (
          <button type="button" onClick={trusted(props.onCopy)}>
            {t('cardCopy')}
          </button>
        ) : null}
        <button type="button" onClick={trusted(props.onDismiss)}>
          {t('cardDismiss')}
        </button>
        <button type="button" onClick={trusted(props.onIgnore)}>
          {t('cardIgnore')}
        </button>
      </div>
    </div>
  );
}
