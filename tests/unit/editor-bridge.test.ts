// Fix on the spot in form fields (happy-dom): what the bridge offers, what it writes, what it says
// when the page's field did not take the edit, and Undo. Contenteditable editors are covered in a
// real browser (tests/e2e/editors.spec.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { createEditorBridge, type EditorBridge } from '@/utils/editors/editor-bridge';
import { FieldOverlay } from '@/utils/editors/field-overlay';
import type { FieldOccurrence } from '@/utils/editors/types';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { t } from '@/utils/i18n/i18n';
import { createPainter } from '@/utils/page/highlight-painter';
import { PageScanner } from '@/utils/page/page-scanner';

const matcher = compileMatcher(BUILTIN_RULES);
let bridge: EditorBridge | null = null;
let finder: FieldOverlay | null = null;

/** The page, the bridge attached to it, and the phrases of its first field as the card gets them. */
function setup(html: string) {
  document.body.innerHTML = html;
  bridge = createEditorBridge(window);
  bridge.attach({ matcher, isHidden: () => false, shiftHidden: () => {}, occurrences: () => [], openCard: () => {}, closeCard: () => {} });
  // The card receives field occurrences from the overlay's hit test, which needs layout: read them
  // from an overlay of our own instead.
  finder = new FieldOverlay({ win: window, css: '', matcher: () => matcher, isHidden: () => false });
  const field = document.querySelector('textarea, input') as HTMLTextAreaElement;
  finder.start();
  return { field, bridge, occs: (): FieldOccurrence[] => finder!.occurrencesOf(field) };
}

afterEach(() => {
  bridge?.detach();
  finder?.stop();
  bridge = finder = null;
  document.body.innerHTML = '';
});

describe('editor bridge, form fields', () => {
  it('offers the suggestion and its alternatives, and Fix all only with two phrases or more', () => {
    const one = setup('<textarea>Our internal customers wait.</textarea>');
    expect(one.bridge.editable(one.occs()[0]!)).toEqual({
      replacements: ['internal service partners', 'service partners', 'partner teams'],
      canFixAll: false,
      fixAll: [{ from: 'internal customers', to: 'internal service partners' }],
    });
    bridge!.detach();
    finder!.stop();
    const two = setup('<textarea>Our internal customers and internal clients wait.</textarea>');
    expect(two.bridge.editable(two.occs()[0]!)?.canFixAll).toBe(true);
    // What Fix all will change, for the card to show before it is pressed.
    expect(two.bridge.editable(two.occs()[0]!)?.fixAll).toEqual([
      { from: 'internal customers', to: 'internal service partners' },
      { from: 'internal clients', to: 'internal service partners' },
    ]);
  });

  it('offers nothing for quoted mentions, partner language, or text that is not editable', async () => {
    const { bridge, occs } = setup('<textarea>We dropped “internal customers”.</textarea><p>internal clients</p>');
    expect(bridge.editable(occs()[0]!)).toBeNull();
    const scanner = new PageScanner({ matcher, painter: createPainter(window), yieldToPage: () => Promise.resolve(), now: () => 0 });
    await scanner.scanAll(document.querySelector('p')!);
    expect(bridge.editable(scanner.ordered()[0]!)).toBeNull();
  });

  it('replaces the phrase through the field, fires input for the page, and undoes it', async () => {
    const { field, bridge, occs } = setup('<textarea>Our internal customers wait.</textarea>');
    const inputs: string[] = [];
    field.addEventListener('input', () => inputs.push(field.value));
    const out = await bridge.replace(occs()[0]!, 'internal service partners');
    expect(out).toMatchObject({ ok: true, message: t('fixReplaced', ['internal customers', 'internal service partners']) });
    expect(field.value).toBe('Our internal service partners wait.');
    expect(inputs).toContain('Our internal service partners wait.');
    expect(await out.undo!()).toBe(true);
    expect(field.value).toBe('Our internal customers wait.');
  });

  it.each([
    ['the writer changed the phrase since', (f: HTMLTextAreaElement) => void (f.value = 'Our internal clients wait.'), () => t('fixStale'), 'Our internal clients wait.'],
    ['the field left the page', (f: HTMLTextAreaElement) => f.remove(), () => t('fixGone'), 'Our internal customers wait.'],
    [
      'the page puts its own value back (a controlled field)',
      (f: HTMLTextAreaElement) => {
        const kept = f.value;
        f.addEventListener('input', () => void (f.value = kept));
      },
      () => t('fixRefused'),
      'Our internal customers wait.',
    ],
    [
      'the page rewrites what was typed',
      (f: HTMLTextAreaElement) => f.addEventListener('input', () => void (f.value = f.value.toUpperCase())),
      () => t('fixChanged'),
      'OUR INTERNAL SERVICE PARTNERS WAIT.',
    ],
  ])('says so and reports no fix when %s', async (_label, meddle, message, value) => {
    const { field, bridge, occs } = setup('<textarea>Our internal customers wait.</textarea>');
    const occ = occs()[0]!;
    meddle(field);
    const out = await bridge.replace(occ, 'internal service partners');
    expect(out).toEqual({ ok: false, message: message() });
    expect(field.value).toBe(value);
  });

  it('fixes every phrase of a field at once, as one edit the field can undo', async () => {
    const { field, bridge, occs } = setup('<input type="text" value="internal customers and internal suppliers">');
    const out = await bridge.fixAll(occs()[0]!);
    expect(out).toMatchObject({ ok: true, message: t('fixedMany', '2') });
    expect(field.value).toBe('internal service partners and internal service partners');
    expect(await out.undo!()).toBe(true);
    expect(field.value).toBe('internal customers and internal suppliers');
  });

  it('has nothing to fix in a field whose phrases are gone', async () => {
    const { field, bridge, occs } = setup('<textarea>internal customers</textarea>');
    const occ = occs()[0]!;
    field.value = 'all fine';
    expect(await bridge.fixAll(occ)).toEqual({ ok: false, message: t('fixNothingLeft') });
    expect(field.value).toBe('all fine');
  });
});
