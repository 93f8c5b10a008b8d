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
  /** What "Fix all in this field" will change, shown before it is pressed. */
  fixAllPreview?: string;
  /** Whether the longer "why" is open. */
  whyOpen?: boolean;
  /** A line about what just happened (a refused fix, a copy). */
  status?: { text: string; error?: boolean };
  onReplace?: (replacement: string, byKeyboard: boolean) => void;
  onFixAll?: (byKeyboard: boolean) => void;
  onWhy?: () => void;
  onCopy: () => void;
  onDismiss: () => void;
  onIgnore: () => void;
  onClose: () => void;
}

type Child = Node | string | null | undefined | false;

export function el(doc: Document, tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * A button that acts only on real user input: a page script cannot click it for the user.
 * The action learns whether the keyboard pressed it (a click with no pointer behind it).
 */
export function button(
  doc: Document,
  label: string,
  action: ((byKeyboard: boolean) => void) | undefined,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const b = el(doc, 'button', { type: 'button', ...attrs }, label) as HTMLButtonElement;
  b.addEventListener('click', (event) => {
    if (event.isTrusted && action) action(event.detail === 0);
  });
  return b;
}

/** The level's name: the same words the popup and the options use. */
export const levelName = (level: Level, quoted = false) =>
  quoted ? t('cardQuoted') : level === 'flag' ? t('cardLevelFlag') : level === 'hint' ? t('cardLevelHint') : t('cardLevelPartner');

/** One short line saying why the card is there; the rule's own reason waits behind "Why?". */
const shortReason = (level: Level, quoted: boolean) =>
  quoted ? t('cardShortQuoted') : level === 'flag' ? t('cardShortFlag') : level === 'hint' ? t('cardShortHint') : t('cardShortPartner');

export function renderCard(doc: Document, props: CardProps): HTMLElement {
  const { phrase, level, quoted, suggestion, alternatives, reason, status } = props;
  // A quoted mention is talked about, not used: nothing to replace unless the user asks.
  const replacements = quoted ? [] : (props.replacements ?? []);
  const [main, ...chips] = replacements;
  const others = alternatives.filter((a) => a !== suggestion && !replacements.includes(a));
  const whyId = 'partner-lens-why';
  const card = el(
    doc,
    'div',
    { class: `card level-${level}${quoted ? ' quoted' : ''}`, role: 'dialog', 'aria-label': t('cardLabel', phrase) },
    el(
      doc,
      'header',
      {},
      el(doc, 'span', { class: 'badge' }, levelName(level, quoted)),
      button(doc, '×', props.onClose, { class: 'close', 'aria-label': t('cardClose') }),
    ),
    el(
      doc,
      'p',
      { class: 'phrase', title: suggestion && !quoted ? `${phrase} → ${suggestion}` : phrase },
      quoted || !suggestion ? el(doc, 'span', {}, phrase) : el(doc, 's', {}, phrase),
      suggestion && !quoted ? ' → ' : null,
      suggestion && !quoted ? el(doc, 'strong', {}, suggestion) : null,
    ),
    el(
      doc,
      'p',
      { class: 'reason' },
      shortReason(level, quoted),
      quoted || !reason
        ? null
        : button(doc, t('cardWhy'), props.onWhy, { class: 'link why', 'aria-expanded': String(!!props.whyOpen), 'aria-controls': whyId }),
    ),
    props.whyOpen && !quoted ? el(doc, 'p', { class: 'why-text', id: whyId }, reason) : null,
    !main && !quoted && others.length > 0 ? el(doc, 'p', { class: 'others' }, t('cardAlso', others.join(' · '))) : null,
    status ? el(doc, 'p', { class: `status${status.error ? ' error' : ''}`, role: 'status' }, status.text) : null,
    main
      ? el(
          doc,
          'div',
          { class: 'main-actions' },
          button(doc, t('cardReplaceWith', main), (k) => props.onReplace?.(main, k), { class: 'primary' }),
          ...chips.map((r) =>
            // The chip shows the wording; its name stays the contract "Replace with “…”".
            button(doc, r, (k) => props.onReplace?.(r, k), { class: 'chip', 'aria-label': t('cardReplaceWith', r) }),
          ),
        )
      : null,
    el(
      doc,
      'div',
      { class: 'actions' },
      // Where nothing can be replaced (or the editor refused), copying is the way to use the wording.
      suggestion && !quoted && (!main || status?.error)
        ? button(doc, t('cardCopy'), props.onCopy, { class: main ? 'compact' : 'primary' })
        : null,
      main && props.canFixAll
        ? button(doc, t('cardFixAll'), props.onFixAll, {
            class: 'compact',
            ...(props.fixAllPreview ? { title: props.fixAllPreview, 'aria-describedby': 'partner-lens-fixall' } : {}),
          })
        : null,
      button(doc, t('cardDismiss'), props.onDismiss, { class: 'compact' }),
      button(doc, t('cardIgnore'), props.onIgnore, { class: 'compact' }),
    ),
    main && props.canFixAll && props.fixAllPreview
      ? el(doc, 'p', { class: 'fixall-preview', id: 'partner-lens-fixall' }, props.fixAllPreview)
      : null,
  );
  card.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      props.onClose();
    }
  });
  return card;
}

export interface NoticeProps {
  text: string;
  error?: boolean;
  onUndo?: () => void;
}

/** The small line that stays a few seconds after a fix: what changed, and its Undo. */
export function renderNotice(doc: Document, props: NoticeProps): HTMLElement {
  return el(
    doc,
    'div',
    { class: `notice${props.error ? ' error' : ''}`, role: 'status' },
    el(doc, 'span', { class: 'notice-text' }, props.text),
    props.onUndo ? button(doc, t('cardUndo'), props.onUndo, { class: 'link' }) : null,
  );
}
