// Search first, structure later: the cheap part of a scan. The text of a subtree is read in a few
// native calls (`textContent` of pieces of the tree, joined) and searched once for the matcher's
// anchor words; only the text nodes at the hits are looked up, and only their blocks are walked
// and matched (page-scanner.ts). Most pages hold no phrase, so most of a page costs about one
// read of its text.
import { isBlockElement } from './block-container';
import { insideSkipped, walkBlocks, type TextBlock } from './dom-text';
import type { SkippedContent } from './skipped-content';

export type { SkippedContent };

/** A hit: the text node that holds an anchor word's first character. */
export type HitNode = Text;

/** Pieces are taken this many levels below the root at most: deep enough to slice a page. */
const PIECE_DEPTH = 8;
/**
 * An element with at least this many child elements is opened into its children whatever it is
 * (a Sphinx `<dd>` or a Doxygen table holding a whole chapter): a piece is read, searched and
 * mapped back to its text nodes within one slice, so no piece may hold a large part of a page.
 */
const OPEN_CHILDREN = 24;
/** Elements that wrap parts of a page: opened into their children to make pieces (paragraphs are not). */
const WRAPPERS = new Set([
  'div', 'section', 'main', 'article', 'body', 'aside', 'nav', 'header', 'footer', 'table', 'tbody', 'ul', 'ol',
  'dl', 'form', 'center', 'blockquote', 'details', 'html',
]);
/** Characters searched at once: large enough to amortise a call, small enough for one slice. */
export const SEARCH_CHARS = 16_384;

/**
 * The root's content as pieces in document order, each a node whose `textContent` is read in one
 * call: the root's children, and the children of the wrappers near the top (of a whole page) and
 * of elements with many children, so that a page can be read in slices. Their texts joined are
 * the root's `textContent`. Walked one piece at a time with an explicit stack (a generator costs
 * more than the reading it slices), so that listing the pieces of a huge page is sliced too.
 */
export class Pieces {
  private readonly stack: { node: Node | null; depth: number }[];

  constructor(root: Node) {
    this.stack = [{ node: root.firstChild, depth: 0 }];
  }

  next(): Node | null {
    const stack = this.stack;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const child = top.node;
      if (!child) {
        stack.pop();
        continue;
      }
      top.node = child.nextSibling;
      const type = child.nodeType;
      if (type === 1) {
        const el = child as Element;
        const children = el.childElementCount;
        if (top.depth + 1 < PIECE_DEPTH && children > 0 && (children >= OPEN_CHILDREN || WRAPPERS.has(el.localName))) {
          stack.push({ node: el.firstChild, depth: top.depth + 1 });
        } else return el;
      } else if (type === 3 || type === 4) return child;
    }
    return null;
  }

  /** Whether the page took out a node the walk goes on from (after a pause): the rest is unknown then. */
  get lost(): boolean {
    return this.stack.some((e) => e.node !== null && !e.node.isConnected);
  }
}

/** The text node of `piece` that holds offset `at` of its `textContent` (hits in increasing order). */
export function textNodesAt(piece: Node, offsets: number[], out: Set<HitNode>): void {
  if (piece.nodeType === 3 || piece.nodeType === 4) {
    out.add(piece as Text);
    return;
  }
  const doc = piece.ownerDocument ?? (piece as Document);
  // Text and CDATA nodes: exactly what textContent joins.
  const walker = doc.createTreeWalker(piece, 4 | 8);
  let end = 0;
  let i = 0;
  let node: Node | null;
  while (i < offsets.length && (node = walker.nextNode())) {
    end += (node as Text).length;
    if (offsets[i]! < end) out.add(node as Text);
    while (i < offsets.length && offsets[i]! < end) i++;
  }
}

/**
 * The open shadow roots under `root`, found `count` elements at a time so that a huge page is
 * searched in slices. Every element's `shadowRoot` is read on a TreeWalker's walk: in cold code
 * that measured 20–60 % cheaper than testing each element's name first (the name is a call into
 * the DOM too) over a static list of all elements. If the page takes out the element the walk
 * stands on during a pause, the rest of the walk is lost with it: the search then goes over a
 * static list of every element under `root` (a live collection would be walked again from its
 * start after each change), and the set keeps each root once.
 */
export class ShadowRootSearch {
  private readonly walker: TreeWalker;
  private list: ArrayLike<Element> | null = null;
  private index = 0;

