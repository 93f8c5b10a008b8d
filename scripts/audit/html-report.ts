// The champion's report: one self-contained HTML file (no script, no external resource) with
// the adoption trend as an inline SVG chart with a table as its text alternative, the pages to
// fix first with edit links, and breakdowns by namespace and category. Prints on paper.
// Everything that comes from the wiki is escaped.
import type { AuditAggregate, Figures, HistoryPoint } from '@/utils/audit/aggregate';
import type { AuditHeader } from './types';

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const pct = (a: number | null): string => (a === null ? '—' : `${(a * 100).toFixed(1)}%`);

/** Only http(s) links from the wiki become links. */
const safeUrl = (u: string): string | null => (/^https?:\/\//i.test(u) ? u : null);

const CSS = `
:root{color-scheme:light;--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b6e4f;--flag:#b35900}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:60rem;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);margin:0}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0;padding:0;list-style:none}
.figures li{border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem;min-width:9rem}
.figures b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
a{color:#0550ae}
.chart{width:100%;height:auto;max-width:52rem}
.chart .axis{stroke:var(--muted);stroke-width:1}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .line{fill:none;stroke:var(--accent);stroke-width:3}
.chart .dot{fill:var(--accent)}
.chart .bar{fill:var(--flag);opacity:.35}
.chart text{font-size:12px;fill:var(--muted)}
.key{color:var(--muted);font-size:.9rem}
.key span{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin:0 .3rem 0 .8rem}
.note{color:var(--muted);font-size:.9rem}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}
 a[href^="http"].edit::after{content:" (" attr(href) ")";font-size:8pt;color:#555;word-break:break-all}
 h2{break-after:avoid}tr,.chart{break-inside:avoid}.figures li{border-color:#999}}
`;

function chart(points: HistoryPoint[]): string {
  const W = 760;
  const H = 260;
  const left = 48;
  const right = 48;
  const top = 16;
  const bottom = 40;
  const iw = W - left - right;
  const ih = H - top - bottom;
  const step = points.length > 1 ? iw / (points.length - 1) : 0;
  const x = (i: number) => left + (points.length > 1 ? i * step : iw / 2);
  const y = (a: number) => top + ih - a * ih;
  const maxFlag = Math.max(1, ...points.map((p) => p.flagged));
  const barW = Math.max(4, Math.min(28, (points.length > 1 ? step : iw) * 0.5));
  const parts: string[] = [];
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${y(g)}" y2="${y(g)}"/>`);
    parts.push(`<text x="${left - 6}" y="${y(g) + 4}" text-anchor="end">${g * 100}%</text>`);
  }
  parts.push(`<text x="${W - right + 6}" y="${top + 4}">${maxFlag}</text><text x="${W - right + 6}" y="${top + ih + 4}">0</text>`);
  points.forEach((p, i) => {
    const h = (p.flagged / maxFlag) * ih;
    parts.push(`<rect class="bar" x="${(x(i) - barW / 2).toFixed(1)}" y="${(top + ih - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"/>`);
    const every = Math.ceil(points.length / 12);
    if (i % every === 0 || i === points.length - 1) parts.push(`<text x="${x(i).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle">${esc(p.month)}</text>`);
  });
  const withA = points.map((p, i) => [i, p.adoption] as const).filter((d): d is readonly [number, number] => d[1] !== null);
  if (withA.length) {
    parts.push(`<polyline class="line" points="${withA.map(([i, a]) => `${x(i).toFixed(1)},${y(a).toFixed(1)}`).join(' ')}"/>`);
    for (const [i, a] of withA) parts.push(`<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(a).toFixed(1)}" r="4"/>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${top + ih}" y2="${top + ih}"/>`);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const desc = `Adoption of partner language went from ${pct(first.adoption)} in ${first.month} to ${pct(last.adoption)} in ${last.month}; flagged uses from ${first.flagged} to ${last.flagged}. The table below lists every month.`;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Adoption of partner language by month</title><desc id="chart-desc">${esc(desc)}</desc>
${parts.join('\n')}
</svg>
<p class="key" aria-hidden="true"><span style="background:#0b6e4f"></span>adoption (left scale)<span style="background:#b35900;opacity:.35"></span>flagged uses (right scale)</p>`;
}

function figuresRow(label: string, f: Figures): string {
  return `<tr><th scope="row">${label}</th><td class="n">${f.pages}</td><td class="n">${f.flagged}</td><td class="n">${f.partner}</td><td class="n">${pct(f.adoption)}</td></tr>`;
}

const FIG_HEAD = '<th scope="col" class="n">Pages</th><th scope="col" class="n">Flagged uses</th><th scope="col" class="n">Partner language</th><th scope="col" class="n">Adoption</th>';

export function renderHtmlReport(header: AuditHeader, agg: AuditAggregate): string {
  const t = agg.totals();
  const site = header.sitename || header.source;
  const date = header.started.slice(0, 10);
  const history = agg.history();
  const toFix = agg.toFix(50);
  const nsName = (n: number) => (n === 0 ? 'Main' : header.namespaceNames?.[n] || `Namespace ${n}`);
  const categories = agg.byCategory(30);

  const trend = history.length
    ? `${chart(history)}
<table><caption>Month by month: each page as it stood at the end of the month</caption>
<thead><tr><th scope="col">Month</th>${FIG_HEAD}</tr></thead>
<tbody>${history.map((h) => figuresRow(esc(h.month), h)).join('\n')}</tbody></table>`
    : '<p class="note">This audit read the pages as they are today. Run it with <code>--history monthly</code> to see the trend month by month.</p>';

  const fixRows = toFix.map((p) => {
    const url = safeUrl(p.url);
    const edit = safeUrl(p.edit);
    const name = url ? `<a href="${esc(url)}">${esc(p.title)}</a>` : esc(p.title);
    const editCell = edit ? `<a class="edit" href="${esc(edit)}">Edit<span class="visually-hidden"> ${esc(p.title)}</span></a>` : '';
    return `<tr><th scope="row">${name}</th><td class="n">${p.flagged}</td><td class="n">${p.partner}</td><td>${editCell}</td></tr>`;
  });

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner language audit — ${esc(site)} — ${esc(date)}</title>
<style>${CSS}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style>
</head>
<body>
<header>
<h1>Partner language audit: ${esc(site)}</h1>
<p class="meta">Audit of ${esc(date)} · source ${esc(header.source)} · namespaces ${header.namespaces.map((n) => esc(nsName(n))).join(', ')}</p>
</header>
<main>
<section aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<ul class="figures">
<li><b>${t.pages}</b>pages read</li>
<li><b>${t.flagged}</b>flagged uses</li>
<li><b>${t.partner}</b>partner language</li>
<li><b>${pct(t.adoption)}</b>adoption</li>
</ul>
<p class="note">Flagged uses are "internal customer" framing and related phrases, counted in the words readers see (link targets, templates and quoted mentions are not counted). Adoption is partner language ÷ (partner language + flagged uses).</p>
</section>
<section aria-labelledby="h-trend">
<h2 id="h-trend">Trend</h2>
${trend}
</section>
<section aria-labelledby="h-fix">
<h2 id="h-fix">Pages to fix first</h2>
${fixRows.length
    ? `<table><caption>The ${fixRows.length} pages with the most flagged uses</caption>
<thead><tr><th scope="col">Page</th><th scope="col" class="n">Flagged uses</th><th scope="col" class="n">Partner language</th><th scope="col">Edit</th></tr></thead>
<tbody>${fixRows.join('\n')}</tbody></table>`
    : '<p>No page has a flagged use.</p>'}
</section>
<section aria-labelledby="h-ns">
<h2 id="h-ns">By namespace</h2>
<table><thead><tr><th scope="col">Namespace</th>${FIG_HEAD}</tr></thead>
<tbody>${agg.byNamespace().map(([n, f]) => figuresRow(esc(nsName(n)), f)).join('\n')}</tbody></table>
</section>
<section aria-labelledby="h-cat">
<h2 id="h-cat">By category</h2>
${categories.length
    ? `<table><caption>Categories named on the pages, most flagged uses first${categories.length === 30 ? ' (top 30)' : ''}</caption>
<thead><tr><th scope="col">Category</th>${FIG_HEAD}</tr></thead>
<tbody>${categories.map(([c, f]) => figuresRow(esc(c), f)).join('\n')}</tbody></table>`
    : '<p>No page names a category.</p>'}
</section>
</main>
<footer><p class="note">Made by Partner Lens from the wiki's own text; nothing was collected from anyone's browser.</p></footer>
</body>
</html>
`;
}
