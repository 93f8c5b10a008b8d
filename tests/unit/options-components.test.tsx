import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BuiltinRules } from '@/components/BuiltinRules';
import { RuleEditor } from '@/components/RuleEditor';
import { hostnameFromInput, SiteList } from '@/components/SiteList';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { mergeRules, parseRulesFile, ruleIdFor, rulesFileContent } from '@/utils/engine/rules-file';
import type { Rule } from '@/utils/engine/types';

afterEach(cleanup);

const type = (label: string | RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('RuleEditor', () => {
  it('puts each problem on its own field, in plain words, focuses the first, and saves nothing', async () => {
    const onSave = vi.fn();
    render(<RuleEditor takenIds={[]} onSave={onSave} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    const phrases = screen.getByLabelText(/^Phrases, one per line/);
    const reason = screen.getByLabelText(/^Reason, shown in the card/);
    expect(phrases.getAttribute('aria-invalid')).toBe('true');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(phrases.getAttribute('aria-describedby')!.split(' ').pop()!)!.textContent).toBe('Enter at least one phrase to find.');
    expect(document.getElementById(reason.getAttribute('aria-describedby')!)!.textContent).toMatch(/^Say in one line why/);
    expect(document.activeElement).toBe(phrases);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onSave).not.toHaveBeenCalled();
    // A field's error goes once that field changes; the other stays.
    type(/^Phrases, one per line/, 'shared desk');
    expect(phrases.getAttribute('aria-invalid')).toBeNull();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
  });

  it('marks the fields that must be filled', () => {
    render(<RuleEditor takenIds={[]} onSave={() => {}} />);
    for (const label of [/^Phrases, one per line/, /^Reason, shown in the card/]) {
      const field = screen.getByLabelText(label);
      expect(field.getAttribute('aria-required')).toBe('true');
      expect((field as HTMLInputElement).labels![0]!.textContent).toContain('(required)');
    }
    expect(screen.getByLabelText(/^Suggestion/).getAttribute('aria-required')).toBeNull();
  });

  it('says what is wrong with a pattern on the pattern field, without the engine’s wording twice', async () => {
    render(<RuleEditor takenIds={[]} onSave={() => {}} />);
    fireEvent.click(screen.getByLabelText('Regular expression'));
    type(/^Pattern \(regular expression\)/, 'internal (customer');
    type(/^Reason, shown in the card/, 'x');
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    const pattern = screen.getByLabelText(/^Pattern \(regular expression\)/);
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    const message = [...pattern.getAttribute('aria-describedby')!.split(' ')].map((id) => document.getElementById(id)!.textContent).pop()!;
    expect(message).toMatch(/^This is not a valid regular expression: [^:]+\.$/);
    expect(message).not.toMatch(/Invalid regular expression/);
  });

  it('shows a refusal of the engine near the button, without the internal rule id', async () => {
    const onSave = vi.fn();
    render(<RuleEditor takenIds={[]} onSave={onSave} validate={() => ({ ok: false, reason: 'Rule "custom-shared-desk": suggestion must be one line of text.' })} />);
    type(/^Phrases, one per line/, 'shared desk');
    type(/^Reason, shown in the card/, 'Desks are partners.');
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect((await screen.findByRole('alert')).textContent).toBe('suggestion must be one line of text.');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('runs the matcher live on the text the user types, in the writer’s form', async () => {
    render(<RuleEditor takenIds={[]} onSave={() => {}} />);
    type(/^Phrases, one per line/, 'shared desk');
    type(/^Suggestion/, 'service team');
    type('Try it on some text', 'Both Shared Desks agree; the shared desk’s queue is long.');
    const status = screen.getByRole('status');
    await waitFor(() => expect(status.textContent).toContain('2 matches'));
    expect([...status.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Shared Desks → Service Teams', 'shared desk’s → service team’s']);
    type('Try it on some text', 'Nothing here.');
    await waitFor(() => expect(status.textContent).toBe('No match in this text.'));
  });

  it('saves a valid rule with a fresh id, its alternatives and level', async () => {
    const onSave = vi.fn();
    render(<RuleEditor takenIds={['custom-shared-desk']} onSave={onSave} />);
    type(/^Phrases, one per line/, 'shared desk\nshared counter');
    type(/^Suggestion/, 'service team');
    type('Other alternatives, one per line', 'partner team\n\n');
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'hint' } });
    type(/^Reason, shown in the card/, 'Teams are partners.');
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0]![0]).toEqual({
      id: 'custom-shared-desk-2',
      level: 'hint',
      reason: 'Teams are partners.',
      variants: ['shared desk', 'shared counter'],
      suggestion: 'service team',
      alternatives: ['partner team'],
      source: 'user',
    });
  });

  it('refuses a regular expression that matches empty text, in the test box and on save', async () => {
    const onSave = vi.fn();
    render(<RuleEditor takenIds={[]} onSave={onSave} />);
    fireEvent.click(screen.getByLabelText('Regular expression'));
    type(/^Pattern \(regular expression\)/, '(desk)*');
    type(/^Reason, shown in the card/, 'x');
    type('Try it on some text', 'a desk');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Fix the pattern to try it.'));
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    const pattern = screen.getByLabelText(/^Pattern \(regular expression\)/);
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    expect(pattern.parentElement!.querySelector('.field-error')!.textContent).toMatch(/can match an empty string/);
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('BuiltinRules', () => {
  it('lists every built-in with its reason, and reports a switch', () => {
    const onToggle = vi.fn();
    render(<BuiltinRules rules={BUILTIN_RULES} disabled={['internal-client']} locked={false} onToggle={onToggle} />);
    const client = screen.getByRole('checkbox', { name: /internal client/ }) as HTMLInputElement;
    expect(client.checked).toBe(false);
    expect(document.getElementById(client.getAttribute('aria-describedby')!)!.textContent).toContain('Calling a colleague a client');
    fireEvent.click(client);
    expect(onToggle).toHaveBeenCalledWith('internal-client', true);
    expect(client.checked).toBe(true);
  });

  it('disables every switch and says why when the organisation set them', () => {
    render(<BuiltinRules rules={BUILTIN_RULES} disabled={[]} locked onToggle={() => {}} />);
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.every((b) => b.disabled)).toBe(true);
    expect(screen.getAllByText('Set by your organisation').length).toBeGreaterThan(0);
    expect(boxes[0]!.getAttribute('aria-describedby')).toContain('builtin-locked');
  });
});

describe('SiteList', () => {
  it('explains the empty list, and adds a site from a pasted address', async () => {
    const onAdd = vi.fn();
    render(<SiteList sites={[]} onAdd={onAdd} onRemove={() => {}} onSetMode={() => {}} />);
    expect(screen.getByText('No sites listed yet.').tagName).not.toBe('BUTTON');
    type('Add a site', 'https://Wiki.Example.com/team/page');
    fireEvent.change(screen.getByLabelText('Mode for the new site'), { target: { value: 'off' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    await waitFor(() => expect(onAdd).toHaveBeenCalledWith('wiki.example.com', 'off'));
  });

  it('refuses what is not a site', () => {
    const onAdd = vi.fn();
    render(<SiteList sites={[]} onAdd={onAdd} onRemove={() => {}} onSetMode={() => {}} />);
    type('Add a site', 'not a site');
    fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Enter a site/);
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('changes and removes listed sites', () => {
    const onSetMode = vi.fn();
    const onRemove = vi.fn();
    render(
      <SiteList sites={[{ hostname: 'wiki.example', mode: 'highlight', ignored: [], updatedAt: 0 }]} onAdd={() => {}} onRemove={onRemove} onSetMode={onSetMode} />,
    );
    fireEvent.change(screen.getByLabelText('Partner Lens on wiki.example'), { target: { value: 'off' } });
    expect(onSetMode).toHaveBeenCalledWith('wiki.example', 'off');
    fireEvent.click(screen.getByRole('button', { name: 'Remove wiki.example' }));
    expect(onRemove).toHaveBeenCalledWith('wiki.example');
  });

  it('reads hostnames the way people type them', () => {
    expect(hostnameFromInput(' Intranet.Example. ')).toBe('intranet.example');
    expect(hostnameFromInput('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    expect(hostnameFromInput('')).toBeNull();
    expect(hostnameFromInput('a b')).toBeNull();
  });
});

describe('rules files', () => {
  const rule: Rule = { id: 'custom-desk', level: 'flag', variants: ['shared desk'], suggestion: 'service team', alternatives: [], reason: 'Partners.', source: 'user' };

  it('round-trips through the file format that npm run scan -- --rules reads', () => {
    const text = rulesFileContent([rule]);
    expect(JSON.parse(text).rules[0]).not.toHaveProperty('source');
    expect(parseRulesFile(text)).toEqual({ ok: true, rules: [rule] });
    expect(parseRulesFile(JSON.stringify([rule]))).toEqual({ ok: true, rules: [rule] });
  });

  it('refuses a bad file whole, saying what is wrong', () => {
    expect(parseRulesFile('{')).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid JSON/) });
    expect(parseRulesFile('{"x":1}')).toMatchObject({ ok: false, reason: expect.stringMatching(/no list of rules/) });
    expect(parseRulesFile(JSON.stringify({ rules: [rule, { ...rule, id: 'b', pattern: 'a*', variants: undefined }] }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Rule 2: .*empty string/),
    });
    expect(parseRulesFile(JSON.stringify([rule, rule]))).toMatchObject({ ok: false, reason: expect.stringMatching(/appears twice/) });
  });

  it('merges imported rules over same-id ones, and makes readable unique ids', () => {
    const other = { ...rule, id: 'custom-other' };
    const changed = { ...rule, reason: 'Changed.' };
    expect(mergeRules([rule, other], [changed, { ...rule, id: 'custom-new' }]).map((r) => [r.id, r.reason])).toEqual([
      ['custom-desk', 'Changed.'],
      ['custom-other', 'Partners.'],
      ['custom-new', 'Partners.'],
    ]);
    expect(ruleIdFor('Shared Desk’s', [])).toBe('custom-shared-desk-s');
    expect(ruleIdFor('shared desk', ['custom-shared-desk', 'custom-shared-desk-2'])).toBe('custom-shared-desk-3');
    expect(ruleIdFor('***', [])).toBe('custom-rule');
  });
});
