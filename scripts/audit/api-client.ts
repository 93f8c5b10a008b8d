// A polite MediaWiki Action API client: one request at a time at most `rate` per second, the
// `maxlag` parameter on every request, and retries with backoff when the wiki says it is busy
// (HTTP 429/5xx, a `maxlag` error) or the connection drops. Node's own fetch; nothing else.

export class NotMediaWikiApi extends Error {}
export class ApiError extends Error {}

export interface ClientOptions {
  /** Requests per second; 0 = no limit. */
  rate: number;
  /** Seconds of replication lag at which the wiki should refuse us (MediaWiki's maxlag). */
  maxlag: number;
  retries: number;
  /** First backoff, doubled on each retry (a Retry-After header wins when longer). */
  backoffMs: number;
  userAgent: string;
}

export const DEFAULT_CLIENT: ClientOptions = {
  rate: 5,
  maxlag: 5,
  retries: 8,
  backoffMs: 500,
  userAgent: 'PartnerLensAudit/0.1 (wiki language audit; run by a wiki champion)',
};

export type ApiParams = Record<string, string | number | undefined>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class MediaWikiClient {
  private next = 0;
  requests = 0;
  retried = 0;

  constructor(
    readonly api: URL,
    private readonly opts: ClientOptions = DEFAULT_CLIENT,
  ) {}

  private async pace(): Promise<void> {
    if (this.opts.rate <= 0) return;
    const now = Date.now();
    const wait = this.next - now;
    this.next = Math.max(now, this.next) + 1000 / this.opts.rate;
    if (wait > 0) await sleep(wait);
  }

  /** One GET to api.php with JSON, formatversion 2 and maxlag; resolves the parsed body. */
  async get(params: ApiParams): Promise<Record<string, unknown>> {
    const url = new URL(this.api);
    const all: ApiParams = { ...params, format: 'json', formatversion: 2, maxlag: this.opts.maxlag, errorformat: 'plaintext' };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, String(v));
    let delay = this.opts.backoffMs;
    for (let attempt = 0; ; attempt++) {
      await this.pace();
      this.requests++;
      let retryAfter = 0;
      let why: string;
      try {
        const res = await fetch(url, { headers: { 'user-agent': this.opts.userAgent, accept: 'application/json' } });
        retryAfter = Number(res.headers.get('retry-after')) * 1000 || 0;
        if (res.status === 429 || res.status >= 500) {
          await res.body?.cancel();
          why = `HTTP ${res.status}`;
        } else {
          const body = await res.text();
          const data = parseApiBody(body, res.status, res.headers.get('content-type'));
          const code = firstErrorCode(data);
          if (code === 'maxlag' || code === 'ratelimited') {
            why = code;
          } else if (code) {
            throw new ApiError(`the wiki refused the request: ${code}${errorText(data)}`);
          } else {
            return data;
          }
        }
      } catch (e) {
        if (e instanceof NotMediaWikiApi || e instanceof ApiError) throw e;
        why = (e as Error).cause ? String(((e as Error).cause as Error).message ?? (e as Error).cause) : (e as Error).message;
        if (attempt === 0 && this.requests === 1) throw new NotMediaWikiApi(`cannot reach ${this.api.href} (${why})`);
      }
      if (attempt >= this.opts.retries) throw new ApiError(`gave up after ${attempt + 1} tries (${why})`);
      this.retried++;
      await sleep(Math.max(delay, retryAfter));
      delay *= 2;
    }
  }
}

function parseApiBody(body: string, status: number, type: string | null): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new NotMediaWikiApi(`not a MediaWiki API: the answer is not JSON (HTTP ${status}, ${type ?? 'no content type'})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new NotMediaWikiApi('not a MediaWiki API: unexpected JSON');
  return data as Record<string, unknown>;
}

function firstErrorCode(data: Record<string, unknown>): string | undefined {
  const err = data.error as { code?: unknown } | undefined;
  if (err && typeof err.code === 'string') return err.code;
  const errors = data.errors as { code?: unknown }[] | undefined;
  if (Array.isArray(errors) && typeof errors[0]?.code === 'string') return errors[0].code;
  return undefined;
}

function errorText(data: Record<string, unknown>): string {
  const err = (data.error ?? (data.errors as unknown[] | undefined)?.[0]) as { info?: unknown; text?: unknown } | undefined;
  const text = err?.info ?? err?.text;
  return typeof text === 'string' ? ` (${text})` : '';
}

/** The wiki's identity: checks the URL is an Action API and learns how to link to pages. */
export interface SiteInfo {
  sitename: string;
  /** Absolute article URL with "$1" for the title. */
  articleUrl: string;
  /** Absolute index.php URL. */
  scriptUrl: string;
  /** Namespace number → its local name ("" for the main namespace). */
  namespaces: Map<number, string>;
  /** Local names of the Category namespace (canonical, local and aliases). */
  categoryNames: string[];
  /** The wiki's own count of its pages (for the progress bar; 0 when unknown). */
  pages: number;
}

export async function siteInfo(client: MediaWikiClient): Promise<SiteInfo> {
  const data = await client.get({ action: 'query', meta: 'siteinfo', siprop: 'general|namespaces|namespacealiases|statistics' });
  const q = data.query as { general?: Record<string, unknown>; namespaces?: Record<string, { id: number; name: string; canonical?: string }>; namespacealiases?: { id: number; alias: string }[]; statistics?: { pages?: number; articles?: number } } | undefined;
  const general = q?.general;
  if (!general || typeof general.articlepath !== 'string' || typeof general.server !== 'string' || typeof general.script !== 'string') {
    throw new NotMediaWikiApi(`not a MediaWiki API: ${client.api.href} has no siteinfo`);
  }
  const server = new URL(general.server, client.api).href.replace(/\/$/, '');
  const namespaces = new Map<number, string>();
  const categoryNames = new Set(['Category']);
  for (const ns of Object.values(q?.namespaces ?? {})) {
    namespaces.set(ns.id, ns.name);
    if (ns.id === 14) {
      categoryNames.add(ns.name);
      if (ns.canonical) categoryNames.add(ns.canonical);
    }
  }
  for (const a of q?.namespacealiases ?? []) if (a.id === 14) categoryNames.add(a.alias);
  return {
    sitename: String(general.sitename ?? ''),
    articleUrl: server + general.articlepath,
    scriptUrl: server + general.script,
    namespaces,
    categoryNames: [...categoryNames],
    pages: Number(q?.statistics?.pages) || 0,
  };
}

/** MediaWiki's own URL form of a title: spaces as underscores, a few characters left readable. */
export function titleForUrl(title: string): string {
  return encodeURIComponent(title.replace(/ /g, '_')).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

export function pageLinks(site: Pick<SiteInfo, 'articleUrl' | 'scriptUrl'>, title: string): { url: string; edit: string } {
  const t = titleForUrl(title);
  return { url: site.articleUrl.replace('$1', t), edit: `${site.scriptUrl}?title=${t}&action=edit` };
}
