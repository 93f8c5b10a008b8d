// The audit's reading of files: text, Markdown and HTML into matches with line numbers. Node
// only (linkedom), used by scripts/scan.ts; the matching itself is the extension's own code.
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { walkBlocks, type TextBlock } from '@/utils/page/dom-text';
import type { Matcher } from '@/utils/engine/matcher';
import { scanSource as scanMarkupSource } from '@/utils/engine/markup/source';
import type { Match } from '@/utils/engine/types';

export type Kind = 'html' | 'markdown' | 'wikitext' | 'text';

export interface FoundMatch {
  rule: string;
  level: Match['level'];
  text: string;
  suggestion?: string;
  quoted: boolean;
  line: number | null;
}

export function kindOf(path: string): Kind | null {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'wiki' || ext === 'wikitext' || ext === 'mediawiki') return 'wikitext';
  if (ext === 'txt') return 'text';
  return null;
}

/** Standard input has no name: HTML when it starts like HTML, plain text otherwise. */
export function sniffKind(text: string): Kind {
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<(?:head|body|div|p|h[1-6]|table|ul|section|article)[\s>])/i.test(text)
    ? 'html'
    : 'text';
}

/** Line numbers (1-based) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function found(m: Match, line: number | null, text = m.text): FoundMatch {
  const f: FoundMatch = { rule: m.rule, level: m.level, text, quoted: m.quoted, line };
  if (m.suggestion !== undefined) f.suggestion = m.suggestion;
  return f;
}

/** A blank line ends a paragraph: no phrase is read across it. */
const PARAGRAPH_BREAK = /\n[ \t\r\f\v]*\n/g;

function scanParagraphs(matcher: Matcher, source: string, scanned: string): FoundMatch[] {
  const lines = new LineIndex(source);
  return scanByParagraph(matcher, scanned).map((m) => found(m, lines.lineOf(m.start), source.slice(m.start, m.end)));
}

export function scanText(matcher: Matcher, source: string): FoundMatch[] {
  return scanParagraphs(matcher, source, source);
}

/** Matches of a text, paragraph by paragraph (no phrase is read across a blank line). */
function scanByParagraph(matcher: Matcher, text: string): Match[] {
  const out: Match[] = [];
  let from = 0;
  const scanPiece = (start: number, end: number) => {
    if (end <= start) return;
    for (const m of matcher.scan(text.slice(start, end))) out.push({ ...m, start: m.start + start, end: m.end + start });
  };
  PARAGRAPH_BREAK.lastIndex = 0;
  for (let b = PARAGRAPH_BREAK.exec(text); b; b = PARAGRAPH_BREAK.exec(text)) {
    scanPiece(from, b.index);
    from = b.index + b[0].length;
  }
  scanPiece(from, text.length);
  return out;
}

/**
 * Markdown and wikitext as people read them (utils/engine/markup): code, link targets, URLs,
 * templates and tags are not prose; emphasis does not hide a phrase. Each match reports the
 * source it spans and its line there, so an audit of the source agrees with the read view.
 */
export function scanMarkup(matcher: Matcher, kind: 'markdown' | 'wikitext', source: string): FoundMatch[] {
  const lines = new LineIndex(source);
  return scanMarkupSource(source, kind, (t) => scanByParagraph(matcher, t)).map((m) => found(m, lines.lineOf(m.start)));
}

/**
 * Where each text node of an HTML source begins. linkedom builds its DOM from htmlparser2's
 * events and makes one text node per `ontext` event, in order; running the same tokenizer with
 * the same options gives the source offset of each of those nodes.
 */
function textOffsets(html: string): { data: string; start: number }[] {
  const out: { data: string; start: number }[] = [];
  const parser: Parser = new Parser(
    {
      ontext(data) {
        out.push({ data, start: parser.startIndex });
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.write(html);
  parser.end();
  return out;
}

function allTextNodes(root: Node): Text[] {
  const out: Text[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 3) out.push(node as Text);
    for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return out;
}

/** Blocks handed to the matcher at once: blocks joined by a character no phrase crosses. */
const CHUNK_CHARS = 65_536;

export function scanHtml(matcher: Matcher, html: string): FoundMatch[] {
  const { document } = parseHTML(html);
  const lines = new LineIndex(html);
  const nodes = allTextNodes(document);
  const offsets = textOffsets(html);
  // Pair the DOM's text nodes with the tokenizer's; if they ever disagree, lines are unknown
  // rather than wrong.
  const sourceStart = new Map<Text, number>();
  if (offsets.length === nodes.length) {
    for (let i = 0; i < nodes.length; i++) {
      if (offsets[i]!.data !== nodes[i]!.data) {
        sourceStart.clear();
        break;
      }
      sourceStart.set(nodes[i]!, offsets[i]!.start);
    }
  }
  const lineAt = (block: TextBlock, offset: number): number | null => {
    let i = block.starts.length - 1;
    while (i > 0 && block.starts[i]! > offset) i--;
    const node = block.nodes[i]!;
    const start = sourceStart.get(node);
    if (start === undefined) return null;
    const within = Math.max(0, offset - block.starts[i]!);
    let extra = 0;
    for (let p = node.data.indexOf('\n'); p !== -1 && p < within; p = node.data.indexOf('\n', p + 1)) extra++;
    return lines.lineOf(start) + extra;
  };

  const out: FoundMatch[] = [];
  let chunk: TextBlock[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const starts: number[] = [];
    let text = '';
    for (const block of chunk) {
      starts.push(text.length);
      text += block.text + '\u0000';
    }
    let b = 0;
    for (const m of matcher.scan(text)) {
      while (b + 1 < chunk.length && starts[b + 1]! <= m.start) b++;
      out.push(found(m, lineAt(chunk[b]!, m.start - starts[b]!)));
    }
    chunk = [];
    size = 0;
  };
  for (const block of walkBlocks(document)) {
    chunk.push(block);
    size += block.text.length + 1;
    if (size >= CHUNK_CHARS) flush();
  }
  flush();
  return out;
}

export function scanSource(matcher: Matcher, kind: Kind, source: string): FoundMatch[] {
  if (kind === 'html') return scanHtml(matcher, source);
  if (kind === 'markdown' || kind === 'wikitext') return scanMarkup(matcher, kind, source);
  return scanText(matcher, source);
}
