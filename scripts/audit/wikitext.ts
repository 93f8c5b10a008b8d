// Wikitext for the audit: the words readers see (the engine's markup module: link targets,
// templates, categories, comments and code are not prose; bold and italics do not hide a
// phrase), with lines in the source; and the page's categories.
import type { Matcher } from '@/utils/engine/matcher';
import { scanSource as scanMarkup } from '@/utils/engine/markup/source';
import type { Match } from '@/utils/engine/types';
import { LineIndex, type FoundMatch } from '@/scripts/scan-core';

/** A blank line ends a paragraph: no phrase is read across it. */
const PARAGRAPH_BREAK = /\n[ \t\r\f\v]*\n/g;

function byParagraph(matcher: Matcher, text: string): Match[] {
  const out: Match[] = [];
  let from = 0;
  const piece = (start: number, end: number) => {
    if (end <= start) return;
    for (const m of matcher.scan(text.slice(start, end))) out.push({ ...m, start: m.start + start, end: m.end + start });
  };
  PARAGRAPH_BREAK.lastIndex = 0;
  for (let b = PARAGRAPH_BREAK.exec(text); b; b = PARAGRAPH_BREAK.exec(text)) {
    piece(from, b.index);
    from = b.index + b[0].length;
  }
  piece(from, text.length);
  return out;
}

export function scanWikitext(matcher: Matcher, source: string): FoundMatch[] {
  const lines = new LineIndex(source);
  return scanMarkup(source, 'wikitext', (text) => byParagraph(matcher, text)).map((m) => {
    const f: FoundMatch = { rule: m.rule, level: m.level, text: m.text, quoted: m.quoted, line: lines.lineOf(m.start) };
    if (m.suggestion !== undefined) f.suggestion = m.suggestion;
    return f;
  });
}

export function isRedirect(source: string): boolean {
  return /^\s*#redirect\s*:?\s*\[\[/i.test(source);
}

/** Categories named in the text (`[[Category:Name|sort key]]`), first letter up, once each. */
export function categoriesOf(source: string, namespaceNames: readonly string[] = ['Category']): string[] {
  const names = namespaceNames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ _]/g, '[ _]')).join('|');
  const re = new RegExp(`\\[\\[\\s*(?:${names})\\s*:\\s*([^\\]|\\n]+?)\\s*(?:\\|[^\\]]*)?\\]\\]`, 'giu');
  const out = new Set<string>();
  for (const m of source.matchAll(re)) {
    const name = m[1]!.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
    if (name) out.add(name[0]!.toUpperCase() + name.slice(1));
  }
  return [...out];
}
