// Finds every case-insensitive occurrence of a few short words ("anchors") in a long text, as
// the cheap first pass of the matcher. Every phrase contains one of its rule set's anchors, so
// the expensive checks run only around these positions.
//
// Two searches, chosen by the length of the text:
// - One native regular expression, for texts shorter than LONG_TEXT. A content script's code runs
//   cold on every page view, and the regex is as fast on its first call as on its twentieth: on a
//   55,000-character wiki page the first call took 0.7 ms, where the hand-written search below
//   took 8.7 ms before V8 had optimised it. The content script searches 16k-character batches.
// - A multi-word Horspool search for long texts (the command line's whole pages and dumps), over
//   which one call warms its own loop: it reads about one character in four or five and folds
//   ASCII case with `| 32`; on the 1.8 M-character Node.js manual it is about a fifth faster than
//   the regex. Only for ASCII-letter anchors; anything else uses the regex whatever the length.

export type AnchorHit = (anchor: number, start: number) => void;

export interface AnchorSearch {
  readonly anchors: readonly string[];
  find(text: string, onHit: AnchorHit): void;
}

/** From this length on, a text is searched with Horspool (see above). */
export const LONG_TEXT = 131_072;

const ASCII_WORD = /^[a-z]{4,}$/;

export function compileAnchorSearch(anchors: string[]): AnchorSearch {
  const lower = anchors.map((a) => a.toLowerCase());
  const short = regexSearch(lower);
  if (!(lower.length > 0 && lower.length <= 32 && lower.every((a) => ASCII_WORD.test(a)))) return short;
  let long: AnchorSearch['find'] | null = null;
  return {
    anchors: lower,
    find(text, onHit) {
      if (text.length < LONG_TEXT) short.find(text, onHit);
      else (long ??= horspool(lower))(text, onHit);
    },
  };
}

function horspool(anchors: string[]): AnchorSearch['find'] {
  const m = Math.min(...anchors.map((a) => a.length));
  const shift = new Uint8Array(128).fill(m);
  /** posMask[q * 128 + c]: bit i set when anchor i has (folded) character c at position q. */
  const posMask = new Uint32Array(128 * m);
  const codes = anchors.map((a) => Array.from(a, (ch) => ch.charCodeAt(0)));
  codes.forEach((code, i) => {
    for (let q = 0; q < m - 1; q++) shift[code[q]!] = Math.min(shift[code[q]!]!, m - 1 - q);
    for (let q = 0; q < m; q++) posMask[q * 128 + code[q]!]! |= 1 << i;
  });
  const lastRow = (m - 1) * 128;
  const prevRow = (m - 2) * 128;
  return (text, onHit) => {
    const n = text.length;
    let j = m - 1;
    while (j < n) {
      const f = (text.charCodeAt(j) | 32) & 127;
      let mask = posMask[lastRow + f]!;
      if (mask !== 0) {
        // Cheap filters on two more characters before the full comparison.
        mask &= posMask[prevRow + ((text.charCodeAt(j - 1) | 32) & 127)]!;
        if (mask !== 0) mask &= posMask[(text.charCodeAt(j - m + 1) | 32) & 127]!;
        if (mask !== 0) verify(text, j - m + 1, mask, codes, onHit);
      }
      j += shift[f]!;
    }
  };
}

function verify(text: string, start: number, mask: number, codes: number[][], onHit: AnchorHit): void {
  for (let i = 0; i < codes.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const code = codes[i]!;
    if (start + code.length > text.length) continue;
    let q = 0;
    // `| 32` maps exactly the two cases of an ASCII letter onto the lower-case letter.
    while (q < code.length && (text.charCodeAt(start + q) | 32) === code[q]) q++;
    if (q === code.length) onHit(i, start);
  }
}

function regexSearch(anchors: string[]): AnchorSearch {
  if (anchors.length === 0) return { anchors, find() {} };
  const escaped = anchors.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Case folded as the matcher's own checks fold it (`iu`).
  const re = new RegExp(escaped.join('|'), 'giu');
  return {
    anchors,
    find(text, onHit) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        // Several anchors may start at one place ("partner", "partnership"): report each.
        for (let i = 0; i < anchors.length; i++) {
          const a = anchors[i]!;
          if (text.substr(m.index, a.length).toLowerCase() === a) onHit(i, m.index);
        }
        // On by one character, not one code unit: under `u` a start inside a surrogate pair
        // steps back to its first half, and an anchor that starts with an astral character
        // (an emoji in a custom rule) would be found at the same place for ever.
        re.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
      }
    },
  };
}
