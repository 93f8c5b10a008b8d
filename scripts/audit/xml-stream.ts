// A small streaming XML tokenizer for MediaWiki exports. A general parser (htmlparser2 in XML
// mode) reads a dump at ~20 MB/s of CPU; most of a dump is revision text with no markup in it
// (its `<` are escaped), so jumping from one `<` to the next with indexOf reads it several
// times faster. Handles what exports contain: elements, attributes, self-closing tags, the XML
// declaration, comments, CDATA and the five named entities plus numeric references.

export interface XmlHandler {
  /** `attrs` is the tag's raw attribute text: read it with attributesOf() when wanted. */
  onopentag(name: string, attrs: string): void;
  /** Raw character data, entities not yet decoded: most of a dump's text is never read, so
   * decodeEntities() is left to the handler for what it keeps. */
  ontext(raw: string): void;
  onclosetag(name: string): void;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ENTITY, (all, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function attributesOf(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(raw); m; m = ATTR.exec(raw)) out[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

export class XmlStream {
  private rest = '';

  constructor(private readonly h: XmlHandler) {}

  write(chunk: string): void {
    const s = this.rest ? this.rest + chunk : chunk;
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) {
        // Text runs on into the next chunk; hand over what cannot hold a cut entity.
        const amp = s.lastIndexOf('&');
        const cut = amp >= pos && s.indexOf(';', amp) === -1 ? amp : n;
        if (cut > pos) this.h.ontext(s.slice(pos, cut));
        pos = cut;
        break;
      }
      if (lt > pos) this.h.ontext(s.slice(pos, lt));
      pos = lt;
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end === -1) break;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end === -1) break;
          this.h.ontext(s.slice(lt + 9, end).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
          pos = end + 3;
        } else {
          const end = s.indexOf('>', lt);
          if (end === -1) break;
          pos = end + 1;
        }
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt === -1) break;
      pos = gt + 1;
      if (c === 63 /* ? */) continue;
      if (c === 47 /* / */) {
        this.h.onclosetag(s.slice(lt + 2, gt).trim());
        continue;
      }
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      const end = selfClosing ? gt - 1 : gt;
      let i = lt + 1;
      while (i < end && s.charCodeAt(i) > 32) i++;
      const name = s.slice(lt + 1, i);
      this.h.onopentag(name, i < end ? s.slice(i, end) : '');
      if (selfClosing) this.h.onclosetag(name);
    }
    this.rest = pos < n ? s.slice(pos) : '';
  }

  end(): void {
    if (this.rest.trim()) throw new Error('the XML ends in the middle of a tag');
    this.rest = '';
  }
}
