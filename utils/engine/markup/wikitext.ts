// Wikitext as readers see it: bold and italic quotes, list and heading markers, link targets,
// templates, tags and code are not words. Link labels are, and so is the text of an unlabelled
// link (`[[internal customer]]s`), which a fix turns into a labelled link so the target stays.
// Pure; good enough for prose, not a full parser (a template's output is not known here).
import { HIDDEN, ReadableBuilder, type Readable } from './readable';

/** Elements whose content is code or literal: hidden (`frozen`: shown but never edited). */
const HIDDEN_ELEMENTS = new Set([
  'code', 'pre', 'syntaxhighlight', 'source', 'math', 'chem', 'score', 'graph', 'templatedata',
  'kbd', 'samp', 'var', 'tt', 'gallery', 'imagemap', 'timeline', 'script', 'style', 'references',
]);
const FROZEN_ELEMENTS = new Set(['nowiki']);
/** Link namespaces that show no label text of their own (media) or nothing at all (category). */
const MEDIA_OR_META = /^\s*:?\s*(?:file|image|media|category)\s*:/i;
const ENTITIES: Record<string, string> = { nbsp: '\u00A0', amp: '&', lt: '<', gt: '>', quot: '"', ndash: '–', mdash: '—', apos: "'" };

/** End of a balanced `open…close` run starting at `i` (which holds `open`); source end if unbalanced. */
function balancedEnd(src: string, i: number, open: string, close: string): number {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    if (src.startsWith(open, j)) {
      depth++;
      j += open.length;
    } else if (src.startsWith(close, j)) {
      depth--;
      j += close.length;
      if (depth === 0) return j;
    } else j++;
  }
  return src.length;
}

