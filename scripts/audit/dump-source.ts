// The audit of a MediaWiki XML export (dumpBackup.php, Special:Export), streamed: the file is
// read in chunks through a streaming XML tokenizer made for exports (xml-stream.ts), so memory holds one revision's text at a time whatever the dump's size. .gz is
// unpacked by Node's zlib; .bz2 by the system's `bzip2 -dc` (native speed, no dependency; a
// clear error when it is missing).
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { monthsHeld } from '@/utils/audit/months';
import { titleForUrl } from './api-client';
import { attributesOf, decodeEntities, XmlStream } from './xml-stream';
import type { PageReader } from './api-source';
import type { PageResult } from './types';

export class DumpError extends Error {}

/** The dump's text as a stream, and the file stream under it (its bytesRead tells progress). */
export function openDump(file: string): { input: Readable; raw: { bytesRead: number } } {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (/\.gz$/i.test(file)) return { input: raw.pipe(createGunzip({ chunkSize: 1 << 20 })), raw };
  if (/\.bz2$/i.test(file)) {
    const child = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    raw.pipe(child.stdin);
    child.stdin.on('error', () => {}); // bzip2 stopped early: its exit code says why
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => child.stdout.destroy(new DumpError(`cannot run bzip2 to read ${file} (${e.message}); install bzip2 or unpack the file first`)));
    child.on('close', (code) => {
      if (code) child.stdout.destroy(new DumpError(`bzip2 could not unpack ${file}: ${err.trim() || `exit ${code}`}`));
    });
    return { input: child.stdout, raw };
  }
  return { input: raw, raw };
}

export interface DumpSite {
  sitename: string;
  articleUrl: string;
  categoryNames: string[];
  namespaceNames: Record<string, string>;
}

interface OpenPage {
  title: string;
  ns: number;
  redirect: boolean;
  /** The newest revision seen so far, held until the next one says how long it stood. */
  text: string | null;
  at: number;
  history: Record<string, [number, number]>;
}

/**
 * Streams the pages of a dump. `onSite` is called once the <siteinfo> is read (before any page);
 * `onPage` for every page of a wanted namespace that is not a redirect, in dump order.
 */
export async function readDump(
  input: Readable,
  reader: (site: DumpSite) => PageReader,
  opts: { namespaces: number[]; months: string[] },
  onPage: (page: PageResult) => void,
): Promise<DumpSite> {
  const site: DumpSite = { sitename: '', articleUrl: '', categoryNames: ['Category'], namespaceNames: {} };
  let read: PageReader | null = null;
  const wanted = new Set(opts.namespaces);
  const path: string[] = [];
  let buf: string | null = null; // text of the element being collected
  let nsKey: string | null = null;
  let page: OpenPage | null = null;
  let revAt = 0;
  let sawMediawiki = false;

  const countAt = (p: OpenPage, until: number) => {
    if (p.text === null || !opts.months.length) return;
    const ms = monthsHeld(opts.months, p.at, until);
    if (!ms.length) return;
    const c = read!.count(decodeEntities(p.text));
    if (c) for (const m of ms) p.history[m] = c;
  };

  const parser = new XmlStream({
      onopentag(name, attrs) {
        path.push(name);
        if (name === 'mediawiki') sawMediawiki = true;
        const parent = path[path.length - 2];
        if (name === 'page') {
          read ??= reader(site);
          page = { title: '', ns: 0, redirect: false, text: null, at: -Infinity, history: {} };
        } else if (page && name === 'redirect' && parent === 'page') {
          page.redirect = true;
        } else if ((name === 'title' || name === 'ns') && parent === 'page') {
          buf = '';
        } else if ((name === 'timestamp' || name === 'text') && parent === 'revision') {
          // Pages outside the audit are skimmed: their text is never gathered.
          buf = page && wanted.has(page.ns) && !page.redirect ? '' : null;
        } else if ((name === 'sitename' || name === 'base') && parent === 'siteinfo') {
          buf = '';
        } else if (name === 'namespace' && parent === 'namespaces') {
          buf = '';
          nsKey = attributesOf(attrs).key ?? null;
        }
      },
      ontext(data) {
        if (buf !== null) buf += data;
      },
      onclosetag(name) {
        path.pop();
        const p = page as OpenPage | null;
        const value = buf === null || name === 'text' ? buf : decodeEntities(buf);
        if (name === 'title' && p && value !== null) p.title = value;
        else if (name === 'ns' && p && value !== null) p.ns = Number(value);
        else if (name === 'timestamp' && p && value !== null) revAt = Date.parse(value);
        else if (name === 'text' && p && value !== null) {
          // The previous revision stood until this one was saved.
          if (revAt >= p.at) {
            countAt(p, revAt);
            p.text = value; // still escaped: decoded only if it is read
            p.at = revAt;
          }
        } else if (name === 'sitename' && value !== null) site.sitename = value;
        else if (name === 'base' && value !== null) site.articleUrl = articleUrlFrom(value);
        else if (name === 'namespace' && nsKey !== null && value !== null) {
          site.namespaceNames[nsKey] = value;
          if (nsKey === '14' && value) site.categoryNames.push(value);
        }
        else if (name === 'page' && p) {
          page = null;
          if (p.redirect || !wanted.has(p.ns) || p.text === null) return;
          countAt(p, Infinity);
          const found = read!.read(decodeEntities(p.text));
          if (!found) return;
          const url = site.articleUrl ? site.articleUrl.replace('$1', titleForUrl(p.title)) : '';
          const result: PageResult = {
            path: p.title,
            namespace: p.ns,
            url,
            edit: url ? `${url}${url.includes('?') ? '&' : '?'}action=edit` : '',
            ...found,
          };
          if (opts.months.length) result.history = Object.fromEntries(opts.months.filter((m) => p.history[m]).map((m) => [m, p.history[m]!]));
          onPage(result);
        }
        buf = null;
      },
  });

  // A character split between two chunks is joined before the parser sees it.
  const utf8 = new StringDecoder('utf8');
  for await (const chunk of input) parser.write(typeof chunk === 'string' ? chunk : utf8.write(chunk as Buffer));
  parser.write(utf8.end());
  parser.end();
  if (!sawMediawiki) throw new DumpError('not a MediaWiki XML export (no <mediawiki> element)');
  return site;
}

/** <base> is the main page's URL; the article path is that URL with the title replaced. */
function articleUrlFrom(base: string): string {
  try {
    const u = new URL(base);
    if (u.searchParams.has('title')) {
      u.searchParams.set('title', '$1');
      return u.href.replace('%241', '$1');
    }
    return u.href.replace(/[^/]*$/, '$1');
  } catch {
    return '';
  }
}
