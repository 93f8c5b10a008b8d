// The card's DOM: what it offers for a page phrase, an editable phrase and a quoted mention.
import { describe, expect, it } from 'vitest';
import { renderCard, type CardProps } from '@/utils/card/card-view';
import { describeChanges } from '@/utils/card/card-controller';

const base: CardProps = {
  phrase: 'internal customers',
  level: 'flag',
  quoted: false,
  suggestion: 'internal service partners',
  alternatives: ['service partners', 'partner teams'],
  reason: 'Nobody inside is a customer.',
  onCopy() {},
  onDismiss() {},
  onIgnore() {},
  onClose() {},
};

const names = (card: HTMLElement) => [...card.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent);

describe('renderCard', () => {
  it('on a page: phrase → suggestion, Copy as the main action, Dismiss and Ignore beside it', () => {
    const card = renderCard(document, base);
    expect(card.querySelector('.phrase')?.textContent).toBe('internal customers → internal service partners');
    expect(names(card)).toEqual(['Close', 'Why?', 'Copy suggestion', 'Dismiss', 'Ignore on this site']);
    expect(card.querySelector('.primary')?.textContent).toBe('Copy suggestion');
    expect(card.querySelector('.why-text')).toBeNull();
  });

  it('shows the longer why only when asked', () => {
    const card = renderCard(document, { ...base, whyOpen: true });
    expect(card.querySelector('.why-text')?.textContent).toBe('Nobody inside is a customer.');
    expect(card.querySelector('.why')?.getAttribute('aria-expanded')).toBe('true');
  });

  it('in an editor: the first wording is the main action, the others chips named "Replace with …"', () => {
    const card = renderCard(document, {
      ...base,
      replacements: ['internal service partners', 'service partners', 'partner teams'],
      canFixAll: true,
      fixAllPreview: 'Will change: a → b',
    });
    expect(card.querySelector('.primary')?.textContent).toBe('Replace with “internal service partners”');
    expect([...card.querySelectorAll('.chip')].map((c) => c.getAttribute('aria-label'))).toEqual([
      'Replace with “service partners”',
      'Replace with “partner teams”',
    ]);
    expect(names(card)).not.toContain('Copy suggestion');
    expect(card.querySelector('.fixall-preview')?.textContent).toBe('Will change: a → b');
  });

  it('offers Copy again when the editor refused the fix', () => {
    const card = renderCard(document, {
      ...base,
      replacements: ['internal service partners'],
      status: { text: 'The editor did not accept the change.', error: true },
    });
    expect(names(card)).toContain('Copy suggestion');
    expect(card.querySelector('.status.error')?.textContent).toContain('did not accept');
  });

  it('a quoted mention: explained as quoted, Dismiss, no Replace and no Copy', () => {
    const card = renderCard(document, { ...base, quoted: true, replacements: ['internal service partners'] });
    expect(card.querySelector('.badge')?.textContent).toBe('Quoted mention');
    expect(card.querySelector('.reason')?.textContent).toMatch(/^Quoted/);
    expect(names(card)).toEqual(['Close', 'Dismiss', 'Ignore on this site']);
  });
});

describe('describeChanges', () => {
  it('lists each change once, with how many times it happens', () => {
    expect(
      describeChanges([
        { from: 'internal customers', to: 'internal service partners' },
        { from: 'internal client', to: 'internal service partner' },
        { from: 'internal customers', to: 'internal service partners' },
      ]),
    ).toBe('internal customers → internal service partners (×2), internal client → internal service partner');
  });
});
