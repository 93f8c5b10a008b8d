// Fix on the spot: the card's Replace / Fix all / Undo, carried out through the page's own
// editor — form fields through the field, contenteditable through its editor — and the
// underlines for form fields.
import type { CardActions, FixOutcome } from '@/utils/card/card-controller';
import { blockRange, walkBlocks, type TextBlock } from '@/utils/page/dom-text';
import { t } from '@/utils/i18n/i18n';
import { FieldOverlay } from './field-overlay';
import type { Matcher } from '@/utils/engine/matcher';
import type { Occurrence } from '@/utils/page/page-scanner';
import type { Match } from '@/utils/engine/types';
import { locate, undoRange, writeRange, type RangeWriteResult } from './content-editable';
import { editingHostOf, isEditableField, rangeIsEditable, type TextField } from './editable-context';
import {
  describeFix,
  fixableForAll,
  planFix,
  planFixAll,
  replacementsFor,
  sameWords,
  isStillThere,
} from './plan';
import { undoField, writeField, type WriteResult } from './text-field';
import { fieldMarkup, planFieldFix, planFieldFixAll } from './field-markup';
import { isFieldOccurrence, type EditorContext, type EditorHooks } from './types';

export type EditorBridge = Required<Pick<CardActions, 'editable' | 'replace' | 'fixAll'>> & EditorHooks;

const stale = (): FixOutcome => ({ ok: false, message: t('fixStale') });
const refused = (): FixOutcome => ({ ok: false, message: t('fixRefused') });
const nothingLeft = (): FixOutcome => ({ ok: false, message: t('fixNothingLeft') });
const fixedMessage = (n: number) => (n === 1 ? t('fixedOne') : t('fixedMany', String(n)));

function failure(reason: 'gone' | 'refused' | 'changed' | 'not-taken' | 'stale'): FixOutcome {
  if (reason === 'refused') return refused();
  if (reason === 'stale') return stale();
  if (reason === 'not-taken') return { ok: false, message: t('fixNotTaken') };
  return { ok: false, message: reason === 'gone' ? t('fixGone') : t('fixChanged') };
}

/** What "Fix all" would change, for the card to show before it is pressed. */
const changesOf = (matches: Match[]) => matches.map((m) => ({ from: m.text, to: m.suggestion ?? '' }));

/** Fix-all offers appear where a field holds more than the one phrase. */
const FIX_ALL_FROM = 2;
/** "Fix all" in an editor stops after this many edits, whatever happens. */
const MAX_EDITS = 200;

