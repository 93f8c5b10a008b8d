// Content the browser does not render yet because it is off screen (`content-visibility: auto`)
// is known from the browser's events, not from style: asking whether an element inside it is
// visible makes the browser build the style and layout tree of the whole skipped subtree, 30–65 ms
// for one section of Node's one-page manual. The loader starts watching at document_start, when
// the first of these events may already come (a long page is rendered while it is parsed).

/** Where the loader hands the watcher to the content app (the content script's own world). */
export const SKIPPED_CONTENT_GLOBAL = '__partnerLensSkippedContent';

/** Elements whose content the browser currently skips rendering. */
export interface SkippedContent {
  has(el: Element): boolean;
}

/** Follows `contentvisibilityautostatechange` on `doc` (capture: the event does not bubble). */
export function watchSkippedContent(doc: Document): SkippedContent {
  const skipped = new WeakSet<Element>();
  doc.addEventListener(
    'contentvisibilityautostatechange',
    (event) => {
      const el = event.target as Element | null;
      if (!el || el.nodeType !== 1) return;
      if ((event as Event & { skipped?: boolean }).skipped) skipped.add(el);
      else skipped.delete(el);
    },
    { capture: true, passive: true },
  );
  return skipped;
}

/** The watcher the loader started in this world, if any. */
export function skippedContentOf(scope: Record<string, unknown>): SkippedContent | undefined {
  const found = scope[SKIPPED_CONTENT_GLOBAL] as Partial<SkippedContent> | undefined;
  return typeof found?.has === 'function' ? (found as SkippedContent) : undefined;
}
