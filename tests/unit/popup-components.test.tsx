import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdoptionChart } from '@/components/AdoptionChart';
import { bucketize, phraseCount, summarize, trendOf, trendSentence } from '@/components/adoption-figures';
import { AdoptionPanel } from '@/components/AdoptionPanel';
import { PhraseList } from '@/components/PhraseList';
import { SiteSwitch } from '@/components/SiteSwitch';
import type { Stats, StatsTotals } from '@/utils/protocol/messages';
import { classifyUrl, countByLevel } from '@/components/page-target';

afterEach(cleanup);

const zero: StatsTotals = { seen: 0, partner: 0, quoted: 0, fixed: 0, dismissed: 0, resolved: 0 };
const day = (d: string, seen: number, partner: number) => ({
  ...zero,
  day: d,
  seen,
  partner,
  adoption: seen + partner === 0 ? null : partner / (seen + partner),
});

function stats(byDay: Stats['byDay'], extra: Partial<Stats> = {}): Stats {
  const totals = byDay.reduce((t, d) => ({ ...t, seen: t.seen + d.seen, partner: t.partner + d.partner }), { ...zero });
  return {
    from: byDay[0]!.day,
    to: byDay[byDay.length - 1]!.day,
    totals,
    adoption: totals.seen + totals.partner ? totals.partner / (totals.seen + totals.partner) : null,
    byDay,
    topSites: [],
    topPhrases: [],
    worklist: [],
    worklistTotal: 0,
    ...extra,
  };
}

