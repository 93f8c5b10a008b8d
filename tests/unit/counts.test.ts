import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyReport, type ReportMessage } from '@/utils/data/apply';
import { addDays, dayOf } from '@/utils/data/days';
import { openStore } from '@/utils/data/idb-store';
import { createMemoryStore } from '@/utils/data/memory-store';
import { pruneExpired, resetCounts } from '@/utils/data/retention';
import { DAY_MS, PAGES_ROW, type DailyRecord, type RollupRecord } from '@/utils/data/schema';
import { getStats } from '@/utils/data/stats';
import type { Store } from '@/utils/data/store';
import { csvCell, exportData, importData, parseImport } from '@/utils/data/transfer';
import { rollupsOf } from '@/utils/data/rollup';
import type { Level } from '@/utils/engine/types';

const uniqueName = () => `counts-${crypto.randomUUID()}`;
const NOW = new Date(2025, 4, 20, 12, 0, 0).getTime(); // local noon, 20 May 2025
const TODAY = dayOf(NOW);

const stores: Store[] = [];
const track = (s: Store) => (stores.push(s), s);
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULES: [string, Level][] = [
  ['internal-customer', 'flag'],
  ['internal-client', 'flag'],
  ['customer-is-king', 'hint'],
  ['partner-language', 'partner'],
];

/** One tab's page view: a sequence of cumulative snapshots as the content script would send them. */
function viewReports(tab: number, n: number, seed: number): ReportMessage[] {
  const rand = rng(seed);
  const totals = new Map(RULES.map(([r]) => [r, { seen: 0, quoted: 0 }]));
  const out: ReportMessage[] = [];
  let eventNo = 0;
  for (let i = 0; i < n; i++) {
    for (const [rule] of RULES) {
      const t = totals.get(rule)!;
      if (rand() < 0.5) t.seen += Math.floor(rand() * 3);
      if (rand() < 0.1) t.quoted += 1;
    }
    const events: ReportMessage['events'] = [];
    if (rand() < 0.3) events.push({ id: `t${tab}-e${eventNo++}`, kind: rand() < 0.6 ? 'fixed' : 'dismissed', rule: 'internal-customer' });
    out.push({
      type: 'report',
      viewId: `view-${tab}`,
      url: `https://site${tab % 3}.example/page-${tab}#s${i}`,
      title: `Page ${tab}`,
      tallies: RULES.map(([rule, level]) => ({ rule, level, ...totals.get(rule)! })),
      flaggedNow: totals.get('internal-customer')!.seen,
      events,
    });
  }
  return out;
}

/** What the figures must be: the last snapshot of each view plus every distinct event. */
function expectedSums(reports: ReportMessage[]) {
  const last = new Map<string, ReportMessage>();
  const events = new Map<string, ReportMessage['events'][number]>();
  for (const r of reports) {
    last.set(r.viewId, r);
    for (const e of r.events) events.set(e.id, e);
  }
  const sums = { seen: 0, partner: 0, quoted: 0, fixed: 0, dismissed: 0 };
  for (const r of last.values()) {
    for (const t of r.tallies) {
      if (t.level === 'partner') sums.partner += t.seen;
      else sums.seen += t.seen;
      sums.quoted += t.quoted;
    }
  }
  for (const e of events.values()) sums[e.kind]++;
  return sums;
}

const interleave = <T,>(lists: T[][]): T[] => {
  const out: T[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++) for (const l of lists) if (l[i]) out.push(l[i]!);
  return out;
};

function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list];
  const rand = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function totalsOf(store: Store) {
  const { totals } = await getStats(store, 1, { now: NOW, worklist: true });
  const { resolved: _r, ...rest } = totals;
  return rest;
}

const opts = { now: NOW, worklist: true };

