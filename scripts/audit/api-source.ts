// The audit of a live wiki through api.php: enumerate pages (list=allpages, redirects left out
// by the wiki), read current wikitext 50 titles a request, and with --history the revision
// current at the end of each month. Progress is committed to the spool batch by batch.
import { monthEnd, monthStart, monthsHeld } from '@/utils/audit/months';
import type { MediaWikiClient, SiteInfo } from './api-client';
import { pageLinks } from './api-client';
import type { Cursor, Spool } from './spool';
import type { PageResult } from './types';

export interface PageReader {
  /** Scans one wikitext; null when it is a redirect. */
  read(text: string): Omit<PageResult, 'path' | 'namespace' | 'url' | 'edit' | 'history'> | null;
  /** Counts only (history months). */
  count(text: string): [number, number] | null;
}

interface ApiCursor extends Cursor {
  /** Index into the namespaces being read. */
  ns: number;
  /** The allpages continuation that gave the current listing (absent for its first listing). */
  apcontinue?: string;
  /** Titles of that listing already committed. */
  offset: number;
  /** The namespace's listing is finished. */
  end?: boolean;
}

const LIST_LIMIT = 500;
const BATCH = 50;

interface Revision {
  revid?: number;
  timestamp?: string;
  slots?: { main?: { content?: string } };
  content?: string;
}
interface ApiPage {
  title: string;
  ns: number;
  missing?: boolean;
  revisions?: Revision[];
}

const contentOf = (r: Revision | undefined): string | undefined => r?.slots?.main?.content ?? r?.content;

/** All result pages of a query, following `continue` (the wiki may split a large answer). */
async function queryAll(client: MediaWikiClient, params: Record<string, string | number>): Promise<ApiPage[]> {
  const pages = new Map<string, ApiPage>();
  let cont: Record<string, string> | undefined = {};
  while (cont) {
    const data = await client.get({ action: 'query', ...params, ...cont });
    for (const p of ((data.query as { pages?: ApiPage[] } | undefined)?.pages ?? [])) {
      const had = pages.get(p.title);
      if (had) had.revisions = [...(had.revisions ?? []), ...(p.revisions ?? [])];
      else pages.set(p.title, p);
    }
    cont = data.continue as Record<string, string> | undefined;
  }
  return [...pages.values()];
}

export interface ApiAuditOptions {
  namespaces: number[];
  /** Months to report, oldest first; empty without --history. */
  months: string[];
  onPage?: () => void;
}

export async function auditApi(client: MediaWikiClient, site: SiteInfo, reader: PageReader, spool: Spool, opts: ApiAuditOptions): Promise<void> {
  let cursor = (spool.cursor as ApiCursor | null) ?? { ns: 0, offset: 0 };
  while (cursor.ns < opts.namespaces.length) {
    if (cursor.end) {
      cursor = { ns: cursor.ns + 1, offset: 0 };
      continue;
    }
    const ns = opts.namespaces[cursor.ns]!;
    const list = await client.get({
      action: 'query',
      list: 'allpages',
      apnamespace: ns,
      apfilterredir: 'nonredirects',
      aplimit: LIST_LIMIT,
      apcontinue: cursor.apcontinue,
    });
    const titles = ((list.query as { allpages?: { title: string }[] } | undefined)?.allpages ?? []).map((p) => p.title);
    const nextContinue = (list.continue as { apcontinue?: string } | undefined)?.apcontinue;
    const after: ApiCursor = nextContinue !== undefined
      ? { ns: cursor.ns, apcontinue: nextContinue, offset: 0 }
      : { ns: cursor.ns, offset: 0, end: true };
    for (let i = cursor.offset; i < titles.length; i += BATCH) {
      const batch = titles.slice(i, i + BATCH);
      const results = await readBatch(client, site, reader, ns, batch, opts.months);
      const done = i + batch.length;
      spool.commit(results, done < titles.length ? { ns: cursor.ns, apcontinue: cursor.apcontinue, offset: done } : after);
      for (let k = 0; k < results.length; k++) opts.onPage?.();
    }
    if (cursor.offset >= titles.length) spool.commit([], after); // an empty listing
    cursor = after;
  }
}

