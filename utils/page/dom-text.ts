// Page text as blocks: runs of inline content between block boundaries, each with the map back
// to its text nodes. DOM only (no extension APIs, no layout): the content script, happy-dom
// tests and the CLI (linkedom) all walk pages with this same code.
import { blockContainerOf, isBlockElement, nameOf, openShadowRoot } from './block-container';
import { UI_HOST_TAG } from './ui-layer';

export interface TextBlock {
  text: string;
  container: Element;
  nodes: Text[];
  /** `starts[i]` is the offset in `text` where `nodes[i]` begins. */
  starts: number[];
}

export interface WalkOptions {
  /** Elements (and their subtrees) to leave out, on top of the built-in list. */
  skip?: (el: Element) => boolean;
  /**
   * Only the root's own inline text: nested blocks and shadow roots are left to walks of their
   * own (the scanner's search-first pass walks just the blocks around a hit).
   */
  shallow?: boolean;
}

/** Elements whose content is not page prose (upper-case tag names). */
const SKIPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CODE', 'PRE', 'KBD', 'SAMP', 'VAR', 'TEXTAREA', 'INPUT',
  'SELECT', 'OPTION', 'TITLE', 'DESC', 'HEAD', UI_HOST_TAG.toUpperCase(), 'IFRAME', 'OBJECT',
]);

/**
 * Stands in for a skipped inline element (`internal <code>x</code> customer`): neither white
 * space nor a word character, so no phrase is read across it. It maps to no node.
 */
const SKIPPED_MARK = '\uFFFC';

// Lower-case, compared with `localName` (see block-container.ts).
const SKIPPED_NAMES = new Set([...SKIPPED_TAGS].map((t) => t.toLowerCase()));

function isSkipped(el: Element, skip: WalkOptions['skip'], name = nameOf(el)): boolean {
  if (SKIPPED_NAMES.has(name)) return true;
  if (el.getAttribute('data-partner-lens') === 'ignore') return true;
  return skip ? skip(el) : false;
}

const isBoundary = isBlockElement;

/** Whether `node` lies inside an element that is never read (checked once per walk). */
export function insideSkipped(node: Node, skip?: WalkOptions["skip"]): boolean {
  let n: Node | null = node;
  while (n) {
    if (n.nodeType === 1 && isSkipped(n as Element, skip)) return true;
    n = n.nodeType === 11 ? ((n as ShadowRoot).host ?? null) : n.parentNode;
  }
  return false;
}

/** The block element that holds inline content found directly under `node`. */
const outerContainer = blockContainerOf;

const NON_SPACE = /\S/;

class BlockBuilder {
  text = '';
  nodes: Text[] = [];
  starts: number[] = [];

  addText(node: Text): void {
    const data = node.data;
    if (data.length === 0) return;
    this.nodes.push(node);
    this.starts.push(this.text.length);
    this.text += data;
  }

  addVirtual(s: string): void {
    if (this.text.length > 0) this.text += s;
  }

  take(container: Element | null): TextBlock | null {
    const { text, nodes, starts } = this;
    this.text = '';
    this.nodes = [];
    this.starts = [];
    if (!container || nodes.length === 0 || !NON_SPACE.test(text)) return null;
    return { text, container, nodes, starts };
  }
}

/**
 * The text blocks under `root`, in document order. A generator, so that callers can stop and
 * resume between blocks; open shadow roots are entered, their content making blocks of its own.
 */
export function* walkBlocks(root: Node, opts: WalkOptions = {}): Generator<TextBlock> {
  const skip = opts.skip;
  if (!root) return;
  if (root.nodeType === 9) {
    const el = (root as Document).documentElement;
    if (el) yield* walkBlocks(el, opts);
    return;
  }
  if (insideSkipped(root, skip)) return;
  if (root.nodeType === 3) {
    const container = outerContainer(root.parentNode ?? root);
    const builder = new BlockBuilder();
    builder.addText(root as Text);
    const block = builder.take(container);
    if (block) yield block;
    return;
  }
  if (root.nodeType !== 1 && root.nodeType !== 11) return;
  yield* walkTree(root, skip, opts.shallow === true);
}