describe('applying reports', () => {
  it('5 tabs × 200 interleaved reports give exactly the sums', async () => {
    const store = track(await openStore({ name: uniqueName() }));
    const perTab = [0, 1, 2, 3, 4].map((t) => viewReports(t, 200, 100 + t));
    const all = interleave(perTab);
    // A round of five (one per tab) in flight at once, as five tabs would send them.
    for (let i = 0; i < all.length; i += 5) await Promise.all(all.slice(i, i + 5).map((r) => applyReport(store, r, opts)));
    expect(await totalsOf(store)).toEqual(expectedSums(all));
    expect(expectedSums(all).seen).toBeGreaterThan(0);
  });

  it.each([
    ['every report twice', (rs: ReportMessage[]) => rs.flatMap((r) => [r, r])],
    ['shuffled', (rs: ReportMessage[]) => shuffle(rs, 42)],
    ['all re-sent at the end', (rs: ReportMessage[]) => [...rs, ...rs]],
  ])('re-sent reports never double count: %s', async (_label, reorder) => {
    const store = track(createMemoryStore());
    const reports = interleave([viewReports(1, 40, 7), viewReports(2, 40, 8)]);
    for (const r of reorder(reports)) await applyReport(store, r, opts);
    expect(await totalsOf(store)).toEqual(expectedSums(reports));
  });

  it('a service-worker restart mid-batch loses at most the unsent batch and counts nothing twice', async () => {
    const name = uniqueName();
    const reports = viewReports(3, 60, 11);
    // The two reports around the crash carry events, so that a double count would show.
    for (const i of [29, 30]) reports[i]!.events.push({ id: `crash-${i}`, kind: 'fixed', rule: 'internal-customer' });
    const dbA = await import('@/utils/data/idb-store');
    const countsA = await import('@/utils/data/apply');
    const storeA = await dbA.openStore({ name });
    for (const r of reports.slice(0, 30)) await countsA.applyReport(storeA, r, opts);
    // Report 31 is in flight when the worker dies: it may or may not have committed.
    const inFlight = countsA.applyReport(storeA, reports[30]!, opts).catch(() => undefined);
    storeA.close();
    await inFlight;

    vi.resetModules();
    const dbB = await import('@/utils/data/idb-store');
    const countsB = await import('@/utils/data/apply');
    expect(dbB).not.toBe(dbA);
    const storeB = track(await dbB.openStore({ name }));
    // The content script got no answer for 30 and 31 (the worker died), so it sends both again.
    for (const r of reports.slice(29)) await countsB.applyReport(storeB, r, opts);
    expect(await totalsOf(storeB)).toEqual(expectedSums(reports));

    // Had it not re-sent 31, only 31's events could be missing, and nothing would be doubled.
    const store2 = track(await dbB.openStore({ name: uniqueName() }));
    for (const r of [...reports.slice(0, 30), ...reports.slice(31)]) await countsB.applyReport(store2, r, opts);
    const expected = expectedSums(reports);
    const got = await totalsOf(store2);
    const lostEvents = reports[30]!.events.length;
    expect(got.seen).toBe(expected.seen);
    expect(got.fixed + got.dismissed).toBeGreaterThanOrEqual(expected.fixed + expected.dismissed - lostEvents);
    expect(got.fixed + got.dismissed).toBeLessThanOrEqual(expected.fixed + expected.dismissed);
  });

  it('ignores a view id that comes back from another site', async () => {
    const store = track(createMemoryStore());
    const [first] = viewReports(1, 1, 3);
    await applyReport(store, { ...first!, tallies: [{ rule: 'internal-customer', level: 'flag', seen: 2, quoted: 0 }] }, opts);
    const res = await applyReport(store, { ...first!, url: 'https://elsewhere.example/', tallies: [{ rule: 'internal-customer', level: 'flag', seen: 9, quoted: 0 }] }, opts);
    expect(res.ignored).toBe(true);
    expect((await totalsOf(store)).seen).toBe(2);
  });
});

