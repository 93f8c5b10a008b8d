import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { clipRects, firstEndingBelow, placeMirror, rescanWindow } from '@/utils/editors/field-geometry';
import { scanField, WHOLE_SCAN_CHARS } from '@/utils/editors/field-scan';
import { editingHostOf, isEditableField } from '@/utils/editors/editable-context';

const matcher = compileMatcher(BUILTIN_RULES);
const scan = (t: string) => matcher.scan(t);

describe('overlay geometry', () => {
  const metrics = {
    rect: { left: 100, top: 50, width: 304, height: 154 },
    border: { top: 2, right: 2, bottom: 2, left: 2 },
    offsetWidth: 304,
    offsetHeight: 154,
    clientWidth: 285,
    clientHeight: 150,
    scrollLeft: 0,
    scrollTop: 40,
  };

  it('covers the padding box and follows the scroll position', () => {
    expect(placeMirror(metrics)).toEqual({
      left: 102,
      top: 52,
      width: 285,
      height: 150,
      scaleX: 1,
      scaleY: 1,
      shiftX: -0,
      shiftY: -40,
    });
  });

  it('scales with a zoomed or transformed field', () => {
    const p = placeMirror({ ...metrics, rect: { left: 100, top: 50, width: 608, height: 308 } });
    expect(p.scaleX).toBe(2);
    expect(p.scaleY).toBe(2);
    expect(p.left).toBe(104);
    expect(p.top).toBe(54);
    expect(p.width).toBe(285);
  });

  it('falls back to scale 1 for a field without layout', () => {
    const p = placeMirror({ ...metrics, offsetWidth: 0, offsetHeight: 0 });
    expect([p.scaleX, p.scaleY]).toEqual([1, 1]);
  });

  it('clips underline boxes to the visible part of the field', () => {
    const clip = { left: 0, top: 0, right: 100, bottom: 50 };
    const rects = [
      { left: 10, top: 10, right: 60, bottom: 30 },
      { left: 90, top: 40, right: 140, bottom: 60 },
      { left: 10, top: 70, right: 60, bottom: 90 },
    ];
    expect(clipRects(rects, clip)).toEqual([
      { left: 10, top: 10, right: 60, bottom: 30, width: 50, height: 20 },
      { left: 90, top: 40, right: 100, bottom: 50, width: 10, height: 10 },
    ]);
  });

  it('finds the first mark at a height by binary search', () => {
    const bottoms = [10, 20, 20, 35, 50];
    expect(firstEndingBelow(bottoms.length, (i) => bottoms[i]!, 0)).toBe(0);
    expect(firstEndingBelow(bottoms.length, (i) => bottoms[i]!, 15)).toBe(1);
    expect(firstEndingBelow(bottoms.length, (i) => bottoms[i]!, 21)).toBe(3);
    expect(firstEndingBelow(bottoms.length, (i) => bottoms[i]!, 99)).toBe(5);
  });

  it('rescans a window around a change, trusting only its middle', () => {
    expect(rescanWindow(10_000, 5000, 5001, 400, 160)).toEqual({ start: 4600, end: 5401, trustFrom: 4760, trustTo: 5241 });
    expect(rescanWindow(10_000, 10, 11, 400, 160)).toEqual({ start: 0, end: 411, trustFrom: 0, trustTo: 251 });
  });
});

describe('incremental field scanning', () => {
  const filler = 'The release train leaves on Thursday with every squad on board.\n';
  const big = (head: string) => head + filler.repeat(Math.ceil((WHOLE_SCAN_CHARS * 2) / filler.length)) + 'Last: internal clients.\n';

  it('scans small fields whole', () => {
    const r = scanField('a', [], 'our internal customers', scan);
    expect(r.scanned).toBe(22);
    expect(r.matches.map((m) => m.text)).toEqual(['internal customers']);
  });

  it('in a large field, scans a window only and gives the same matches as a full scan', () => {
    const before = big('Intro.\n');
    const first = scanField(null, [], before, scan);
    // Type a phrase near the top: offsets of later matches shift.
    const after = before.slice(0, 6) + ' Ask internal customers' + before.slice(6);
    const next = scanField(before, first.matches, after, scan);
    expect(next.scanned).toBeLessThan(2000);
    const strip = (ms: { start: number; end: number; text: string; rule: string }[]) =>
      ms.map(({ start, end, text, rule }) => ({ start, end, text, rule }));
    expect(strip(next.matches)).toEqual(strip(scan(after)));
  });

  it('drops a match the writer broke, and keeps the rest', () => {
    const before = big('Our internal customers.\n');
    const first = scanField(null, [], before, scan);
    const after = before.replace('internal customers', 'internal custom');
    const next = scanField(before, first.matches, after, scan);
    expect(next.matches.map((m) => m.text)).toEqual(['internal clients']);
  });
});

describe('editable contexts', () => {
  it('accepts text fields and leaves read-only, disabled, password and opted-out ones alone', () => {
    document.body.innerHTML = `
      <textarea id="a"></textarea><input id="b" type="text"><input id="c" type="search">
      <textarea id="ro" readonly></textarea><textarea id="dis" disabled></textarea>
      <input id="pw" type="password"><input id="em" type="email">
      <div data-partner-lens="ignore"><textarea id="off"></textarea></div>
      <div data-gramm="false"><textarea id="gramm" data-gramm_editor="false"></textarea></div>`;
    const ok = (id: string) => isEditableField(document.getElementById(id));
    // data-gramm is another checker's marker (VisualEditor sets it), not an opt-out from us.
    expect(['a', 'b', 'c', 'gramm'].map(ok)).toEqual([true, true, true, true]);
    expect(['ro', 'dis', 'pw', 'em', 'off'].map(ok)).toEqual([false, false, false, false, false]);
  });

  it('finds the editing host of a surface marked data-gramm="false", as VisualEditor marks its own', () => {
    document.body.innerHTML =
      '<div id="ve" contenteditable="true" data-gramm="false"><p id="p">internal customers</p></div>' +
      '<div id="no" contenteditable="true" data-partner-lens="ignore"><p id="q">internal customers</p></div>';
    expect(editingHostOf(document.getElementById('p')!.firstChild)).toBe(document.getElementById('ve'));
    expect(editingHostOf(document.getElementById('q')!.firstChild)).toBeNull();
  });

  it('finds no editing host for ordinary page text', () => {
    document.body.innerHTML = '<p id="p">internal customers</p>';
    expect(editingHostOf(document.getElementById('p')!.firstChild)).toBeNull();
  });
});
