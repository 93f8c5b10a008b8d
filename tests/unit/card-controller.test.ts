// The card on a real page (happy-dom): occurrences come from the page scanner, the card renders
// into the UI layer's shadow root, and only the user (trusted input) can press its buttons.
import { afterEach, describe, expect, it } from 'vitest';
import { CardController, type CardActions } from '@/utils/card/card-controller';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { t } from '@/utils/i18n/i18n';
import { createPainter } from '@/utils/page/highlight-painter';
import { PageScanner, type Occurrence } from '@/utils/page/page-scanner';
import { UI_HOST_TAG } from '@/utils/page/ui-layer';

async function phrasesOf(html: string): Promise<Occurrence[]> {
  document.body.innerHTML = html;
  const scanner = new PageScanner({
    matcher: compileMatcher(BUILTIN_RULES),
    painter: createPainter(window),
    yieldToPage: () => Promise.resolve(),
    now: () => performance.now(),
  });
  await scanner.scanAll(document.body);
  return scanner.ordered();
}

function recordingActions(editable?: CardActions['editable']) {
  const calls: string[] = [];
  const actions: CardActions = {
    copy: async (occ) => (calls.push(`copy ${occ.match.text}`), true),
    dismiss: (occ) => void calls.push(`dismiss ${occ.match.text}`),
    ignore: (occ) => void calls.push(`ignore ${occ.match.text}`),
    editable,
  };
  return { actions, calls };
}

const root = () => document.querySelector(UI_HOST_TAG)?.shadowRoot ?? null;
const card = () => root()?.querySelector('.card') ?? null;
const buttons = () => [...(root()?.querySelectorAll('.actions button') ?? [])].map((b) => b.textContent);

let controller: CardController | null = null;
afterEach(() => {
  controller?.dispose();
  controller = null;
  document.body.innerHTML = '';
});

describe('CardController', () => {
  it.each([
    ['a flagged use', '<p>Our internal customers wait.</p>', () => t('cardLevelFlag'), 'internal service partners'],
    ['a hint', '<p>Remember: the customer is king.</p>', () => t('cardLevelHint'), undefined],
    ['a quoted mention', '<p>Avoid “internal customers” here.</p>', () => t('cardQuoted'), 'internal service partners'],
  ])('shows %s with its badge, the phrase, the suggestion and the reason', async (_label, html, badge, suggestion) => {
    const [occ] = await phrasesOf(html);
    const { actions } = recordingActions();
    controller = new CardController(document, '', actions);
    controller.open(occ!);
    expect(controller.current).toBe(occ);
    expect(root()?.querySelector('.badge')?.textContent).toBe(badge());
    expect(root()?.querySelector('.phrase s')?.textContent).toBe(occ!.match.text);
    if (suggestion) expect(root()?.querySelector('.phrase strong')?.textContent).toBe(suggestion);
    expect(root()?.querySelector('.reason')?.textContent).toBe(occ!.match.reason);
    expect(card()?.getAttribute('role')).toBe('dialog');
  });

  it.each([
    ['not editable', undefined, [t('cardCopy'), t('cardDismiss'), t('cardIgnore')]],
    [
      'editable, one phrase',
      () => ({ replacements: ['internal service partners'], canFixAll: false }),
      [t('cardReplaceWith', 'internal service partners'), t('cardCopy'), t('cardDismiss'), t('cardIgnore')],
    ],
    [
      'editable, several phrases',
      () => ({ replacements: ['internal service partners', 'partner teams'], canFixAll: true }),
      [
        t('cardReplaceWith', 'internal service partners'),
        t('cardReplaceWith', 'partner teams'),
        t('cardFixAll'),
        t('cardCopy'),
        t('cardDismiss'),
        t('cardIgnore'),
      ],
    ],
  ] as const)('offers the actions for a phrase that is %s', async (_label, editable, expected) => {
    const [occ] = await phrasesOf('<p>Our internal customers wait.</p>');
    const { actions } = recordingActions(editable);
    controller = new CardController(document, '', actions);
    controller.open(occ!);
    expect(buttons()).toEqual(expected);
  });

  it('ignores clicks a page script makes on its buttons', async () => {
    const [occ] = await phrasesOf('<p>Our internal customers wait.</p>');
    const { actions, calls } = recordingActions();
    controller = new CardController(document, '', actions);
    controller.open(occ!);
    for (const b of root()!.querySelectorAll('button')) (b as HTMLButtonElement).click();
    expect(calls).toEqual([]);
    expect(controller.current).toBe(occ);
  });

  it('owns its host and nothing else', async () => {
    const [occ] = await phrasesOf('<p>Our internal customers wait.</p>');
    controller = new CardController(document, '', recordingActions().actions);
    expect(controller.owns(document.body)).toBe(false);
    controller.open(occ!);
    expect(controller.owns(controller.host)).toBe(true);
    expect(controller.owns(document.querySelector('p'))).toBe(false);
    expect(controller.owns(null)).toBe(false);
  });

  it('moves to another phrase, and closes on Escape pressed inside it', async () => {
    const [first, second] = await phrasesOf('<p>internal customers</p><p>internal clients</p>');
    controller = new CardController(document, '', recordingActions().actions);
    controller.open(first!);
    controller.open(second!);
    expect(controller.current).toBe(second);
    expect(root()?.querySelectorAll('.card')).toHaveLength(1);
    expect(root()?.querySelector('.phrase s')?.textContent).toBe('internal clients');
    card()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(controller.current).toBeNull();
    expect(card()).toBeNull();
  });

  it('takes focus when asked and gives it back on close', async () => {
    const [occ] = await phrasesOf('<p>internal customers</p><button id="before">before</button>');
    const before = document.getElementById('before') as HTMLButtonElement;
    before.focus();
    controller = new CardController(document, '', recordingActions().actions);
    controller.open(occ!, { focus: true });
    expect(root()?.activeElement?.textContent).toBe(t('cardCopy'));
    expect(document.activeElement).toBe(controller.host);
    controller.close();
    expect(document.activeElement).toBe(before);
  });

  it('leaves nothing on the page once disposed', async () => {
    const [occ] = await phrasesOf('<p>internal customers</p>');
    controller = new CardController(document, '', recordingActions().actions);
    controller.open(occ!);
    expect(document.querySelector(UI_HOST_TAG)).not.toBeNull();
    controller.dispose();
    expect(document.querySelector(UI_HOST_TAG)).toBeNull();
    expect(controller.current).toBeNull();
  });
});