describe('resolved pages', () => {
  const report = (viewId: string, flaggedNow: number, seen: number): ReportMessage => ({
    type: 'report',
    viewId,
    url: 'https://wiki.example/team',
    title: 'Team',
    tallies: seen ? [{ rule: 'internal-customer', level: 'flag', seen, quoted: 0 }] : [],
    flaggedNow,
    events: [],
  });

  const cases: { label: string; worklist: boolean; steps: [string, number, number][]; resolved: number; open: number }[] = [
    { label: 'fixed within one view', worklist: true, steps: [['v1', 2, 2], ['v1', 0, 2], ['v1', 0, 2]], resolved: 1, open: 0 },
    { label: 'fixed, seen clean on a later visit', worklist: true, steps: [['v1', 3, 3], ['v2', 0, 0], ['v3', 0, 0]], resolved: 1, open: 0 },
    { label: 'later visit, worklist off: no memory of the page', worklist: false, steps: [['v1', 3, 3], ['v2', 0, 0]], resolved: 0, open: 0 },
    { label: 'never flagged', worklist: true, steps: [['v1', 0, 0], ['v2', 0, 0]], resolved: 0, open: 0 },
    { label: 'still flagged', worklist: true, steps: [['v1', 1, 1], ['v2', 2, 2]], resolved: 0, open: 1 },
    { label: 'resolved, regressed, resolved in a new view', worklist: true, steps: [['v1', 1, 1], ['v1', 0, 1], ['v2', 1, 1], ['v3', 0, 0]], resolved: 2, open: 0 },
  ];

  it('does not count an open page again after a reset when it re-sends its totals', async () => {
    const store = track(createMemoryStore());
    await applyReport(store, report('v1', 2, 2), { now: NOW, worklist: true });
    await resetCounts(store);
    await applyReport(store, report('v1', 2, 2), { now: NOW, worklist: true });
    expect((await getStats(store, 1, { now: NOW, worklist: true })).totals.seen).toBe(0);
    // What the page finds after the reset still counts.
    await applyReport(store, report('v1', 3, 3), { now: NOW, worklist: true });
    expect((await getStats(store, 1, { now: NOW, worklist: true })).totals.seen).toBe(1);
  });

  it.each(cases)('$label', async ({ worklist, steps, resolved, open }) => {
    const store = track(createMemoryStore());
    for (const [v, flagged, seen] of steps) await applyReport(store, report(v, flagged, seen), { now: NOW, worklist });
    const stats = await getStats(store, 1, { now: NOW, worklist });
    expect(stats.totals.resolved).toBe(resolved);
    expect(stats.worklist).toHaveLength(open);
  });
});

describe('getStats', () => {
  const d = (day: string, hostname: string, rule: string, level: Level | undefined, seen: number, extra: Partial<DailyRecord> = {}): DailyRecord => ({
    day,
    hostname,
    rule,
    ...(level ? { level } : {}),
    seen,
    quoted: 0,
    fixed: 0,
    dismissed: 0,
    ...extra,
  });

  async function seeded() {
    const store = track(await openStore({ name: uniqueName() }));
    await store.write(['daily', 'pages'], async (tx) => {
      await tx.put('daily', d(TODAY, 'a.example', 'internal-customer', 'flag', 6, { quoted: 2, fixed: 3, dismissed: 1 }));
      await tx.put('daily', d(TODAY, 'a.example', 'partner-language', 'partner', 2));
      await tx.put('daily', d(addDays(TODAY, -1), 'b.example', 'customer-is-king', 'hint', 2));
      await tx.put('daily', d(addDays(TODAY, -1), 'b.example', 'partner-language', 'partner', 6));
      await tx.put('daily', d(addDays(TODAY, -1), 'b.example', PAGES_ROW, undefined, 0, { resolved: 2 }));
      await tx.put('daily', d(addDays(TODAY, -10), 'c.example', 'internal-customer', 'flag', 100));
      await tx.put('pages', { url: 'https://a.example/1', hostname: 'a.example', title: 'One', flagged: 1, firstSeen: 1, lastSeen: NOW });
      await tx.put('pages', { url: 'https://a.example/2', hostname: 'a.example', title: 'Two', flagged: 5, firstSeen: 1, lastSeen: NOW - 10 });
      await tx.put('pages', { url: 'https://a.example/3', hostname: 'a.example', title: 'Done', flagged: 0, firstSeen: 1, lastSeen: NOW, resolvedAt: NOW });
    });
    return store;
  }

  it.each([
    { days: 1, seen: 6, partner: 2, quoted: 2, fixed: 3, resolved: 0, adoption: 0.25, sites: ['a.example'] },
    { days: 2, seen: 8, partner: 8, quoted: 2, fixed: 3, resolved: 2, adoption: 0.5, sites: ['a.example', 'b.example'] },
    { days: 30, seen: 108, partner: 8, quoted: 2, fixed: 3, resolved: 2, adoption: 8 / 116, sites: ['c.example', 'a.example', 'b.example'] },
  ])('last $days day(s)', async ({ days, seen, partner, quoted, fixed, resolved, adoption, sites }) => {
    const stats = await getStats(await seeded(), days, { now: NOW, worklist: true });
    expect(stats.totals).toMatchObject({ seen, partner, quoted, fixed, resolved });
    expect(stats.adoption).toBeCloseTo(adoption, 10);
    expect(stats.byDay).toHaveLength(days);
    expect(stats.byDay.at(-1)!.day).toBe(TODAY);
    expect(stats.byDay.reduce((s, x) => s + x.seen, 0)).toBe(seen);
    expect(stats.topSites.map((s) => s.hostname)).toEqual(sites);
    expect(stats.topPhrases.map((p) => p.rule)).not.toContain(PAGES_ROW);
    expect(stats.worklist.map((p) => p.title)).toEqual(['Two', 'One']);
  });

  it('adoption is null with no uses, and the worklist is hidden when off', async () => {
    const store = track(createMemoryStore());
    const stats = await getStats(store, 7, { now: NOW, worklist: false });
    expect(stats.adoption).toBeNull();
    expect(stats.byDay.every((x) => x.adoption === null && x.seen === 0)).toBe(true);
    expect((await getStats(await seeded(), 7, { now: NOW, worklist: false })).worklist).toEqual([]);
  });
});

