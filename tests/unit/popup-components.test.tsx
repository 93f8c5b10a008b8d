import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdoptionChart, summarizeAdoption } from '@/components/AdoptionChart';
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

describe('AdoptionChart', () => {
  const days = [day('2025-05-01', 3, 1), day('2025-05-02', 0, 0), day('2025-05-03', 1, 3)];

  it('says in words what the bars show: overall share, the trend, the best day and the quiet days', () => {
    expect(summarizeAdoption(days)).toBe(
      'Partner language was 50 % of 8 phrases over 3 days. Adoption rose by 50 points, from 25 % on May 1 to 75 % on May 3. Highest: 75 % on May 3. 1 day has no figures.',
    );
  });

  it('has no share to give when nothing was seen', () => {
    expect(summarizeAdoption([day('2025-05-01', 0, 0)])).toBe('No phrases seen in these 1 days, so no adoption share yet.');
  });

  it('draws one bar per day with figures, hides the drawing from assistive technology and names the figure', () => {
    const { container } = render(<AdoptionChart days={days} label="Partner share, last 3 days" />);
    expect(container.querySelectorAll('rect.bar')).toHaveLength(2);
    expect(container.querySelectorAll('rect.bar-empty')).toHaveLength(1);
    expect(container.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    const figure = screen.getByRole('figure', { name: 'Partner share, last 3 days' });
    expect(figure.textContent).toContain('rose by 50 points');
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
    render(<AdoptionPanel stats={stats([day('2025-05-01', 0, 0), day('2025-05-02', 0, 0)])} days={7} onDays={() => {}} ruleName={name} />);
    expect(screen.getByText('Nothing counted in the last 7 days')).toBeTruthy();
    expect(screen.getByText('No pages to fix')).toBeTruthy();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('says the worklist is off rather than empty', () => {
    render(<AdoptionPanel stats={stats([day('2025-05-01', 2, 1)])} days={7} onDays={() => {}} ruleName={name} worklistOff />);
    expect(screen.getByText('The worklist is off')).toBeTruthy();
  });

  it('keeps its layout with placeholders while loading, and changes period', () => {
    const onDays = vi.fn();
    const { container } = render(<AdoptionPanel stats={null} days={30} onDays={onDays} ruleName={name} />);
    expect(container.querySelector('[data-figure="seen"]')!.textContent).toBe('–');
    expect(container.querySelector('section')!.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(screen.getByLabelText('90 days'));
    expect(onDays).toHaveBeenCalledWith(90);
  });

  it('lists top sites, top phrases and the worklist with links that open a new tab', () => {
    const s = stats([day('2025-05-01', 4, 1)], {
      topSites: [{ ...zero, hostname: 'wiki.example', seen: 4, partner: 1, adoption: 0.2 }],
      topPhrases: [{ rule: 'internal-customer', level: 'flag', seen: 4, quoted: 0, fixed: 1, dismissed: 0 }],
      worklist: [{ url: 'https://wiki.example/a', hostname: 'wiki.example', title: 'Team A', flagged: 4, firstSeen: 1, lastSeen: 2 }],
      worklistTotal: 3,
    });
    render(<AdoptionPanel stats={s} days={7} onDays={() => {}} ruleName={(id) => `name of ${id}`} />);
    expect(screen.getByText('20 % partner', { exact: false })).toBeTruthy();
    expect(screen.getByText('name of internal-customer', { exact: false })).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Team A' });
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('Showing 1 of 3 pages.')).toBeTruthy();
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