  constructor(private readonly root: Node) {
    this.walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, 1);
  }

  /** Reads up to `count` more elements into `out`; false once every element was read. */
  step(count: number, out: Set<ShadowRoot>): boolean {
    if (!this.list && this.walker.currentNode !== this.root && !this.walker.currentNode.isConnected) {
      this.list = (this.root as ParentNode).querySelectorAll('*');
    }
    const list = this.list;
    if (list) {
      const end = Math.min(list.length, this.index + count);
      for (; this.index < end; this.index++) {
        const shadow = list[this.index]!.shadowRoot;
        if (shadow) out.add(shadow);
      }
      return this.index < list.length;
    }
    for (let i = 0; i < count; i++) {
      const el = this.walker.nextNode() as Element | null;
      if (!el) return false;
      const shadow = el.shadowRoot;
      if (shadow) out.add(shadow);
    }
    return true;
  }
}

/**
 * Whether `el` is rendered (not under `display:none`, a closed `<details>`, `content-visibility:hidden`).
 * Inside content the browser skips for now (`content-visibility: auto` off screen, `skipped`), the
 * outermost skipped element is asked instead: asked about `el`, the browser would build the style of
 * the whole skipped subtree first (skipped-content.ts). So text hidden inside such content counts
 * as rendered until then.
 */
export function isRendered(el: Element, skipped?: SkippedContent): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  // Without the API (older browsers, the CLI's DOM) everything counts as rendered.
  if (typeof check !== 'function') return true;
  let asked = el;
  if (skipped) for (let a = el.parentElement; a; a = a.parentElement) if (skipped.has(a)) asked = a;
  return check.call(asked);
}

/** Characters of a piece searched again with the next batch: longer than any anchor word. */
const TAIL = 64;

/**
 * Pieces' texts gathered into batches of about SEARCH_CHARS characters, each searched with one
 * call; the hits come back as the text nodes that hold them, in document order.
 */
export class PieceSearch {
  private nodes: Node[] = [];
  private texts: string[] = [];
  /** Where each text starts in its node's textContent (a tail carried from the last batch). */
  private shifts: number[] = [];
  private chars = 0;

  constructor(private readonly locate: (text: string, onHit: (pos: number) => void) => void) {}

  /** Adds a piece; true when the batch is full and should be searched. */
  push(piece: Node): boolean {
    const text = piece.textContent ?? '';
    if (text.length === 0) return false;
    this.nodes.push(piece);
    this.texts.push(text);
    this.shifts.push(0);
    this.chars += text.length;
    return this.chars >= SEARCH_CHARS;
  }

  /** Searches the batch and starts the next with the last piece's tail (a word may run across). */
  search(): Text[] {
    const { nodes, texts, shifts } = this;
    const found = new Set<Text>();
    if (nodes.length) {
      const starts: number[] = new Array(nodes.length);
      let at = 0;
      for (let i = 0; i < texts.length; i++) {
        starts[i] = at;
        at += texts[i]!.length;
      }
      let piece = 0;
      let offsets: number[] = [];
      const close = () => {
        if (offsets.length) textNodesAt(nodes[piece]!, offsets, found);
        offsets = [];
      };
      this.locate(texts.join(''), (pos) => {
        if (pos >= starts[piece]! + texts[piece]!.length) {
          close();
          while (piece + 1 < nodes.length && starts[piece + 1]! <= pos) piece++;
        }
        offsets.push(pos - starts[piece]! + shifts[piece]!);
      });
      close();
      const last = nodes.length - 1;
      const tail = texts[last]!.slice(-TAIL);
      this.nodes = [nodes[last]!];
      this.shifts = [shifts[last]! + texts[last]!.length - tail.length];
      this.texts = [tail];
      this.chars = tail.length;
    }
    return [...found];
  }

  /** The piece the next batch starts with (to check it is still in the page after a pause). */
  get current(): Node | undefined {
    return this.nodes[0];
  }
}

/** The blocks that hold the hits, each once per pass (`seen`), skipped elements left out. */
export function blocksAround(hits: Text[], seen: Set<Node>): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const node of hits) {
    // The nearest block element, or the shadow root whose loose inline text belongs to its host.
    let from: Node | null = node.parentNode;
    while (from && from.nodeType === 1 && !isBlockElement(from as Element)) from = from.parentNode;
    if (from && from.nodeType === 9) from = (from as Document).documentElement;
    if (!from || seen.has(from) || insideSkipped(node)) continue;
    seen.add(from);
    for (const block of walkBlocks(from, { shallow: true })) blocks.push(block);
  }
  return blocks;
}