/** `inline`: a piece inside a line (a link label), where line-start markup does not apply. */
export function readWikitext(src: string, inline = false): Readable {
  const out = new ReadableBuilder();
  let i = 0;
  let lineStart = !inline;
  const n = src.length;

  const lineEnd = (from: number) => {
    const e = src.indexOf('\n', from);
    return e < 0 ? n : e;
  };

  while (i < n) {
    if (lineStart) {
      lineStart = false;
      const end = lineEnd(i);
      const line = src.slice(i, end);
      // Table structure and rules: whole lines of markup.
      if (/^\s*(?:\{\||\|\}|\|-|----)/.test(line)) {
        out.hidden(i);
        i = end;
        continue;
      }
      // Table cells: the marker, and attributes before a single `|`.
      const cell = /^\s*(?:\|\+?|!)/.exec(line);
      if (cell) {
        let skip = cell[0].length;
        const attrs = /^([^|[{\n]*=[^|[{\n]*)\|(?!\|)/.exec(line.slice(skip));
        if (attrs) skip += attrs[0].length;
        out.hidden(i);
        i += skip;
        continue;
      }
      const marker = /^(?:=+|[*#:;]+)\s*/.exec(line);
      if (marker) {
        i += marker[0].length;
        continue;
      }
    }
    const c = src[i]!;
    if (c === '\n') {
      out.keep(src, i, i + 1);
      i++;
      lineStart = true;
      continue;
    }
    if (c === "'" && src[i + 1] === "'") {
      let j = i;
      while (src[j] === "'") j++;
      i = j; // emphasis quotes: not words, and no break between the words around them
      continue;
    }
    if (c === '=' && /^=+\s*$/.test(src.slice(i, lineEnd(i)))) {
      i = lineEnd(i);
      continue;
    }
    if (c === '{' && src[i + 1] === '{') {
      out.hidden(i);
      i = balancedEnd(src, i, '{{', '}}');
      continue;
    }
    if (c === '[' && src[i + 1] === '[') {
      const end = balancedEnd(src, i, '[[', ']]');
      const inner = src.slice(i + 2, end - 2);
      if (MEDIA_OR_META.test(inner) || end - i < 4 || inner.includes('\n')) {
        out.hidden(i);
        i = end;
        continue;
      }
      const pipe = inner.indexOf('|');
      if (pipe >= 0) {
        // [[target|label]]: the label is text like any other.
        readInline(src, i + 3 + pipe, end - 2, out);
        i = end;
        continue;
      }
      // [[target]]trail: shown as written, edited only by giving the link a label.
      const trail = /^[a-z]+/.exec(src.slice(end))?.[0] ?? '';
      const start = out.length;
      const target = inner;
      out.keep(src, i + 2, end - 2);
      out.keep(src, end, end + trail.length);
      out.atoms.push({
        start,
        end: out.length,
        sourceStart: i,
        sourceEnd: end + trail.length,
        relabel: (label) => `[[${target}|${label}]]`,
      });
      i = end + trail.length;
      continue;
    }
    if (c === '[') {
      const ext = /^\[(?:https?:|ftp:|mailto:|\/\/)[^\s\]]*\s*([^\]\n]*)\]/i.exec(src.slice(i, lineEnd(i) + 1));
      if (ext) {
        const labelStart = i + ext[0].length - 1 - ext[1]!.length;
        out.hidden(i);
        readInline(src, labelStart, labelStart + ext[1]!.length, out);
        i += ext[0].length;
        continue;
      }
    }
    if (c === 'h' || c === 'f' || c === 'm') {
      const url = /^(?:https?:\/\/|ftp:\/\/|mailto:)[^\s<>[\]{}|"]+/i.exec(src.slice(i, i + 2048));
      if (url && (i === 0 || !/[\p{L}\p{N}]/u.test(src[i - 1]!))) {
        out.hidden(i);
        i += url[0].length;
        continue;
      }
    }
    if (c === '<') {
      const end = readTag(src, i, out);
      if (end > i) {
        i = end;
        continue;
      }
    }
    if (c === '&') {
      const entity = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(src.slice(i, i + 12));
      const name = entity?.[1];
      const ch = name
        ? name[0] === '#'
          ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10))
          : ENTITIES[name.toLowerCase()]
        : undefined;
      if (entity && ch) {
        out.put(ch, i);
        i += entity[0].length;
        continue;
      }
    }
    out.keep(src, i, i + 1);
    i++;
  }
  return out.build();
}

/** Reads a stretch inside a link label: emphasis, tags and templates are handled as outside. */
function readInline(src: string, start: number, end: number, out: ReadableBuilder): void {
  out.appendPiece(src, start, readWikitext(src.slice(start, end), true));
}

/** Reads an HTML-like tag or comment at `i`; returns where reading goes on (`i` when it is no tag). */
function readTag(src: string, i: number, out: ReadableBuilder): number {
  if (src.startsWith('<!--', i)) {
    const e = src.indexOf('-->', i + 4);
    return e < 0 ? src.length : e + 3;
  }
  const tag = /^<(\/?)([a-z][a-z0-9]*)\b[^<>]*?(\/?)>/i.exec(src.slice(i, i + 1024));
  if (!tag) return i;
  const name = tag[2]!.toLowerCase();
  const after = i + tag[0].length;
  if (tag[1] || tag[3]) return after; // closing or self-closing: markup only
  if (HIDDEN_ELEMENTS.has(name) || FROZEN_ELEMENTS.has(name)) {
    const close = new RegExp(`</${name}\\s*>`, 'i').exec(src.slice(after));
    const end = close ? after + close.index + close[0].length : src.length;
    if (FROZEN_ELEMENTS.has(name)) {
      const innerEnd = close ? after + close.index : src.length;
      const start = out.length;
      out.keep(src, after, innerEnd);
      out.atoms.push({ start, end: out.length, sourceStart: after, sourceEnd: innerEnd });
    } else out.put(HIDDEN, i);
    return end;
  }
  return after; // an inline tag (<span style="…">, <ref>, <b>): its content is read on
}
