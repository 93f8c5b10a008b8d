// What a block is: the one rule, used by the walker (dom-text), the scanner's search-first pass
// and the lookups from a point (page-scanner, card). Tag-based on purpose: computed styles would
// force layout on pages of many megabytes, and wikis mark their blocks with the ordinary tags.

export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'BUTTON', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG',
  'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5',
  'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'IFRAME', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'OPTION', 'P',
  'SECTION', 'SELECT', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'VIDEO', 'AUDIO',
  'CANVAS', 'IMG', 'OBJECT', 'TEXTAREA', 'INPUT',
]);

// Lower-case sets compared with `localName`: no string is built per element, which matters on
// pages of a hundred thousand elements (tagName upper-cases afresh on every read).
const BLOCK_NAMES = new Set([...BLOCK_TAGS].map((t) => t.toLowerCase()));
/** The elements attachShadow accepts, besides custom elements (names with a hyphen). */
const SHADOW_HOSTS = new Set([
  'article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'main', 'nav', 'p', 'section', 'span',
]);

export function nameOf(el: Element): string {
  // HTML elements report lower-case local names in HTML and XHTML documents alike.
  const name = el.localName;
  return typeof name === 'string' ? name : el.tagName.toLowerCase();
}

export function openShadowRoot(el: Element, name = nameOf(el)): ShadowRoot | null {
  // Reading `shadowRoot` on every element is a binding call each; only possible hosts can have one.
  if (!SHADOW_HOSTS.has(name) && name.indexOf('-') < 0) return null;
  const root = (el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
  return root ?? null;
}

/** Whether `el` ends a run of text: a block tag, or a host whose shadow root makes blocks of its own. */
export function isBlockElement(el: Element, name = nameOf(el)): boolean {
  return BLOCK_NAMES.has(name) || openShadowRoot(el, name) !== null;
}

/** The nearest block element holding `node` (itself if it is one). */
export function blockContainerOf(node: Node): Element | null {
  let n: Node | null = node.nodeType === 1 || node.nodeType === 11 || node.nodeType === 9 ? node : node.parentNode;
  while (n) {
    if (n.nodeType === 1) {
      if (isBlockElement(n as Element)) return n as Element;
      n = n.parentNode;
    } else if (n.nodeType === 11) {
      // A shadow root: its host starts a new block of its own.
      return ((n as ShadowRoot).host as Element | undefined) ?? null;
    } else if (n.nodeType === 9) {
      return (n as Document).documentElement;
    } else {
      return null;
    }
  }
  return null;
}
