// The phrases of the built-in rules as ONE plain regular expression, for the baselines (floor,
// naive, mark.js): case-insensitive, any white space or hyphen between words, plural and
// possessive endings on the last word, whole words, longest alternative first.
import { BUILTIN_RULES } from '@/utils/engine/rules';

const SEP = "[\\s\\-\\u2010\\u2011\\u2013/]+";
const END = "(?:e?s)?(?:['\\u2019]s?)?";
const WORD = '[\\p{L}\\p{N}_]';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function variantSource(variant: string): string {
  const words = variant.split(/[\s\-\u2010\u2011\u2013/]+/).filter(Boolean);
  return words.map((w) => escape(w).replace(/['\u2019]/g, "['\\u2019]")).join(SEP) + END;
}

interface Alt {
  source: string;
  partner: boolean;
}

const alts: Alt[] = BUILTIN_RULES.flatMap((rule) =>
  (rule.variants ?? []).map((v) => ({ source: variantSource(v), partner: rule.level === 'partner' })),
).sort((a, b) => b.source.length - a.source.length);

/**
 * With a capture group around each partner-language alternative, so that the floor can tell
 * partner language (never painted while "show partner language" is off) from flagged phrases.
 */
export const FLOOR_SOURCE = `(?<!${WORD})(?:${alts.map((a) => (a.partner ? `(${a.source})` : a.source)).join('|')})(?!${WORD})`;
/** The same without groups, for naive wrapping and mark.js. */
export const PLAIN_SOURCE = `(?<!${WORD})(?:${alts.map((a) => a.source).join('|')})(?!${WORD})`;
export const FLAGS = 'giu';

/** Phrases written into every 20th paragraph of the "phrases" variant, in rotation. */
export const INSERTED = [
  'Internal customers',
  'internal customer service',
  'Our internal clients',
  'An internal supplier',
  'The customer is king',
  "We're your customers",
  'customer-supplier relationships',
  'internal vendors',
];