async function readBatch(client: MediaWikiClient, site: SiteInfo, reader: PageReader, ns: number, titles: string[], months: string[]): Promise<PageResult[]> {
  const pages = await queryAll(client, { prop: 'revisions', titles: titles.join('|'), rvprop: 'ids|timestamp|content', rvslots: 'main' });
  const byTitle = new Map(pages.map((p) => [p.title, p]));
  const out: PageResult[] = [];
  const current = new Map<number, string>();
  for (const title of titles) {
    const page = byTitle.get(title);
    const rev = page?.revisions?.[0];
    const text = contentOf(rev);
    if (!page || page.missing || text === undefined) continue; // deleted since it was listed
    const found = reader.read(text);
    if (!found) continue; // became a redirect since it was listed
    if (rev?.revid !== undefined) current.set(rev.revid, text);
    out.push({ path: title, namespace: page.ns ?? ns, ...pageLinks(site, title), ...found });
  }
  if (months.length > 0) await addHistory(client, reader, out, months, current);
  return out;
}

/**
 * For each page, which revision was current at each month's end: revision ids and timestamps
 * back to the first month (no text), then the text of only those revisions, 50 a request, each
 * read once however many months it stood.
 */
async function addHistory(client: MediaWikiClient, reader: PageReader, pages: PageResult[], months: string[], known: Map<number, string>): Promise<void> {
  const first = monthStart(months[0]!);
  const last = monthEnd(months[months.length - 1]!);
  const wanted = new Map<number, string[]>(); // revid → months it stood at the end of
  const perPage: Map<number, string[]>[] = [];
  for (const page of pages) {
    const held = new Map<number, string[]>();
    let cont: Record<string, string> | undefined = {};
    let newer = Infinity; // timestamp of the next newer revision
    let reachedStart = false;
    while (cont && !reachedStart) {
      const data = await client.get({
        action: 'query',
        prop: 'revisions',
        titles: page.path,
        rvprop: 'ids|timestamp',
        rvlimit: 'max',
        rvdir: 'older',
        rvstart: last <= Date.now() ? new Date(last - 1000).toISOString().replace(/\.\d+Z$/, 'Z') : undefined,
        ...cont,
      });
      const revs = ((data.query as { pages?: ApiPage[] } | undefined)?.pages?.[0]?.revisions ?? []);
      for (const r of revs) {
        const at = Date.parse(r.timestamp ?? '');
        const ms = monthsHeld(months, at, newer);
        if (ms.length > 0 && r.revid !== undefined) {
          held.set(r.revid, ms);
          wanted.set(r.revid, []);
        }
        newer = at;
        if (at < first) {
          reachedStart = true;
          break;
        }
      }
      cont = data.continue as Record<string, string> | undefined;
    }
    perPage.push(held);
  }
  const counts = new Map<number, [number, number] | null>();
  for (const [id, text] of known) if (wanted.has(id)) counts.set(id, reader.count(text));
  const missing = [...wanted.keys()].filter((id) => !counts.has(id));
  for (let i = 0; i < missing.length; i += BATCH) {
    const ids = missing.slice(i, i + BATCH);
    const data = await queryAll(client, { prop: 'revisions', revids: ids.join('|'), rvprop: 'ids|content', rvslots: 'main' });
    for (const p of data) for (const r of p.revisions ?? []) {
      const text = contentOf(r);
      if (r.revid !== undefined) counts.set(r.revid, text === undefined ? null : reader.count(text));
    }
  }
  pages.forEach((page, i) => {
    const history: Record<string, [number, number]> = {};
    for (const [id, ms] of perPage[i]!) {
      const c = counts.get(id);
      if (!c) continue; // a redirect then, or its text is hidden
      for (const m of ms) history[m] = c;
    }
    page.history = Object.fromEntries(months.filter((m) => history[m]).map((m) => [m, history[m]!]));
  });
}
