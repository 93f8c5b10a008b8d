// Markdown as readers see it: emphasis markers, heading/list/quote markers, link and image
// targets, URLs, HTML tags and code are not words; link labels are. Pure.
import { HIDDEN, ReadableBuilder, type Readable } from './readable';

const WORD = /[\p{L}\p{N}]/u;
const isWord = (ch: string | undefined) => ch !== undefined && WORD.test(ch);

export function readMarkdown(src: string, inline = false): Readable {
  const out = new ReadableBuilder();
  const n = src.length;
  let i = 0;
  let lineStart = !inline;
  const lineEnd = (from: number) => {
    const e = src.indexOf('\n', from);
    return e < 0 ? n : e;
  };

  while (i < n) {
    if (lineStart) {
      lineStart = false;
      const end = lineEnd(i);
      const line = src.slice(i, end);
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        // A fenced code block runs to its closing fence (or the end of the file).
        const closing = new RegExp(`\\n {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}[ \\t]*(?=\\n|$)`, 'g');
        closing.lastIndex = end;
        const close = closing.exec(src);
        out.hidden(i);
        i = close ? close.index + close[0].length : n;
        continue;
      }
      // Reference definitions are targets only.
      if (/^ {0,3}\[[^\]]+\]:\s*\S/.test(line)) {
        i = end;
        continue;
      }
      const marker = /^ {0,3}(?:>\s?)*(?:#{1,6}(?=\s)|[-*+](?=\s)|\d{1,9}[.)](?=\s))?\s*/.exec(line);
      if (marker && marker[0].length > 0) {
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
    if (c === '\\' && i + 1 < n && /[!-/:-@[-`{-~]/.test(src[i + 1]!)) {
      out.keep(src, i + 1, i + 2);
      i += 2;
      continue;
    }
    if (c === '`') {
      let j = i;
      while (src[j] === '`') j++;
      const ticks = src.slice(i, j);
      const close = src.indexOf(ticks, j);
      if (close >= 0) {
        out.hidden(i);
        i = close + ticks.length;
        continue;
      }
    }
    if (c === '*' || c === '_' || c === '~') {
      let j = i;
      while (src[j] === c) j++;
      // Emphasis markers sit at a word's edge; `snake_case` and `a * b` are text.
      const before = src[i - 1];
      const after = src[j];
      if ((c !== '~' || j - i >= 2) && isWord(before) !== isWord(after)) {
        i = j;
        continue;
      }
      out.keep(src, i, j);
      i = j;
      continue;
    }
    if (c === '!' && src[i + 1] === '[') {
      const image = /^!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?/.exec(src.slice(i, lineEnd(i)));
      if (image) {
        out.hidden(i);
        i += image[0].length;
        continue;
      }
    }
    if (c === '[') {
      const link = /^\[([^\]\n]*)\](\([^)\n]*\)|\[[^\]\n]*\])/.exec(src.slice(i, lineEnd(i)));
      if (link) {
        const labelEnd = i + 1 + link[1]!.length;
        readInline(src, i + 1, labelEnd, out);
        i += link[0].length;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<(?:https?:|mailto:)[^>\s]*>/i.exec(src.slice(i, i + 2048));
      const tag = auto ?? /^<\/?[a-z][a-z0-9-]*\b[^<>]*>|^<!--[\s\S]*?-->/i.exec(src.slice(i, i + 4096));
      if (tag) {
        if (auto) out.hidden(i);
        i += tag[0].length;
        continue;
      }
    }
    if ((c === 'h' || c === 'w') && !isWord(src[i - 1])) {
      const url = /^(?:https?:\/\/|www\.)[^\s<>()[\]]+/i.exec(src.slice(i, i + 2048));
      if (url) {
        out.hidden(i);
        i += url[0].length;
        continue;
      }
    }
    out.keep(src, i, i + 1);
    i++;
  }
  return out.build();
}

function readInline(src: string, start: number, end: number, out: ReadableBuilder): void {
  out.appendPiece(src, start, readMarkdown(src.slice(start, end), true));
}
