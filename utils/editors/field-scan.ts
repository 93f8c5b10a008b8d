// Keeping a field's matches up to date as the writer types, without reading the whole value
// again: only a window around the changed span is scanned. Pure.
import { diffSpan } from '@/utils/engine/text-edit';
import { rescanWindow } from './field-geometry';
import type { Match, TextEdit } from '@/utils/engine/types';

/** Below this size the whole value is scanned: exact, and cheap enough. */
export const WHOLE_SCAN_CHARS = 20_000;
/** Margin around a change, and the part of it where cut-off matches are not trusted. */
const PAD = 400;
const EDGE = 160;

export interface FieldScan {
  matches: Match[];
  /** How many characters were scanned (the benchmark and the tests read it). */
  scanned: number;
}

export function scanField(
  oldText: string | null,
  oldMatches: readonly Match[],
  text: string,
  scan: (text: string) => Match[],
  /** The edit from `oldText` to `text`, where the caller has it already. */
  edit?: TextEdit,
): FieldScan {
  if (oldText === null || text.length <= WHOLE_SCAN_CHARS) return { matches: scan(text), scanned: text.length };
  const same = edit ? edit.start === edit.end && edit.insert === '' : oldText === text;
  if (same) return { matches: [...oldMatches], scanned: 0 };
  const change = edit ?? diffSpan(oldText, text);
  const delta = change.insert.length - (change.end - change.start);
  const changeEndNew = change.start + change.insert.length;
  const w = rescanWindow(text.length, change.start, changeEndNew, PAD, EDGE);
  const found = scan(text.slice(w.start, w.end))
    .map((m) => ({ ...m, start: m.start + w.start, end: m.end + w.start }))
    .filter((m) => m.start >= w.trustFrom && m.end <= w.trustTo);
  const before = oldMatches.filter((m) => m.start < w.trustFrom && m.end <= change.start);
  // Old coordinates: unchanged text after the change, outside the trusted part of the window.
  const after = oldMatches
    .filter((m) => m.start >= change.end && m.end + delta > w.trustTo)
    .map((m) => ({ ...m, start: m.start + delta, end: m.end + delta }));
  return { matches: [...before, ...found, ...after], scanned: w.end - w.start };
}
