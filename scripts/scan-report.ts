// What the file scan and the wiki audit report alike: how matches are counted, and how one match
// and one CSV cell are written (the command-line contract in docs/DESIGN.md).
import type { FoundMatch } from './scan-core';

/** Flagged (flag and hint) and partner uses; a quoted mention is not a use. */
export function tallyMatches(matches: FoundMatch[]): { flagged: number; partner: number } {
  let flagged = 0;
  let partner = 0;
  for (const m of matches) {
    if (m.quoted) continue;
    if (m.level === 'partner') partner++;
    else flagged++;
  }
  return { flagged, partner };
}

/** One match as the JSON report writes it. */
export function matchEntry(m: FoundMatch): Record<string, unknown> {
  return {
    rule: m.rule,
    level: m.level,
    text: m.text,
    ...(m.suggestion !== undefined ? { suggestion: m.suggestion } : {}),
    quoted: m.quoted,
    line: m.line,
  };
}

export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
