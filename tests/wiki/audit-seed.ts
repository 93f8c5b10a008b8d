// A wiki with a known history, for the audit's tests and bench: pages whose revisions move
// from "internal customer" framing to partner language at chosen months, so the monthly series
// is known before anything is scanned. Written as a MediaWiki XML export (schema 0.11) that
// importDump.php loads with its timestamps, and that the dump reader reads directly.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface SeedRevision {
  /** ISO timestamp, second precision. */
  timestamp: string;
  text: string;
  /** Uses a reader sees as "internal customer" framing (flag level), quoted mentions excluded. */
  flagged: number;
  partner: number;
}

export interface SeedPage {
  title: string;
  ns: number;
  revisions: SeedRevision[];
  categories: string[];
  redirect?: boolean;
}

const xmlEscape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Wording of one revision with `flagged` uses and `partner` uses, in markup a reader sees
 * through: bold inside the phrase, link labels, headings; and markup a reader does not see as
 * words: link targets, categories, comments; plus a quoted mention that is not a use.
 */
export function revisionText(seed: number, flagged: number, partner: number, categories: string[]): string {
  const uses = [
    (n: number) => `Every request from our internal customers is logged in the queue (ticket ${n}).`,
    (n: number) => `The '''internal''' customer of step ${n} signs off the change.`,
    (n: number) => `See how we agree scope with [[Service catalogue|internal customers]] before step ${n}.`,
    (n: number) => `Our ''internal customer'' for item ${n} reviews the draft.`,
  ];
  const partners = [
    (n: number) => `Each internal service partner gets a named contact for topic ${n}.`,
    (n: number) => `We plan capacity with our '''internal service partners''' for quarter ${n}.`,
  ];
  const paras: string[] = [`This page describes how team ${seed} works with other departments.`];
  for (let i = 0; i < flagged; i++) paras.push(uses[(seed + i) % uses.length]!(i + 1));
  for (let i = 0; i < partner; i++) paras.push(partners[(seed + i) % partners.length]!(i + 1));
  // Seen by readers but not counted: a quoted mention. Not seen as words: a link target and a comment.
  paras.push(`The phrase "internal customer" is being retired; see [[Internal customer glossary|the glossary]].`);
  paras.push(`<!-- internal customers: wording note for editors -->Questions go to the service desk.`);
  if (seed % 5 === 0) paras.push(`== Contacts ==\nAsk in the team channel.`);
  return paras.join('\n\n') + '\n\n' + categories.map((c) => `[[Category:${c}]]`).join('\n');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * `count` pages over the 12 months ending with the month of `now`: page i is created in one of
 * the first four months with 1–4 flagged uses, then one use at a time is rewritten as partner
 * language in some later months (never in the current month, so every timestamp is past).
 */
export function seedWiki(count: number, now = Date.now()): { pages: SeedPage[]; months: string[] } {
  const d = new Date(now);
  const monthMs = (k: number, day: number, sec: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11 + k, day, 10, 0, sec);
  const months = Array.from({ length: 12 }, (_, k) => iso(monthMs(k, 1, 0)).slice(0, 7));
  const categoryNames = ['Service desk', 'Finance', 'People & culture', 'Facilities & grounds'];
  const pages: SeedPage[] = [];
  for (let i = 0; i < count; i++) {
    const categories = [categoryNames[i % categoryNames.length]!, ...(i % 3 === 0 ? ['Handbook'] : [])];
    let flagged = (i % 4) + 1;
    let partner = 0;
    const created = i % 4;
    const revisions: SeedRevision[] = [];
    const push = (k: number, day: number) => {
      revisions.push({ timestamp: iso(monthMs(k, day, i % 60)), text: revisionText(i, flagged, partner, categories), flagged, partner });
    };
    push(created, 5);
    for (let k = created + 1; k <= 10; k++) {
      if ((i + k) % 3 !== 0) continue;
      // An edit that changes no counts, then (if any left) one use rewritten.
      if (flagged > 0) {
        flagged--;
        partner++;
      }
      push(k, 12);
      if (k % 4 === 0) push(k, 20); // a second save in the same month: only the later one counts
    }
    pages.push({ title: `Team ${String(i).padStart(3, '0')} working agreement`, ns: 0, revisions, categories });
  }
  // A redirect and a page outside the main namespace: neither is audited by default.
  pages.push({ title: 'Team handbook', ns: 0, redirect: true, categories: [], revisions: [{ timestamp: iso(monthMs(1, 3, 0)), text: '#REDIRECT [[Team 000 working agreement]]', flagged: 0, partner: 0 }] });
  pages.push({ title: 'Help:Internal customers', ns: 12, categories: [], revisions: [{ timestamp: iso(monthMs(1, 3, 0)), text: revisionText(999, 2, 0, []), flagged: 2, partner: 0 }] });
  return { pages, months };
}

/** What the audit must report for month `m`: each page as it stood at that month's end. */
export function expectedHistory(pages: SeedPage[], months: string[]): { month: string; pages: number; flagged: number; partner: number }[] {
  return months.map((month) => {
    const [y, mo] = month.split('-').map(Number) as [number, number];
    const end = Date.UTC(y, mo, 1);
    let n = 0;
    let flagged = 0;
    let partner = 0;
    for (const p of pages) {
      if (p.redirect || p.ns !== 0) continue;
      const standing = p.revisions.filter((r) => Date.parse(r.timestamp) < end).at(-1);
      if (!standing) continue;
      n++;
      flagged += standing.flagged;
      partner += standing.partner;
    }
    return { month, pages: n, flagged, partner };
  });
}

export async function writeSeedXml(file: string, pages: Iterable<SeedPage>, site?: { name: string; base: string }): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n');
  if (site) await write(`<siteinfo><sitename>${xmlEscape(site.name)}</sitename><base>${xmlEscape(site.base)}</base></siteinfo>\n`);
  let rev = 1;
  for (const p of pages) {
    await write(`<page>\n<title>${xmlEscape(p.title)}</title>\n<ns>${p.ns}</ns>\n${p.redirect ? `<redirect title="${xmlEscape(p.revisions[0]!.text.replace(/^#REDIRECT \[\[|\]\]$/g, ''))}" />\n` : ''}`);
    for (const r of p.revisions) {
      await write(`<revision>\n<id>${rev++}</id>\n<timestamp>${r.timestamp}</timestamp>\n<contributor><username>Seeder</username></contributor>\n<model>wikitext</model>\n<format>text/x-wiki</format>\n<text xml:space="preserve">${xmlEscape(r.text)}</text>\n</revision>\n`);
    }
    await write('</page>\n');
  }
  await write('</mediawiki>\n');
  out.end();
  await once(out, 'close');
}