describe('AdoptionChart and its figures', () => {
  const days = [day('2025-05-01', 3, 1), day('2025-05-02', 0, 0), day('2025-05-03', 1, 3)];
  /** `n` days ending 2025-06-30, each with the figures `f(index)` gives. */
  const series = (n: number, f: (i: number) => [number, number]) =>
    Array.from({ length: n }, (_, i) => {
      const d = new Date(2025, 5, 30 - (n - 1 - i));
      const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      return day(iso, ...f(i));
    });

  it('compares the last 4 weeks with the 4 before, not the first day with the last', () => {
    // 28 days at 25 %, then 28 days at 50 %, except a last day at 0 % that a first-vs-last reading would call a fall.
    const s = series(56, (i) => (i < 28 ? [3, 1] : i === 55 ? [4, 0] : [2, 2]));
    const trend = trendOf(s, 30);
    expect(trend).toMatchObject({ unit: 'weeks', before: 0.25, delta: 23 });
    expect(trendSentence(trend)).toBe('48% in the last 4 weeks: up 23 points on the 4 weeks before.');
  });

  it('words one point in the singular, and a year compares 3 months with the 3 before', () => {
    const s = series(182, (i) => (i < 91 ? [50, 50] : [49, 51]));
    const trend = trendOf(s, 365);
    expect(trend).toMatchObject({ unit: 'months', delta: 1 });
    expect(trendSentence(trend)).toBe('51% in the last 3 months: up 1 point on the 3 months before.');
    expect(trendSentence(trendOf(series(56, (i) => (i < 28 ? [1, 1] : [2, 2])), 7))).toBe('50% in the last 4 weeks, as in the 4 weeks before.');
  });

  it('says nothing about a trend when the weeks before hold no figures', () => {
    expect(trendSentence(trendOf(series(56, (i) => (i < 28 ? [0, 0] : [1, 1])), 30))).toBe('');
  });

  it('buckets a year into weeks that end on the last day, and keeps days up to 90', () => {
    const year = series(365, () => [1, 1]);
    const weeks = bucketize(year);
    expect(weeks).toHaveLength(53);
    expect(weeks[weeks.length - 1]).toMatchObject({ from: '2025-06-24', to: '2025-06-30', seen: 7, partner: 7, adoption: 0.5 });
    expect(weeks[0]!.seen).toBe(1);
    expect(bucketize(series(90, () => [1, 0]))).toHaveLength(90);
  });

  it('counts "phrases" as old framing plus partner language, in the summary as in the headline', () => {
    expect(phraseCount({ seen: 994, partner: 1884 })).toBe(2878);
    const summary = summarize({ seen: 994, partner: 1884 }, 90, trendOf([], 90));
    expect(summary).toBe('Partner language was 65% of 2,878 phrases over the last 90 days.');
    expect(summarize({ seen: 0, partner: 1 }, 7, trendOf([], 7))).toBe('Partner language was 100% of 1 phrase over the last 7 days.');
  });

  it('draws a point per day with figures over a labelled 0–100 % axis, the drawing hidden, the caption in words', () => {
    const { container } = render(<AdoptionChart days={days} label="Partner share by day, last 3 days" summary="In words." />);
    expect(container.querySelectorAll('circle.dot')).toHaveLength(2);
    expect([...container.querySelectorAll('text.axis-label')].map((n) => n.textContent).slice(0, 3)).toEqual(['0%', '50%', '100%']);
    expect(container.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    const figure = screen.getByRole('figure', { name: 'Partner share by day, last 3 days' });
    expect(figure.querySelector('figcaption')!.textContent).toBe('In words.');
  });
});

describe('SiteSwitch', () => {
  it('is a labelled switch that reports the new state', () => {
    const onChange = vi.fn();
    render(<SiteSwitch hostname="wiki.example" on={true} onChange={onChange} />);
    const sw = screen.getByRole('switch', { name: 'Highlight on wiki.example' });
    expect(sw.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(sw);
    expect(onChange).toHaveBeenCalledWith(false);
  });

  it('cannot be used while the state is read, or when the organisation set it', () => {
    const onChange = vi.fn();
    const { rerender } = render(<SiteSwitch hostname="wiki.example" on={null} onChange={onChange} />);
    expect((screen.getByRole('switch') as HTMLButtonElement).disabled).toBe(true);
    rerender(<SiteSwitch hostname="wiki.example" on={false} lockedReason="Set by your organisation" onChange={onChange} />);
    const sw = screen.getByRole('switch') as HTMLButtonElement;
    expect(sw.disabled).toBe(true);
    expect(document.getElementById(sw.getAttribute('aria-describedby')!)!.textContent).toBe('Set by your organisation');
    fireEvent.click(sw);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('AdoptionPanel', () => {
  const name = (id: string) => id;

  it('explains what will appear when nothing was counted yet', () => {
    const { container } = render(<AdoptionPanel stats={stats([day('2025-05-01', 0, 0), day('2025-05-02', 0, 0)])} days={7} onDays={() => {}} ruleName={name} />);
    const empty = screen.getByText('Nothing counted in the last 7 days').closest('.empty')!;
    expect(empty.textContent).toMatch(/from the first day you read a page/);
    expect(screen.getByText('No pages to fix').tagName).toBe('STRONG');
    expect(screen.queryByRole('figure')).toBeNull();
    expect(container.querySelector('[data-figure="trend"]')!.textContent).toBe('');
  });

  it('says the worklist is off rather than empty', () => {
    render(<AdoptionPanel stats={stats([day('2025-05-01', 2, 1)])} days={7} onDays={() => {}} ruleName={name} worklistOff />);
    expect(screen.getByText('The worklist is off').closest('.empty')!.textContent).not.toMatch(/No pages to fix/);
    expect(screen.queryByText('No pages to fix')).toBeNull();
  });

  it('keeps its layout with placeholders while loading, and offers 12 months', () => {
    const onDays = vi.fn();
    const { container } = render(<AdoptionPanel stats={null} days={30} onDays={onDays} ruleName={name} />);
    expect(container.querySelector('[data-figure="seen"]')!.textContent).toBe('–');
    expect(container.querySelector('section')!.getAttribute('aria-busy')).toBe('true');
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['7', '30', '90', '365']);
    fireEvent.click(screen.getByLabelText('12 months'));
    expect(onDays).toHaveBeenCalledWith(365);
  });

  it('headline and tiles agree on phrases; old framing and partner language listed apart, "fixed" only for old framing', () => {
    const s = stats([day('2025-05-01', 4, 1)], {
      topSites: [{ ...zero, hostname: 'wiki.example', seen: 4, partner: 1, adoption: 0.2 }],
      topPhrases: [
        { rule: 'internal-customer', level: 'flag', seen: 4, quoted: 0, fixed: 1, dismissed: 0 },
        { rule: 'partner-language', level: 'partner', seen: 1, quoted: 0, fixed: 0, dismissed: 0 },
      ],
      worklist: [{ url: 'https://wiki.example/a', hostname: 'wiki.example', title: 'Team A', flagged: 4, firstSeen: 1, lastSeen: 2 }],
      worklistTotal: 3,
    });
    const { container } = render(<AdoptionPanel stats={s} days={7} onDays={() => {}} ruleName={(id) => `name of ${id}`} />);
    const figure = (f: string) => container.querySelector(`[data-figure="${f}"]`)!.textContent;
    expect(figure('phrases')).toBe('of 5 phrases');
    expect(Number(figure('seen')) + Number(figure('partner'))).toBe(5);
    expect(screen.getByRole('figure').textContent).toContain('of 5 phrases');
    expect(screen.getByText('wiki.example').nextElementSibling!.textContent).toBe('5 phrases · 20% partner');
    const oldFraming = container.querySelector('[data-list="old-framing"]')!;
    const partner = container.querySelector('[data-list="partner-language"]')!;
    expect(oldFraming.textContent).toContain('name of internal-customer');
    expect(oldFraming.textContent).toContain('1 fixed');
    expect(oldFraming.textContent).not.toContain('partner-language');
    expect(partner.textContent).toBe('name of partner-language1 seen');
    const link = screen.getByRole('link', { name: 'Team A' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('Showing 1 of 3 pages.').tagName).toBe('P');
  });
});

describe('PhraseList and page helpers', () => {
  const phrases = [
    { index: 0, rule: 'internal-customer', level: 'flag' as const, text: 'internal customers', suggestion: 'internal service partners', quoted: false },
    { index: 1, rule: 'internal-customer', level: 'flag' as const, text: 'internal customer', quoted: true },
    { index: 2, rule: 'customer-is-king', level: 'hint' as const, text: 'the customer is king', quoted: false },
    { index: 3, rule: 'partner-language', level: 'partner' as const, text: 'service partners', quoted: false },
  ];

  it('counts as the page paints: quoted mentions with hints', () => {
    expect(countByLevel(phrases)).toEqual({ flag: 1, soft: 2, partner: 1 });
  });

  it('reveals the phrase the user picks', () => {
    const onReveal = vi.fn();
    render(<PhraseList phrases={phrases} onReveal={onReveal} />);
    fireEvent.click(screen.getByRole('button', { name: /the customer is king/ }));
    expect(onReveal).toHaveBeenCalledWith(2);
  });

  it('knows the pages where it cannot run', () => {
    expect(classifyUrl('https://wiki.example/a')).toEqual({ ok: true, hostname: 'wiki.example', url: 'https://wiki.example/a' });
    for (const url of ['chrome://extensions', 'about:blank', 'chrome-extension://x/popup.html', 'view-source:https://a.b', undefined]) {
      expect(classifyUrl(url).ok).toBe(false);
    }
    expect(classifyUrl('https://chromewebstore.google.com/detail/x')).toMatchObject({ ok: false, reason: expect.stringContaining('Chrome Web Store') });
    expect(classifyUrl('https://addons.mozilla.org/en/firefox/')).toMatchObject({ ok: false });
    expect(classifyUrl('https://chrome.google.com/search')).toMatchObject({ ok: true });
    expect(classifyUrl('file:///home/a.html')).toMatchObject({ ok: false, reason: expect.stringContaining('file URLs') });
    expect(classifyUrl('file:///home/a.html', true)).toMatchObject({ ok: true, hostname: '' });
  });
});
