// English: word boundaries, plural and possessive forms, case styles and the a/an rule.
import type { TextEdit } from '@/utils/engine/types';
import type { CaseStyle, LanguageModule, WordForm } from './types';

const WORD_CLASS = '[\\p{L}\\p{M}\\p{N}_]';
// Made on first use, as are the Unicode classes below: creating a regex with a property class
// parses it (0.1–1 ms each in Chromium), and module code runs on every page view.
let wordChar: RegExp | null = null;
const APOSTROPHE = "['\u2019]";
/** Characters written between the words of a compound ("customer-supplier", "customer/supplier"). */
const COMPOUND_JOINERS = new Set(['-', '\u2010', '\u2011', '\u2013', '/']);
const SPLIT_WORDS = /[^\s\-\u2010\u2011\u2013/]+/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isWordCharAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (Number.isNaN(c)) return false;
  if (c < 128) {
    // 0-9, A-Z, _, a-z: the common case, without a regular expression.
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122);
  }
  // No-break space and the General Punctuation block (spaces, dashes, quotes, invisible marks):
  // never part of a word, and common around phrases. Answered without compiling the class.
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f)) return false;
  let cp = c;
  if (c >= 0xdc00 && c <= 0xdfff && index > 0) cp = text.codePointAt(index - 1) ?? c;
  else if (c >= 0xd800 && c <= 0xdbff) cp = text.codePointAt(index) ?? c;
  return (wordChar ??= new RegExp(`^${WORD_CLASS}$`, 'u')).test(String.fromCodePoint(cp));
}

/** Words whose plural is not the regular one (all lower case). */
const IRREGULAR_PLURALS: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  staff: 'staff',
};
const IRREGULAR_SINGULARS = new Set(Object.values(IRREGULAR_PLURALS));

export function pluralize(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR_PLURALS[lower];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(lower)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|z|ch|sh)$/.test(lower)) return word + 'es';
  return word + 's';
}

function looksPlural(word: string): boolean {
  const lower = word.toLowerCase();
  return IRREGULAR_SINGULARS.has(lower) || (/s$/.test(lower) && !/(?:ss|us|is)$/.test(lower));
}

function tokenize(phrase: string): { words: string[]; joiners: string[] } {
  const words: string[] = [];
  const joiners: string[] = [];
  let last = -1;
  for (const m of phrase.trim().matchAll(SPLIT_WORDS)) {
    if (last >= 0) {
      const gap = phrase.trim().slice(last, m.index);
      joiners.push([...gap].some((ch) => COMPOUND_JOINERS.has(ch)) ? '-' : ' ');
    }
    words.push(m[0]);
    last = m.index + m[0].length;
  }
  return { words, joiners };
}

function separatorPattern(joiner: string): string {
  // "internal-customer" counts like "internal customer"; compounds also take en dash and slash.
  if (joiner === ' ') return '(?:\\s+|[-\\u2010\\u2011]\\s*)';
  return '(?:\\s*[-\\u2010\\u2011\\u2013/]\\s*|\\s+)';
}

