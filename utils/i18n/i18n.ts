// The one way UI text reaches the user: the i18n API, answering from public/_locales/<lang>/messages.json.
// Keys are typed from the English file, but only as a type: importing the JSON itself would put every
// string of the options page into the content script.
//
// `getMessage` is synchronous and the same in every browser, so it is read from the browser's own
// object rather than through webextension-polyfill (which wraps asynchronous calls only): any
// bundle can word its text without one.
type I18nApi = { getMessage(name: string, substitutions?: string | string[]): string };
const api = globalThis as unknown as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };

export type MessageKey = keyof typeof import('../../public/_locales/en/messages.json');

/**
 * The message for `key` in the browser's language, with `$1`… filled from `substitutions`.
 * A missing message (or an API that is not there, as in a page torn down under us) shows the key:
 * odd, but never an empty button or a thrown error in the middle of a render.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  try {
    const i18n = (api.browser?.i18n ?? api.chrome?.i18n)!;
    const message = i18n.getMessage(key, substitutions);
    if (message) return message;
  } catch {
    // fall through to the key
  }
  return key;
}

// A character no message contains, standing in for markup (e.g. a bold host name) so that
// translators can still move it within the sentence.
const SLOT = '\u0001';

/** The text before and after the message's one substitution, for wrapping that part in markup. */
export function tSplit(key: MessageKey): [before: string, after: string] {
  const text = t(key, SLOT);
  const at = text.indexOf(SLOT);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + SLOT.length)];
}
