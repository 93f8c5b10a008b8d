// What the matcher needs to know about a language. The matcher core only deals in offsets,
// candidates and overlaps; everything about words, inflection, case and articles lives behind
// this interface so that another language can be plugged in without touching the core.
import type { TextEdit } from '@/utils/engine/types';

/** Number and possession of a phrase's head word, as the writer used it. */
export interface WordForm {
  plural: boolean;
  possessive: boolean;
  /** The apostrophe the writer used for the possessive (' or ’). */
  apostrophe?: string;
}

export type CaseStyle = 'lower' | 'sentence' | 'title' | 'upper' | 'other';

export interface LanguageModule {
  /** BCP 47 code, for messages and rule packs. */
  code: string;
  /**
   * Regular-expression source (for the `u` flag) of a class that matches one word character.
   * Whole-word matching puts this in negative lookarounds at both ends of a phrase.
   */
  wordClass: string;
  /** Whether the UTF-16 code unit at `index` belongs to a word. */
  isWordCharAt(text: string, index: number): boolean;
  /** Regular-expression source (`u` flag) of the separator written as `joiner` in a phrase. */
  separatorPattern(joiner: string): string;
  /** Regular-expression source (`u` flag) of one word of a phrase; `head` adds its inflections. */
  wordPattern(word: string, head: boolean): string;
  /** Splits a plain phrase into words and the joiners between them (' ', '-', '/'). */
  tokenize(phrase: string): { words: string[]; joiners: string[] };
  /** The form in which `matched` (the matched text of a phrase whose head is `head`) was written. */
  formOf(matched: string, head: string): WordForm;
  /** Puts a phrase given in its base form into `form` (only where the phrase can take it). */
  inflect(phrase: string, form: WordForm): string;
  /** The case style of a written phrase. */
  caseOf(text: string): CaseStyle;
  /** Writes `text` (lower case) in `style`. */
  applyCase(text: string, style: CaseStyle): string;
  /**
   * The edit that keeps the article before a replaced phrase grammatical ("an internal customer"
   * → "a service partner"), or null. `text` is the text after the replacement; `at` is where the
   * replacement starts.
   */
  articleFix(text: string, at: number): TextEdit | null;
}