function literal(word: string): string {
  return word
    .split(/['\u2019]/)
    .map(escapeRegExp)
    .join(APOSTROPHE);
}

function wordPattern(word: string, head: boolean): string {
  if (!head || !classesFor(word).endsWithLetter.test(word)) return literal(word);
  const plural = pluralize(word);
  // Plural possessive first: "customers'" must not stop at "customers" when the apostrophe is
  // part of the word; the apostrophe is only taken when no letter follows it.
  return (
    `(?:${literal(plural)}(?:${APOSTROPHE}(?![\\p{L}\\p{N}]))?` +
    `|${literal(word)}(?:${APOSTROPHE}s(?![\\p{L}\\p{N}]))?)`
  );
}

function formOf(matched: string, head: string): WordForm {
  const words = matched.match(SPLIT_WORDS);
  const lastWord = (words?.[words.length - 1] ?? '').toLowerCase();
  const apostropheChar = /\u2019/.test(lastWord) ? '\u2019' : "'";
  const last = lastWord.replace(/\u2019/g, "'");
  const base = head.toLowerCase().replace(/\u2019/g, "'");
  const plural = pluralize(base);
  if (last === `${base}'s`) return { plural: false, possessive: true, apostrophe: apostropheChar };
  if (last === `${plural}'` || (plural !== base && last === `${plural}'s`)) {
    return { plural: true, possessive: true, apostrophe: apostropheChar };
  }
  return { plural: last === plural && plural !== base, possessive: false };
}

/** Whether a suggestion is a noun phrase that can take number and possession (not a clause). */
function isNounPhrase(phrase: string): boolean {
  return !/[,.;:!?]/.test(phrase) && phrase.trim().split(/\s+/).length <= 5;
}

/**
 * The character classes of case detection and inflection, for any text and for plain text: ASCII
 * with the typographic punctuation and spaces that phrases are written with (no-break spaces,
 * dashes, curly quotes, the ellipsis). None of those is a letter, mark or digit, so on plain text
 * the two sets decide alike (`\p{L}` there is A–Z and a–z, `\p{N}` is 0–9, `\p{M}` is absent);
 * but a Unicode property class costs 0.2–5 ms to compile in Chromium, and a page view compiles
 * every regex afresh.
 */
interface CaseClasses {
  words: RegExp;
  wordsAndDigits: RegExp;
  lastWord: RegExp;
  letter: RegExp;
  lowerLetter: RegExp;
  upperLetter: RegExp;
  upperLetters: RegExp;
  capitalised: RegExp;
  startsUpper: RegExp;
  pronounI: RegExp;
  endsWithLetter: RegExp;
}
let unicode: CaseClasses | null = null;
/** Made on first use: see `wordChar`. Most pages' phrases are plain text and never need them. */
const unicodeClasses = (): CaseClasses => (unicode ??= {
  words: /[\p{L}\p{M}'\u2019]+/gu,
  wordsAndDigits: /[\p{L}\p{M}\p{N}'\u2019]+/gu,
  lastWord: /([\p{L}\p{M}\p{N}'\u2019]+)(\s*)$/u,
  letter: /\p{L}/u,
  lowerLetter: /\p{Ll}/u,
  upperLetter: /\p{Lu}/u,
  upperLetters: /\p{Lu}/gu,
  capitalised: /^\p{Lu}[^\p{Lu}]*$/u,
  startsUpper: /^\p{Lu}/u,
  pronounI: /^i(?:['\u2019]\p{L}*)?$/iu,
  endsWithLetter: /\p{L}$/u,
});
const PLAIN: CaseClasses = {
  words: /[A-Za-z'\u2019]+/g,
  wordsAndDigits: /[A-Za-z0-9'\u2019]+/g,
  lastWord: /([A-Za-z0-9'\u2019]+)(\s*)$/,
  letter: /[A-Za-z]/,
  lowerLetter: /[a-z]/,
  upperLetter: /[A-Z]/,
  upperLetters: /[A-Z]/g,
  capitalised: /^[A-Z][^A-Z]*$/,
  startsUpper: /^[A-Z]/,
  pronounI: /^i(?:['\u2019][A-Za-z]*)?$/i,
  endsWithLetter: /[A-Za-z]$/,
};
const NOT_PLAIN = /[^\x00-\x7F\u00A0\u2010-\u2015\u2018\u2019\u201C\u201D\u2026\u202F]/;
const isPlain = (text: string) => !NOT_PLAIN.test(text);
const classesFor = (text: string): CaseClasses => (isPlain(text) ? PLAIN : unicodeClasses());

function inflect(phrase: string, form: WordForm): string {
  if ((!form.plural && !form.possessive) || !isNounPhrase(phrase)) return phrase;
  const m = classesFor(phrase).lastWord.exec(phrase);
  if (!m) return phrase;
  let head = m[1]!;
  if (/['\u2019]/.test(head)) return phrase;
  const alreadyPlural = looksPlural(head);
  if (form.plural && !alreadyPlural) head = pluralize(head);
  const apostrophe = form.apostrophe ?? "'";
  if (form.possessive) head += /s$/i.test(head) && (form.plural || alreadyPlural) ? apostrophe : `${apostrophe}s`;
  return phrase.slice(0, m.index) + head + m[2];
}

/** "I" is upper case in any sentence, so it says nothing about the writer's case style. */
function isPronounI(word: string, c: CaseClasses): boolean {
  return c.pronounI.test(word) && /^I/.test(word);
}

const SMALL_WORDS = new Set([
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to', 'with',
]);

function caseOf(text: string): CaseStyle {
  const c = classesFor(text);
  const words = (text.match(c.words) ?? []).filter((w) => c.letter.test(w));
  const cased = words.filter((w) => !isPronounI(w, c));
  if (cased.length === 0) return 'lower';
  const letters = cased.join('');
  const hasLower = c.lowerLetter.test(letters);
  const upperCount = (letters.match(c.upperLetters) ?? []).length;
  if (!hasLower) return upperCount >= 2 ? 'upper' : upperCount === 1 ? 'sentence' : 'lower';
  const capitalised = (w: string) => c.capitalised.test(w);
  const lower = (w: string) => !c.upperLetter.test(w);
  if (cased.every(lower)) return 'lower';
  const [first, ...rest] = cased;
  if (words[0] === first && capitalised(first!) && rest.every(lower)) return 'sentence';
  const titled = cased.every((w, i) => capitalised(w) || (i > 0 && SMALL_WORDS.has(w)));
  if (titled) return rest.length === 0 ? 'sentence' : 'title';
  // Mixed ("The Customer is always King"): at least keep a capital at the start.
  return words[0] === first && c.startsUpper.test(first!) ? 'sentence' : 'other';
}

function capitaliseFirst(word: string): string {
  return word.replace(classesFor(word).letter, (ch) => ch.toUpperCase());
}

function applyCase(text: string, style: CaseStyle): string {
  switch (style) {
    case 'upper':
      return text.toUpperCase();
    case 'sentence':
      return capitaliseFirst(text);
    case 'title': {
      // A clause in Title Case reads oddly; a capital at its start is enough.
      if (/[,;:.!?]/.test(text)) return capitaliseFirst(text);
      let index = 0;
      return text.replace(classesFor(text).wordsAndDigits, (word) =>
        index++ > 0 && SMALL_WORDS.has(word.toLowerCase()) ? word : capitaliseFirst(word),
      );
    }
    default:
      return text;
  }
}

/** Words spelt with a vowel but said with a consonant, and the other way round. */
const CONSONANT_SOUND = /^(?:uni|use|usu|uti|ure|eu|ewe|one|once|u[bcfhjklmnpqrstvwxyz][aeiou])/i;
const VOWEL_SOUND = /^(?:hour|honest|honou?r|heir)/i;

export function wantsAn(word: string): boolean {
  if (VOWEL_SOUND.test(word)) return true;
  if (CONSONANT_SOUND.test(word)) return false;
  return /^[aeiou]/i.test(word);
}

function articleFix(text: string, at: number): TextEdit | null {
  const before = /(?:^|[^\p{L}\p{M}\p{N}_])(an?)(\s+)$/iu.exec(text.slice(Math.max(0, at - 40), at));
  if (!before) return null;
  const next = /^[\p{L}\p{N}]+/u.exec(text.slice(at));
  if (!next) return null;
  const article = before[1]!;
  const start = at - before[2]!.length - article.length;
  const hasN = article.length === 2;
  const an = wantsAn(next[0]);
  if (hasN === an) return null;
  let insert: string;
  if (an) {
    insert = article === 'A' && /^\p{Lu}{2}/u.test(next[0]) ? 'AN' : article === 'A' ? 'An' : 'an';
  } else {
    insert = article[0]!;
  }
  return { start, end: start + article.length, insert };
}

export const english: LanguageModule & { pluralize(word: string): string } = {
  code: 'en',
  wordClass: WORD_CLASS,
  isWordCharAt,
  separatorPattern,
  wordPattern,
  tokenize,
  formOf,
  inflect,
  caseOf,
  applyCase,
  articleFix,
  pluralize,
};
