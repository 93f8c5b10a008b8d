// The suggestion card as plain DOM. It runs in the content script, on every page: a few lines of
// element building cost far fewer bytes than a UI library for one small dialog (the popup and the
// options page, which load only when opened, use Preact).
import { t } from '@/utils/i18n/i18n';
import type { Level } from '@/utils/engine/types';

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

type Child = Node | string | null | undefined | false;

function el(doc: Document, tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A button that acts only on real user input: a page script cannot click it for the user. */
function button(doc: Document, label: string, action: (() => void) | undefined, attrs: Record<string, string> = {}) {
  const b = el(doc, 'button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', (event) => {
    if (event.isTrusted && action) action();
  });
  return b;
}

const levelLabel = (level: Level) =>
  level === 'flag' ? t('cardLevelFlag') : level === 'hint' ? t('cardLevelHint') : t('cardLevelPartner');

export function renderCard(doc: Document, props: CardProps): HTMLElement {
  const { phrase, level, quoted, suggestion, alternatives, reason, replacements, status } = props;
  const others = alternatives.filter((a) => a !== suggestion);
  const card = el(
    doc,
    'div',
    { class: `card level-${level}${quoted ? ' quoted' : ''}`, role: 'dialog', 'aria-label': t('cardLabel', phrase) },
    el(
      doc,
      'header',
      {},
      el(doc, 'span', { class: 'badge' }, quoted ? t('cardQuoted') : levelLabel(level)),
      button(doc, '×', props.onClose, { class: 'close', 'aria-label': t('cardClose') }),
    ),
    el(
      doc,
      'p',
      { class: 'phrase' },
      el(doc, 's', {}, phrase),
      suggestion ? ' → ' : null,
      suggestion ? el(doc, 'strong', {}, suggestion) : null,
    ),
    others.length > 0 ? el(doc, 'p', { class: 'others' }, t('cardAlso', others.join(' · '))) : null,
    el(doc, 'p', { class: 'reason' }, reason),
    status
      ? el(
          doc,
          'p',
          { class: `status${status.error ? ' error' : ''}`, role: 'status' },
          status.text,
          status.canUndo ? button(doc, t('cardUndo'), props.onUndo, { class: 'link' }) : null,
        )
      : null,
    el(
      doc,
      'div',
      { class: 'actions' },
      ...(replacements ?? []).map((r) => button(doc, t('cardReplaceWith', r), () => props.onReplace?.(r), { class: 'primary' })),
      props.canFixAll ? button(doc, t('cardFixAll'), props.onFixAll) : null,
      suggestion ? button(doc, t('cardCopy'), props.onCopy) : null,
      button(doc, t('cardDismiss'), props.onDismiss),
      button(doc, t('cardIgnore'), props.onIgnore),
    ),
  );
  card.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      props.onClose();
    }
  });
  return card;
}
