// One spelling for a phrase however it was typed: "Internal-Customers", "internal\u00A0customers"
// and "internal cus\u00ADtomers" are the same phrase to ignore.

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060]/g;
const SEPARATORS = /[\s\u00A0\-\u2010-\u2014/]+/g;

export function phraseKey(text: string): string {
  return text.replace(INVISIBLE, '').replace(SEPARATORS, ' ').trim().toLowerCase();
}
