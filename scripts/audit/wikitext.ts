// Wikitext for the audit: the words readers see (the engine's markup module: link targets,
// templates, categories, comments and code are not prose; bold and italics do not hide a
// phrase), with lines in the source; and the page's categories.
import type { Matcher } from '@/utils/engine/matcher';
import { scanMarkup, type FoundMatch } from '@/scripts/scan-core';

export function scanWikitext(matcher: Matcher, source: string): FoundMatch[] {
  return scanMarkup(matcher, 'wikitext', source);
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
