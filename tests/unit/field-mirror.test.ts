// The field overlay's mirror: where its blocks end, and that typing rebuilds only the block it
// falls in (happy-dom).
import { describe, expect, it } from 'vitest';
import { chunkEnds, FieldMirror } from '@/utils/editors/field-mirror';
import type { Match, TextEdit } from '@/utils/engine/types';

const PHRASE = 'internal customers';
/** The phrase's matches in `value`, as the matcher reports them (in order, not overlapping). */
const matchesIn = (value: string): Match[] =>
  [...value.matchAll(/internal\s+customers/g)].map((m) => ({
    rule: 'internal-customer',
    level: 'flag',
    start: m.index!,
    end: m.index! + m[0].length,
    text: m[0],
    alternatives: [],
    quoted: false,
    reason: '',
  }));
/** Lines of 60 characters, a phrase on every 50th. */
const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => (i % 50 === 7 ? `Line ${i} asks ${PHRASE} what they need`.padEnd(59, '.') : `Line ${i}`.padEnd(59, '.')) + '\n').join('');

describe('chunkEnds', () => {
  const value = lines(400); // 24,000 characters
  const cutoff = value.length;

  it('cuts right after line breaks, about 4,000 characters apart, and ends at the cutoff', () => {
    const ends = chunkEnds(value, matchesIn(value), cutoff);
    expect(ends.at(-1)).toBe(cutoff);
    for (const e of ends.slice(0, -1)) expect(value[e - 1]).toBe('\n');
    ends.slice(0, -1).forEach((e, i) => expect(e - (i ? ends[i - 1]! : 0)).toBeGreaterThanOrEqual(4000));
  });

  it('never cuts inside a phrase that runs over a line break', () => {
    // A phrase across the line break where the first block would end.
    const first = chunkEnds(value, [], cutoff)[0]!;
    const broken = `${value.slice(0, first - 10)}internal\ncustomers${value.slice(first + 9)}`;
    const matches = matchesIn(broken);
    const across = matches.find((m) => m.text.includes('\n'))!;
    expect(across).toBeDefined();
    for (const e of chunkEnds(broken, matches, broken.length)) expect(e <= across.start || e >= across.end).toBe(true);
  });

  it.each([
    { case: 'ends that still end a line are kept', kept: (e: number[]) => e.map((x) => x - 120), keep: true },
    { case: 'an end inside a line is not', kept: (e: number[]) => e.map((x) => x - 30), keep: false },
  ])('$case', ({ kept, keep }) => {
    const fresh = chunkEnds(value, [], cutoff);
    const proposed = kept(fresh.slice(0, -1));
    const ends = chunkEnds(value, [], cutoff, proposed);
    for (const p of proposed) expect(ends.includes(p)).toBe(keep);
    for (const e of ends.slice(0, -1)) expect(value[e - 1]).toBe('\n');
  });
});

describe('FieldMirror', () => {
  it('rebuilds only the block a keystroke falls in, as line after line is typed', () => {
    let value = lines(2000); // 120,000 characters, ~30 blocks
    const mirror = new FieldMirror(document, document.body);
    mirror.render(value, matchesIn(value), null);
    const blocks = () => [...mirror.box.querySelector('.text')!.children];
    let most = 0;
    // 300 keystrokes at one place inside the first block: its end passes several line breaks.
    let at = 3_000;
    for (let i = 0; i < 300; i++) {
      const before = new Set(blocks());
      const edit: TextEdit = { start: at, end: at, insert: i % 61 === 60 ? '\n' : 'x' };
      value = value.slice(0, at) + edit.insert + value.slice(at);
      at += 1;
      mirror.render(value, matchesIn(value), edit);
      most = Math.max(most, blocks().filter((b) => !before.has(b)).length);
    }
    expect(most).toBe(1);
    // What the mirror holds is the value, with each phrase marked.
    const shown = blocks().map((b) => b.textContent).join('').replace(/\u200B$/, '');
    expect(value.startsWith(shown)).toBe(true);
    expect(mirror.marks.map((m) => m.textContent)).toEqual(matchesIn(value).filter((m) => m.end <= shown.length).map((m) => m.text));
  });
});