describe('retention', () => {
  it('drops rows older than retentionDays and views older than a day', async () => {
    const store = track(await openStore({ name: uniqueName() }));
    const row = (day: string): DailyRecord => ({ day, hostname: 'a.example', rule: 'r', level: 'flag', seen: 1, quoted: 0, fixed: 0, dismissed: 0 });
    await store.write(['daily', 'views', 'pages'], async (tx) => {
      for (const back of [0, 29, 30, 31, 400]) await tx.put('daily', row(addDays(TODAY, -back)));
      const view = { hostname: 'a.example', url: 'u', tallies: [], eventIds: [], hadFlagged: false, resolvedCounted: false };
      await tx.put('views', { ...view, viewId: 'old', updatedAt: NOW - DAY_MS - 1 });
      await tx.put('views', { ...view, viewId: 'fresh', updatedAt: NOW - 1000 });
      await tx.put('pages', { url: 'https://a.example/old', hostname: 'a.example', title: '', flagged: 1, firstSeen: 0, lastSeen: NOW - 31 * DAY_MS });
    });
    const dropped = await pruneExpired(store, NOW, 30);
    expect(dropped).toEqual({ daily: 3, pages: 1, views: 1 });
    const left = await store.read(['daily', 'views'], async (tx) => ({
      days: (await tx.getAll('daily')).map((r) => r.day),
      views: (await tx.getAll('views')).map((v) => v.viewId),
    }));
    expect(left.days.sort()).toEqual([addDays(TODAY, -29), TODAY]);
    expect(left.views).toEqual(['fresh']);
  });
});