function* walkTree(root: Node, skip: WalkOptions['skip'], shallow = false): Generator<TextBlock> {
  const builder = new BlockBuilder();
  const containers: (Element | null)[] = [outerContainer(root)];
  const container = () => containers[containers.length - 1] ?? null;

  // The root's own shadow root comes first, as blocks of its own.
  if (root.nodeType === 1 && !shallow) {
    const shadow = openShadowRoot(root as Element);
    if (shadow) yield* walkTree(shadow, skip);
  }

  let node: Node | null = root.firstChild;
  outer: while (node) {
    if (node.nodeType === 3) {
      builder.addText(node as Text);
    } else if (node.nodeType === 1) {
      const el = node as Element;
      const name = nameOf(el);
      if (isSkipped(el, skip, name)) {
        if (isBoundary(el, name)) {
          const block = builder.take(container());
          if (block) yield block;
        } else {
          builder.addVirtual(SKIPPED_MARK);
        }
      } else if (name === 'br') {
        builder.addVirtual('\n');
      } else {
        const boundary = isBoundary(el, name);
        if (boundary && shallow) {
          // A nested block ends the run; its own text is another container's.
          const block = builder.take(container());
          if (block) yield block;
        } else if (boundary) {
          const block = builder.take(container());
          if (block) yield block;
          containers.push(el);
          const shadow = openShadowRoot(el, name);
          if (shadow) yield* walkTree(shadow, skip);
        }
        if (el.firstChild && !(boundary && shallow)) {
          node = el.firstChild;
          continue;
        }
        if (boundary && !shallow) {
          const block = builder.take(container());
          if (block) yield block;
          containers.pop();
        }
      }
    }
    // Next node: the next sibling, or the next sibling of the nearest ancestor that has one,
    // closing the blocks of the ancestors left on the way up.
    while (node) {
      const next: Node | null = node.nextSibling;
      if (next) {
        node = next;
        continue outer;
      }
      node = node.parentNode;
      if (!node || node === root) break outer;
      if (node.nodeType === 1 && isBoundary(node as Element)) {
        const block = builder.take(container());
        if (block) yield block;
        containers.pop();
      }
    }
  }
  const last = builder.take(container());
  if (last) yield last;
}

export function collectBlocks(root: Node, opts?: WalkOptions): TextBlock[] {
  return [...walkBlocks(root, opts)];
}

/** Index of the last node that starts at or before `offset` (or before it, when `strict`). */
function nodeAt(starts: number[], offset: number, strict: boolean): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = starts[mid]!;
    if (strict ? s < offset : s <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A DOM Range over [start, end) of a block's text. */
export function blockRange(block: TextBlock, start: number, end: number): Range {
  const { nodes, starts } = block;
  if (nodes.length === 0) throw new RangeError('The block has no text nodes');
  if (!(start >= 0 && end >= start && end <= block.text.length)) {
    throw new RangeError(`Offsets [${start}, ${end}) lie outside the block's ${block.text.length} characters`);
  }
  let s = nodeAt(starts, start, false);
  let startOffset = start - starts[s]!;
  // A start past the end of its node (in a virtual line break) moves to the next node.
  if (startOffset >= nodes[s]!.data.length && s + 1 < nodes.length) {
    s++;
    startOffset = 0;
  }
  const e = end === start ? s : nodeAt(starts, end, true);
  const endOffset = Math.max(0, end - starts[e]!);
  const range = block.container.ownerDocument.createRange();
  // The page may have changed the text since the block was read: never point past a node's end.
  range.setStart(nodes[s]!, Math.min(startOffset, nodes[s]!.data.length));
  range.setEnd(nodes[e]!, Math.min(endOffset, nodes[e]!.data.length));
  return range;
}

/**
 * `<meta name="partner-lens" content="off">` in the head: the page's authors asked to be left
 * alone. Only the head is read (where HTML puts `meta`): the whole document's took 11 ms on Node's
 * 8 MB manual, in the task that starts the app.
 */
export function isOptedOut(doc: Document): boolean {
  const head = doc.head;
  if (!head) return false;
  const metas = head.getElementsByTagName('meta');
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i]!;
    if ((meta.getAttribute('name') ?? '').trim().toLowerCase() !== 'partner-lens') continue;
    if ((meta.getAttribute('content') ?? '').trim().toLowerCase() === 'off') return true;
  }
  return false;
}
