// Finds every case-insensitive occurrence of a few short words ("anchors") in a long text, as
// the cheap first pass of the matcher. Every phrase contains one of its rule set's anchors, so
// the expensive checks run only around these positions.
//
// Two searches, chosen by the length of the text:
// - One native regular expression, for texts shorter than LONG_TEXT. A content script's code runs
//   cold on every page view, and the regex is as fast on its first call as on its twentieth: on a
//   55,000-character wiki page the first call took 0.7 ms, where the hand-written search below
//   took 8.7 ms before V8 had optimised it. The content script searches 16k-character batches.
// - A multi-word search for long texts (the command line's whole pages and dumps), over which one
//   call warms its own loop: Wu–Manber on pairs of characters, folding ASCII case with `| 32`.
//   Only for ASCII-letter anchors; anything else uses the regex whatever the length.

export type AnchorHit = (anchor: number, start: number) => void;

export interface AnchorSearch {
  readonly anchors: readonly string[];
  find(text: string, onHit: AnchorHit): void;
}

/** From this length on, a text is searched with the pair search (see above). */
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
      else (long ??= bigramSearch(lower))(text, onHit);
    },
  };
}

function bigramSearch(anchors: string[]): AnchorSearch['find'] {
  // Wu–Manber with blocks of two characters: the window is as long as the shortest anchor, and
  // the last two characters under it, folded, say how far it may move. On one character (the
  // Horspool search this replaced) most letters of English text occur near the end of some anchor
  // and allow only a short move; most pairs occur in none and allow the longest (m − 1). On the
  // Node.js manual the window moves 5.8 characters a step on average, at most 6.
  const m = Math.min(...anchors.map((a) => a.length));
  const shift = new Uint8Array(1 << 14).fill(m - 1);
  /** lastMask[pair]: bit i set when the first m characters of anchor i end with that pair. */
  const lastMask = new Uint32Array(1 << 14);
  const codes = anchors.map((a) => Array.from(a, (ch) => ch.charCodeAt(0)));
  codes.forEach((code, i) => {
    for (let q = 1; q < m; q++) {
      const pair = (code[q - 1]! << 7) | code[q]!;
      shift[pair] = Math.min(shift[pair]!, m - 1 - q);
    }
    lastMask[(code[m - 2]! << 7) | code[m - 1]!]! |= 1 << i;
  });
  return (text, onHit) => {
    const n = text.length;
    let j = m - 1;
    while (j < n) {
      // `| 32` folds ASCII case; `& 127` puts any other character somewhere, for verify to reject.
      const pair = (((text.charCodeAt(j - 1) | 32) & 127) << 7) | ((text.charCodeAt(j) | 32) & 127);
      const by = shift[pair]!;
      if (by !== 0) {
        j += by;
        continue;
      }
      verify(text, j - m + 1, lastMask[pair]!, codes, onHit);
      j++;
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
