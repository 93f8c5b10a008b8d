// Shared shapes of the language engine. Pure data: no DOM, no extension APIs.

export type Level = 'flag' | 'hint' | 'partner';

/** A minimal edit of a text: replace [start, end) by `insert`. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

/** A rule as data: built-in, user-made (options page) or set by an organisation (policy). */
export interface Rule {
  id: string;
  level: Level;
  /** Plain phrases ("internal customer"); number, possessive and case are handled for them. */
  variants?: string[];
  /** A regular expression source (custom rules only), matched case-insensitively. */
  pattern?: string;
  /** The preferred alternative, written in the singular, lower case ("internal service partner"). */
  suggestion?: string;
  /** Other alternatives, in the same form as `suggestion`. */
  alternatives?: string[];
  /** One line that says why, shown in the card. */
  reason: string;
  /** Where the rule comes from. */
  source?: 'builtin' | 'user' | 'org';
}

export interface Match {
  rule: string;
  level: Level;
  /** UTF-16 offsets into the scanned text; `text === source.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  /** The suggestion in the writer's form (case, number, possessive); absent for partner language. */
  suggestion?: string;
  /** Other alternatives in the writer's form. */
  alternatives: string[];
  /** A mention wrapped in quotation marks, not a use. */
  quoted: boolean;
  reason: string;
}
