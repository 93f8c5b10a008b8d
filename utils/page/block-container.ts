// Which elements end a run of text. Tag-based on purpose: computed styles would force layout on
// pages of many megabytes, and wikis mark their blocks with the ordinary tags.

export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'BUTTON', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG',
  'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5',
  'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'IFRAME', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'OPTION', 'P',
  'SECTION', 'SELECT', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'VIDEO', 'AUDIO',
  'CANVAS', 'IMG', 'OBJECT', 'TEXTAREA', 'INPUT',
]);

export function isBlockElement(el: Element): boolean {
  // Upper-case names in HTML documents; XHTML and SVG keep their case.
  return BLOCK_TAGS.has(el.tagName.toUpperCase()) || el.shadowRoot !== null;
}

/** The nearest block element holding `node` (itself if it is one). */
export function blockContainerOf(node: Node): Element | null {
  let n: Node | null = node.nodeType === 1 ? node : node.parentNode;
  while (n) {
    if (n.nodeType === 1) {
      if (isBlockElement(n as Element)) return n as Element;
      n = n.parentNode;
    } else if (n.nodeType === 11) {
      // A shadow root: its host starts a new block of its own.
      return ((n as ShadowRoot).host as Element | undefined) ?? null;
    } else {
      return null;
    }
  }
  return null;
}