export function createEditorBridge(win: Window, options: { log?: (m: string) => void } = {}): EditorBridge {
  let ctx: EditorContext | null = null;
  let overlay: FieldOverlay | null = null;
  const log = options.log ?? (() => {});

  const hostOccurrences = (host: HTMLElement): Occurrence[] => {
    const out: Occurrence[] = [];
    for (const occ of ctx?.occurrences() ?? []) if (host.contains(occ.container)) out.push(occ);
    return out;
  };

  /** The flag-level matches of an editing host, read now, in document order, block by block. */
  const hostMatches = (host: HTMLElement, matcher: Matcher) => {
    const out: { block: TextBlock; matches: Match[] }[] = [];
    for (const block of walkBlocks(host)) {
      const matches = fixableForAll(matcher.scan(block.text)).filter((m) => !ctx?.isHidden(m, block.container, block.text));
      if (matches.length) out.push({ block, matches });
    }
    return out;
  };

  // ---- form fields ----
  const replaceInField = async (field: TextField, match: Match, replacement: string): Promise<FixOutcome> => {
    if (!field.isConnected) return failure('gone');
    if (!isStillThere(field.value, match)) return stale();
    const kind = fieldMarkup(field);
    const edit = planFieldFix(kind, field.value, match, replacement);
    if (!edit) return { ok: false, message: t('fixInMarkup') };
    const result = await writeField(field, edit);
    return fieldOutcome(field, result, describeFix(match.text, replacement));
  };

  const fixAllInField = async (field: TextField): Promise<FixOutcome> => {
    if (!field.isConnected) return failure('gone');
    const matches = overlay?.matchesOf(field) ?? [];
    const kind = fieldMarkup(field);
    const plan = kind === 'plain' ? planFixAll(field.value, matches) : planFieldFixAll(kind, field.value, matches);
    if (!plan) return nothingLeft();
    const result = await writeField(field, plan.edit);
    return fieldOutcome(field, result, fixedMessage(plan.count));
  };

  const fieldOutcome = (field: TextField, result: WriteResult, message: string): FixOutcome => {
    if (!result.ok) return failure(result.reason);
    return { ok: true, message, undo: () => undoField(field, result) };
  };

  // ---- contenteditable ----
  /**
   * The phrase again, when the editor re-rendered its text since the scan (VisualEditor does after
   * an undo): the one match of the same rule and words in the host; null when not exactly one.
   */
  const relocate = (host: HTMLElement, match: Match) => {
    const matcher = ctx?.matcher;
    if (!matcher) return null;
    const found: { block: TextBlock; start: number; end: number }[] = [];
    for (const block of walkBlocks(host)) {
      for (const m of matcher.scan(block.text)) {
        if (m.rule === match.rule && m.text === match.text) found.push({ block, start: m.start, end: m.end });
      }
    }
    return found.length === 1 ? found[0]! : null;
  };

  const replaceInHost = async (occ: Occurrence, host: HTMLElement, replacement: string): Promise<FixOutcome> => {
    let at = locate(occ.container, occ.range);
    if (!at || !sameWords(at.block.text.slice(at.start, at.end), occ.match.text)) at = relocate(host, occ.match);
    if (!at) return stale();
    const edit = planFix(at.block.text, at, replacement);
    const range = blockRange(at.block, edit.start, edit.end);
    if (!rangeIsEditable(range, host)) return refused();
    const result = await writeRange(host, range, edit.insert);
    if (!result.ok) return failure(result.reason);
    const done = result;
    return {
      ok: true,
      message: describeFix(occ.match.text, replacement),
      undo: () => undoRange(host, done.before, done.after, 1),
    };
  };

  const fixAllInHost = async (host: HTMLElement): Promise<FixOutcome> => {
    const matcher = ctx?.matcher;
    if (!matcher) return refused();
    let first: Extract<RangeWriteResult, { ok: true }> | null = null;
    let last: Extract<RangeWriteResult, { ok: true }> | null = null;
    let edits = 0;
    let fixed = 0;
    let failed: RangeWriteResult | null = null;
    let left = Infinity;
    // Block by block from the end, each block as one edit over the span of its phrases when
    // that span is one text node (one undo step); phrases across formatting go one by one.
    // Every round reads the editor's DOM afresh: the editor may have re-rendered after an edit.
    while (edits < MAX_EDITS) {
      const todo = hostMatches(host, matcher);
      const count = todo.reduce((n, b) => n + b.matches.length, 0);
      if (count === 0 || count >= left) break;
      left = count;
      const { block, matches } = todo[todo.length - 1]!;
      const span = planFixAll(block.text, matches);
      let range: Range | null = null;
      let insert = '';
      let n = 0;
      if (span) {
        const r = blockRange(block, span.edit.start, span.edit.end);
        if (r.startContainer === r.endContainer) {
          range = r;
          insert = span.edit.insert;
          n = span.count;
        }
      }
      if (!range) {
        const m = matches[matches.length - 1]!;
        const edit = planFix(block.text, m, m.suggestion!);
        range = blockRange(block, edit.start, edit.end);
        insert = edit.insert;
        n = 1;
      }
      if (!rangeIsEditable(range, host)) break;
      const result = await writeRange(host, range, insert);
      if (!result.ok) {
        failed = result;
        break;
      }
      first ??= result;
      last = result;
      edits++;
      fixed += n;
    }
    if (!first || !last) {
      return failed && !failed.ok ? failure(failed.reason) : nothingLeft();
    }
    const before = first.before;
    const after = last.after;
    const steps = edits;
    const message = failed ? `${fixedMessage(fixed)} ${t('fixSomeFailed')}` : fixedMessage(fixed);
    return { ok: true, message, undo: () => undoRange(host, before, after, steps) };
  };

  const guarded = async (run: () => Promise<FixOutcome>): Promise<FixOutcome> => {
    try {
      return await run();
    } catch (error) {
      // Whatever the page's editor throws, the page goes on; the card says so.
      log(`fix failed: ${String(error)}`);
      return refused();
    }
  };

  return {
    editable(occ) {
      const replacements = replacementsFor(occ.match);
      if (replacements.length === 0) return null;
      if (isFieldOccurrence(occ)) {
        if (!occ.field.isConnected || !isEditableField(occ.field)) return null;
        const all = fixableForAll(overlay?.occurrencesOf(occ.field).map((o) => o.match) ?? []);
        return { replacements, canFixAll: all.length >= FIX_ALL_FROM, fixAll: changesOf(all) };
      }
      const host = editingHostOf(occ.range.startContainer);
      if (!host || !rangeIsEditable(occ.range, host)) return null;
      const all = fixableForAll(hostOccurrences(host).map((o) => o.match));
      return { replacements, canFixAll: all.length >= FIX_ALL_FROM, fixAll: changesOf(all) };
    },
    replace(occ, replacement) {
      return guarded(async () => {
        if (isFieldOccurrence(occ)) return replaceInField(occ.field, occ.match, replacement);
        const host = editingHostOf(occ.range.startContainer);
        if (!host) return occ.range.startContainer.isConnected ? stale() : failure('gone');
        return replaceInHost(occ, host, replacement);
      });
    },
    fixAll(occ) {
      return guarded(async () => {
        if (isFieldOccurrence(occ)) return fixAllInField(occ.field);
        const host = editingHostOf(occ.range.startContainer);
        if (!host) return failure('gone');
        return fixAllInHost(host);
      });
    },
    attach(next) {
      ctx = next;
      if (!overlay) {
        overlay = new FieldOverlay({
          win,
          matcher: () => ctx?.matcher ?? null,
          isHidden: (m, field) => ctx?.isHidden(m, field) ?? false,
          onEdit: (field, edit) => ctx?.shiftHidden(field, edit),
          onGone: (occs) => occs.forEach((o) => ctx?.closeCard(o)),
        });
        overlay.start();
      } else {
        overlay.refreshAll();
      }
    },
    detach() {
      overlay?.stop();
      overlay = null;
      ctx = null;
    },
    hitTest(x, y) {
      return overlay?.hitTest(x, y);
    },
    refresh() {
      overlay?.refreshAll();
    },
    pruneDetached() {
      overlay?.pruneDetached();
    },
  };
}
