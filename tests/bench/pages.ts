// Pages for the benchmark, served from 127.0.0.1: the corpus as it is (`/plain/NAME`), the
// corpus with phrases written into every 20th paragraph (`/phrases/NAME`, rewritten server-side,
// deterministically), the pages' own scripts and styles, generated typing pages (`/gen/...`) and
// mark.js from node_modules.
import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { listenLocal } from '../e2e/harness';
import { INSERTED } from './phrases';

export interface BenchServer {
  origin: string;
  url(path: string): string;
  /** How many phrases the "phrases" variant of `name` carries. */
  inserted(name: string): number;
  close(): Promise<void>;
}

const P_OPEN = /<p(?:\s[^>]*)?>/gi;

/** Every 20th `<p>` gets one of the phrases (in rotation) at the start of its text. */
export function insertPhrases(html: string): { html: string; count: number } {
  let seen = 0;
  let count = 0;
  const out = html.replace(P_OPEN, (tag) => {
    seen++;
    if (seen % 20 !== 0) return tag;
    const phrase = INSERTED[count % INSERTED.length]!;
    count++;
    return `${tag}${phrase}: `;
  });
  return { html: out, count };
}

const WORDS = (
  'the service desk answers requests from every team and keeps a record of each change so that ' +
  'people can follow what happened when and why while the platform group plans capacity for the ' +
  'next quarter and reviews incidents with the teams that depend on it'
).split(' ');

/** A `contenteditable` of `words` words in paragraphs of 50, with a phrase every 10th paragraph. */
export function contentEditablePage(words = 10_000): string {
  const paras: string[] = [];
  let w = 0;
  for (let p = 0; w < words; p++) {
    const n = Math.min(50, words - w);
    const text: string[] = [];
    for (let i = 0; i < n; i++) text.push(WORDS[(w + i) % WORDS.length]!);
    w += n;
    if (p % 10 === 5) text.splice(10, 2, 'internal', 'customers');
    paras.push(`<p>${text.join(' ')}</p>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>typing: contenteditable</title></head>
<body><h1>Editor</h1><div id="editor" contenteditable="true" style="width:700px">${paras.join('\n')}</div></body></html>`;
}

/** A `textarea` holding `bytes` bytes of text, a phrase every ~2 kB. */
export function textareaPage(bytes = 1_000_000): string {
  let text = '';
  let w = 0;
  let line = 0;
  while (text.length < bytes) {
    const words: string[] = [];
    for (let i = 0; i < 14; i++) words.push(WORDS[w++ % WORDS.length]!);
    if (line % 25 === 7) words.splice(3, 2, 'internal', 'customers');
    text += words.join(' ') + (line % 5 === 4 ? '\n\n' : '\n');
    line++;
  }
  const escaped = text.slice(0, bytes).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>typing: textarea</title></head>
<body><h1>Edit source</h1><textarea id="editor" rows="30" cols="100">${escaped}</textarea></body></html>`;
}

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function serveBench(corpus: string, root: string): Promise<BenchServer> {
  const cache = new Map<string, { body: Buffer; count: number }>();
  const page = (variant: string, name: string) => {
    const key = `${variant}/${name}`;
    let hit = cache.get(key);
    if (!hit) {
      const html = readFileSync(join(corpus, name), 'utf8');
      if (variant === 'phrases') {
        const r = insertPhrases(html);
        hit = { body: Buffer.from(r.html), count: r.count };
      } else hit = { body: Buffer.from(html), count: 0 };
      cache.set(key, hit);
    }
    return hit;
  };
  const generated: Record<string, () => string> = {
    'contenteditable.html': () => contentEditablePage(),
    'textarea.html': () => textareaPage(),
  };
  const genCache = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const m = /^\/(plain|phrases)\/([\w.-]+\.html?)$/.exec(path);
      if (m) {
        const body = page(m[1]!, m[2]!).body;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
        return;
      }
      const g = /^\/gen\/([\w.-]+)$/.exec(path);
      if (g && generated[g[1]!]) {
        let body = genCache.get(g[1]!);
        if (!body) genCache.set(g[1]!, (body = Buffer.from(generated[g[1]!]!())));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
        return;
      }
      // The pages' own scripts and styles (Sphinx's _static, Node's assets, Doxygen's navtree), so
      // that pages change their DOM after load as they do when read from disk.
      const asset = join(corpus, normalize(path.replace(/^\/(plain|phrases)\//, '/')));
      if (asset.startsWith(corpus + '/') && !/\.html?$/.test(asset) && statSync(asset, { throwIfNoEntry: false })?.isFile()) {
        res.writeHead(200, { 'content-type': ASSET_TYPES[extname(asset)] ?? 'application/octet-stream' }).end(readFileSync(asset));
        return;
      }
      if (path === '/mark.min.js') {
        const body = readFileSync(join(root, 'node_modules/mark.js/dist/mark.min.js'));
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
        return;
      }
    } catch {
      // fall through to 404
    }
    // The corpus refers to stylesheets and scripts that are not included: answer quickly.
    res.writeHead(404).end('not found');
  });
  const local = await listenLocal(server);
  return { ...local, inserted: (name) => page('phrases', name).count };
}
