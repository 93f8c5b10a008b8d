import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrgAudit } from '@/components/OrgAudit';
import { AuditImport } from '@/components/options/AuditImport';
import type { OrgAudit as Audit } from '@/utils/protocol/org-audit';

afterEach(cleanup);

const audit: Audit = {
  source: 'https://wiki.example/w/api.php',
  sitename: 'Team wiki',
  date: '2026-11-30T10:00:00Z',
  importedAt: 1,
  totals: { pages: 120, flagged: 40, partner: 12, adoption: 0.231 },
  history: [
    { month: '2026-10', pages: 118, flagged: 48, partner: 8, adoption: 0.143 },
    { month: '2026-11', pages: 120, flagged: 40, partner: 12, adoption: 0.231 },
  ],
  toFix: [{ title: 'Onboarding', url: 'https://wiki.example/wiki/Onboarding', edit: 'https://wiki.example/w/index.php?title=Onboarding&action=edit', flagged: 6, partner: 0 }],
};

describe('OrgAudit (popup)', () => {
  it('is labelled as the organisation’s wiki audit of its date, with the trend in words and pages to fix', () => {
    render(<OrgAudit audit={audit} />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Organisation — wiki audit of 2026-11-30');
    expect(screen.getByText(/From an audit of Team wiki/).textContent).toMatch(/not your own reading/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/2026-10.*2026-11/);
    expect(screen.getByRole('link', { name: 'Onboarding' }).getAttribute('href')).toBe(audit.toFix[0]!.url);
    expect(screen.getByRole('link', { name: 'Edit Onboarding' }).getAttribute('href')).toBe(audit.toFix[0]!.edit);
  });

  it('shows nothing without an audit', () => {
    const { container } = render(<OrgAudit audit={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('AuditImport (options)', () => {
  const choose = (text: string) => {
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File([text], 'audit.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  };

  it('says why a bad file was refused', async () => {
    const onImport = vi.fn(async () => ({ refused: 'not-audit' as const, detail: 'expected "audit"' }));
    render(<AuditImport audit={audit} onImport={onImport} onRemove={async () => {}} />);
    choose('{"format":"partner-lens-export"}');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/audit\.json was not imported \(nothing changed\).*not a wiki audit/));
    expect(onImport).toHaveBeenCalledWith('{"format":"partner-lens-export"}');
    expect(screen.getByText(/Shown in the popup: the audit of Team wiki from 2026-11-30/)).toBeTruthy();
  });

  it('confirms an import and offers to remove it', async () => {
    const onRemove = vi.fn(async () => {});
    render(<AuditImport audit={null} onImport={async () => ({ imported: audit })} onRemove={onRemove} />);
    expect(screen.getByText('No audit imported.')).toBeTruthy();
    choose('{}');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Imported the audit of Team wiki from 2026-11-30: 120 pages.'));
  });
});
