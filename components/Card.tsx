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

const LEVEL_LABEL: Record<Level, string> = {
  flag: 'Old framing',
  hint: 'Worth a second look',
  partner: 'Partner language',
};

export function Card(props: CardProps) {
  const { phrase, level, quoted, suggestion, alternatives, reason, replacements, status } = props;
  const others = alternatives.filter((a) => a !== suggestion);
  return (
    <div
      class={`card level-${level}${quoted ? ' quoted' : ''}`}
      role="dialog"
      aria-label={`Partner Lens: ${phrase}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <header>
        <span class="badge">{quoted ? 'Quoted mention' : LEVEL_LABEL[level]}</span>
        <button type="button" class="close" aria-label="Close" onClick={trusted(props.onClose)}>
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
      {others.length > 0 ? <p class="others">Also: {others.join(' · ')}</p> : null}
      <p class="reason">{reason}</p>
      {status ? (
        <p class={`status${status.error ? ' error' : ''}`} role="status">
          {status.text}
          {status.canUndo ? (
            <button type="button" class="link" onClick={trusted(props.onUndo)}>
              Undo
            </button>
          ) : null}
        </p>
      ) : null}
      <div class="actions">
        {(replacements ?? []).map((r) => (
          <button type="button" class="primary" key={r} onClick={trusted(() => props.onReplace?.(r))}>
            {`Replace with “${r}”`}
          </button>
        ))}
        {props.canFixAll ? (
          <button type="button" onClick={trusted(props.onFixAll)}>
            Fix all in this field
          </button>
        ) : null}
        {suggestion ? (
          <button type="button" onClick={trusted(props.onCopy)}>
            Copy suggestion
          </button>
        ) : null}
        <button type="button" onClick={trusted(props.onDismiss)}>
          Dismiss
        </button>
        <button type="button" onClick={trusted(props.onIgnore)}>
          Ignore on this site
        </button>
      </div>
    </div>
  );
}
