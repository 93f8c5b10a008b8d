// Wikitext for the audit: the words readers see, with lines in the source; and the page's
// categories. The reading of markup is the engine's own (utils/engine/markup) when present.
import type { Matcher } from '@/utils/engine/matcher';
import { scanParagraphs, type FoundMatch } from '@/scripts/scan-core';

/**
 * Interim reading of wikitext until the markup module lands: link targets, templates,
 * comments and categories blanked (same length, so lines still hold), bold/italic quotes read
 * through.
 */
function maskWikitext(source: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, '\u0000');
  let text = source.replace(/<!--[\s\S]*?(?:-->|$)/g, blank);
  // Innermost templates first, so nested ones go too.
  for (let i = 0; i < 8; i++) {
    const next = text.replace(/\{\{(?:(?!\{\{|\}\})[\s\S])*\}\}/g, blank);
    if (next === text) break;
    text = next;
  }
  text = text.replace(/\[\[([^\]|[\n]*)(\|?)/g, (all, _target: string, bar: string) =>
    bar ? blank(all) : /^\s*:?\s*(?:category|file|image)\s*:/i.test(_target) ? blank(all) : '\u0000\u0000' + _target,
  );
  text = text.replace(/\]\]/g, '\u0000\u0000');
  text = text.replace(/\[(?:https?:)?\/\/[^\s\]]*/g, blank);
  text = text.replace(/'{2,}/g, (s) => '\u200B'.repeat(s.length));
  return text;
}

export function scanWikitext(matcher: Matcher, source: string): FoundMatch[] {
  return scanParagraphs(matcher, source, maskWikitext(source));
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
