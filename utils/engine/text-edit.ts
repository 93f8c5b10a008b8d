// Where two versions of a text differ, as one edit: how a field's scan, the hidden phrases and the
// editors learn what the writer changed between two readings of a text. Pure.
import type { TextEdit } from './types';

/**
 * The one span edit that turns `before` into `after` (common head and tail left out). Compares
 * in blocks first (native string comparison, no copy: slices of a flat string share it), then
 * character by character inside the block that differs: a keystroke in a 1 MB field costs a
 * fraction of a millisecond rather than a walk over every character.
 */
export function diffSpan(before: string, after: string): TextEdit {
  const max = Math.min(before.length, after.length);
  let head = 0;
  let step = 64;
  let missed = false;
  while (step >= 16) {
    if (head + step <= max && before.slice(head, head + step) === after.slice(head, head + step)) {
      head += step;
      if (!missed && step < 65_536) step *= 2;
    } else {
      step >>= 1;
      missed = true;
    }
  }
  while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  const most = max - head;
  const b = before.length;
  const a = after.length;
  let tail = 0;
  step = 64;
  missed = false;
  while (step >= 16) {
    if (tail + step <= most && before.slice(b - tail - step, b - tail) === after.slice(a - tail - step, a - tail)) {
      tail += step;
      if (!missed && step < 65_536) step *= 2;
    } else {
      step >>= 1;
      missed = true;
    }
  }
  while (tail < most && before.charCodeAt(b - 1 - tail) === after.charCodeAt(a - 1 - tail)) tail++;
  return { start: head, end: b - tail, insert: after.slice(head, a - tail) };
}
