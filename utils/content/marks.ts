// Performance marks the content script leaves in the page (performance entries made in its
// isolated world are visible to the page too). npm start, the benchmark and the tests read them.

/** The preferences have arrived and the first scan begins. */
export const SCAN_START = 'partner-lens:scan-start';
/** The first scan is done: every range is registered with CSS.highlights. */
export const SCAN_END = 'partner-lens:scan-end';
/** Measure from SCAN_START to SCAN_END. */
export const FIRST_SCAN = 'partner-lens:first-scan';
/** A task after the first frame that shows the first scan's highlights: they are on screen. */
export const FIRST_PAINT = 'partner-lens:first-paint';
