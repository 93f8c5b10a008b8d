// Which markup a source field holds, and fixes that change the words people read, never the
// markup around them. The page's own variables (wgPageContentModel) are out of reach of an
// isolated content script, so MediaWiki is recognised by its DOM: the source box #wpTextbox1
// inside #editform, the mw-editfont-* classes, body classes such as ns-0 / action-edit.
import { detectMarkup, fixAllSource, planSourceFix, scanSource, type MarkupKind } from '@/utils/engine/markup/source';
import type { Matcher } from '@/utils/engine/matcher';
import type { Match } from '@/utils/engine/types';
import type { TextField } from './editable-context';
import { fixableForAll, planFix } from './plan';
import { diffSpan } from '@/utils/engine/text-edit';
import type { TextEdit } from '@/utils/engine/types';

const known = new WeakMap<TextField, MarkupKind>();

/** Pages of other content models (site and user CSS, JavaScript, JSON), by their body class. */
const NOT_WIKITEXT = /(?:^|\s)page-\S+[._](?:css|js|json)(?:\s|$)/;

function fromDom(field: TextField): MarkupKind | null {
  if (field.localName !== 'textarea') return 'plain';
  const doc = field.ownerDocument;
  const body = doc.body;
  const bodyClass = body?.className ?? '';
  const mediawiki =
    field.id === 'wpTextbox1' ||
    !!field.closest('#editform, .wikiEditor-ui, .ext-WikiEditor-wrapper') ||
    /\bmw-editfont-(?:monospace|sans-serif|serif)\b/.test(field.className);
  if (mediawiki) return NOT_WIKITEXT.test(bodyClass) ? 'plain' : 'wikitext';
  // Markdown editors: EasyMDE/SimpleMDE, GitHub/GitLab comment boxes, Toast UI, and fields that say so.
  if (
    field.closest('.EasyMDEContainer, .markdown-editor, .js-gfm-input, .toastui-editor, [data-markdown]') ||
    /\bmarkdown\b/i.test(`${field.name} ${field.className} ${field.getAttribute('aria-label') ?? ''}`)
  ) {
    return 'markdown';
  }
  return null;
}

/** The markup of a textarea: from the page's hints, else from its text once it has some. */
export function fieldMarkup(field: TextField, text = field.value): MarkupKind {
  const cached = known.get(field);
  if (cached) return cached;
  const kind = fromDom(field) ?? (text.trim() ? detectMarkup(text) : null);
  if (!kind) return 'plain';
  known.set(field, kind);
  return kind;
}

/** Matches of a field's text in its markup, as offsets into the text. */
export function scanFieldText(kind: MarkupKind, text: string, matcher: Matcher): Match[] {
  return kind === 'plain' ? matcher.scan(text) : scanSource(text, kind, (t) => matcher.scan(t));
}

/** The edit that replaces one match; null when only a change of markup could do it. */
export function planFieldFix(kind: MarkupKind, text: string, match: Match, replacement: string): TextEdit | null {
  return kind === 'plain' ? planFix(text, match, replacement) : planSourceFix(text, kind, match, replacement);
}

/** "Fix all" in a markup field as one edit (one undo step). */
export function planFieldFixAll(kind: MarkupKind, text: string, matches: readonly Match[]): { edit: TextEdit; count: number } | null {
  const { text: next, count } = fixAllSource(text, kind, fixableForAll(matches));
  if (count === 0 || next === text) return null;
  return { edit: diffSpan(text, next), count };
}
