// The one way UI text reaches the user: browser.i18n, answering from public/_locales/<lang>/messages.json.
// Keys are typed from the English file, but only as a type: importing the JSON itself would put every
// string of the options page into the content script.
import { browser } from 'wxt/browser';

export type MessageKey = keyof typeof import('../../public/_locales/en/messages.json');

/**
 * The message for `key` in the browser's language, with `$1`… filled from `substitutions`.
 * A missing message (or an API that is not there, as in a page torn down under us) shows the key:
 * odd, but never an empty button or a thrown error in the middle of a render.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  try {
    // WXT types getMessage as one overload per known name, which a union of keys cannot pick from.
    const i18n = browser.i18n as unknown as { getMessage(name: string, substitutions?: string | string[]): string };
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