describe('export, import, reset', () => {
  async function withData() {
    const store = track(await openStore({ name: uniqueName() }));
    for (const r of viewReports(1, 10, 5)) await applyReport(store, r, opts);
    await store.write(['sites'], (tx) => tx.put('sites', { hostname: 'a.example', mode: 'off', ignored: [], updatedAt: 1 }));
    return store;
  }

  it('exports the worklist only when asked', async () => {
    const store = await withData();
    const [without] = await exportData(store, 'json', false, NOW);
    const [withList] = await exportData(store, 'json', true, NOW);
    expect(JSON.parse(without!.content).pages).toBeUndefined();
    expect(without!.content).not.toContain('https://');
    expect(JSON.parse(withList!.content).pages).toHaveLength(1);
    expect(await exportData(store, 'csv', false, NOW)).toHaveLength(1);
    const csv = await exportData(store, 'csv', true, NOW);
    expect(csv.map((f) => f.filename)).toEqual([`partner-lens-${TODAY}.csv`, `partner-lens-worklist-${TODAY}.csv`]);
    const lines = csv[0]!.content.trim().split('\r\n');
    expect(lines[0]).toBe('day,hostname,rule,level,seen,quoted,fixed,dismissed,resolved');
    expect(lines).toHaveLength(1 + RULES.length);
  });

  it.each([
    ['plain', 'plain'],
    [3, '3'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
  ])('csv cell %j → %s', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('round-trips: a JSON export imported into an empty store gives the same stats', async () => {
    const source = await withData();
    const [file] = await exportData(source, 'json', true, NOW);
    const target = track(createMemoryStore());
    const result = await importData(target, file!.content, { now: NOW, retentionDays: 400, worklist: true });
    expect(result.skipped).toBe(0);
    expect(await getStats(target, 30, { now: NOW, worklist: true })).toEqual(await getStats(source, 30, { now: NOW, worklist: true }));
  });

  it('importing the same export twice, or into its own source, never double counts', async () => {
    const store = await withData();
    const before = await getStats(store, 30, { now: NOW, worklist: true });
    const [file] = await exportData(store, 'json', true, NOW);
    for (let i = 0; i < 2; i++) {
      const res = await importData(store, file!.content, { now: NOW, retentionDays: 400, worklist: true });
      expect(res.merged).toBe(0);
      expect(res.unchanged).toBeGreaterThan(0);
    }
    expect(await getStats(store, 30, { now: NOW, worklist: true })).toEqual(before);
  });

  it('merges per figure by the larger value, and restores after a reset', async () => {
    const store = await withData();
    const [file] = await exportData(store, 'json', false, NOW);
    const before = (await getStats(store, 30, { now: NOW, worklist: false })).totals;
    await resetCounts(store);
    expect((await getStats(store, 30, { now: NOW, worklist: false })).totals.seen).toBe(0);
    expect(await store.read(['sites'], (tx) => tx.get('sites', 'a.example'))).toBeDefined();
    const doc = JSON.parse(file!.content);
    doc.daily[0].seen += 5;
    await importData(store, file!.content, { now: NOW, retentionDays: 400, worklist: false });
    await importData(store, JSON.stringify(doc), { now: NOW, retentionDays: 400, worklist: false });
    const after = (await getStats(store, 30, { now: NOW, worklist: false })).totals;
    const bump = doc.daily[0].level === 'partner' ? { partner: before.partner + 5 } : { seen: before.seen + 5 };
    expect(after).toEqual({ ...before, ...bump });
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another format', JSON.stringify({ format: 'other', version: 1, daily: [] }), /not a Partner Lens export/],
    ['newer version', JSON.stringify({ format: 'partner-lens-export', version: 99, daily: [] }), /newer version/],
    ['daily missing', JSON.stringify({ format: 'partner-lens-export', version: 1 }), /daily figures missing/],
  ])('refuses %s', (_label, data, reason) => {
    const parsed = parseImport(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('skips bad rows, duplicates and rows older than the retention period', async () => {
    const ok: DailyRecord = { day: TODAY, hostname: 'a.example', rule: 'r', level: 'flag', seen: 1, quoted: 0, fixed: 0, dismissed: 0 };
    const data = JSON.stringify({
      format: 'partner-lens-export',
      version: 1,
      daily: [ok, ok, { ...ok, rule: 'x', seen: -1 }, { ...ok, rule: 'y', day: 'yesterday' }, { ...ok, day: addDays(TODAY, -500) }, null],
    });
    const store = track(createMemoryStore());
    expect(await importData(store, data, { now: NOW, retentionDays: 400, worklist: true })).toEqual({ merged: 1, unchanged: 0, skipped: 5 });
  });
});

describe('per-day roll-ups', () => {
  const norm = (rs: RollupRecord[]) =>
    rs.map((r) => ({
      ...r,
      sites: [...r.sites].sort((a, b) => a.hostname.localeCompare(b.hostname)),
      rules: [...r.rules].sort((a, b) => a.rule.localeCompare(b.rule)),
    }));
  async function expectInStep(store: Store) {
    const { rows, rollups } = await store.read(['daily', 'rollup'], async (tx) => ({
      rows: await tx.getAllInKeyRange('daily', [''], [[]]),
      rollups: await tx.getAll('rollup'),
    }));
    expect(norm(rollups)).toEqual(norm(rollupsOf(rows)));
    return rows.length;
  }

  it.each(['indexeddb', 'memory'] as const)('stay equal to the rows after reports, an import and a prune (%s)', async (kind) => {
    const store = track(kind === 'memory' ? createMemoryStore() : await openStore({ name: uniqueName() }));
    for (const r of interleave([viewReports(1, 40, 7), viewReports(2, 40, 8)])) await applyReport(store, r, opts);
    expect(await expectInStep(store)).toBeGreaterThan(0);
    const daily = [0, 1, 5].flatMap((ago) => [
      { day: addDays(TODAY, -ago), hostname: 'a.example', rule: 'internal-customer', level: 'flag', seen: 50, quoted: 1, fixed: 2, dismissed: 3 },
      { day: addDays(TODAY, -ago), hostname: 'z.example', rule: 'partner-language', level: 'partner', seen: 4, quoted: 0, fixed: 0, dismissed: 0 },
    ]);
    await importData(store, JSON.stringify({ format: 'partner-lens-export', version: 1, exportedAt: '', daily }), { now: NOW, retentionDays: 400, worklist: true });
    await expectInStep(store);
    const before = await getStats(store, 7, { now: NOW, worklist: true });
    expect(before.totals.seen).toBeGreaterThanOrEqual(150);
    await pruneExpired(store, NOW, 2);
    await expectInStep(store);
    expect((await getStats(store, 7, { now: NOW, worklist: true })).byDay.slice(-2)).toEqual(before.byDay.slice(-2));
  });
});
