// Keeps the matches of a live page: a sliced first scan, then only the blocks that changed.
// Nothing here writes to the page; ranges are painted through the Painter.
import { blockRange, walkBlocks, type TextBlock } from './dom-text';
import { blockContainerOf } from './block-container';
import type { Painter, Paint } from './highlight-painter';
import { paintFor } from './highlight-painter';
import type { Matcher } from '@/utils/engine/matcher';
import type { Match } from '@/utils/engine/types';
import { SLICE_MS } from './yield-to-page';

export interface Occurrence {
  id: number;
  match: Match;
  range: Range;
  paint: Paint;
  /** The block element whose inline text holds the match. */
  container: Element;
  block: TextBlock;
}

export interface ScannerOptions {
  matcher: Matcher;
  painter: Painter;
  /** Gives the page a turn between slices. */
  yieldToPage: () => Promise<void>;
  now: () => number;
  /** Whether a match should be left out (ignored phrase on this site, dismissed occurrence). */
  isHidden?: (match: Match, container: Element) => boolean;
  /** Called after each pass that changed the set of occurrences. */
  onChange?: () => void;
  /** A newly seen open shadow root, so that the caller can observe it. */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/** Characters joined between blocks so that a single scan covers many blocks but never spans two. */
const SEPARATOR = '\u0000';
/** Text handed to the matcher at once: large enough to amortise a call, small enough for one slice. */
const CHUNK_CHARS = 32_768;

export class PageScanner {
  private readonly byContainer = new Map<Element, Occurrence[]>();
  private readonly dirty = new Set<Node>();
  private readonly shadowRoots = new WeakSet<ShadowRoot>();
  private nextId = 1;
  private running: Promise<void> | null = null;
  /** Longest uninterrupted slice of our work, for the benchmark and the console. */
  longestSliceMs = 0;

  constructor(private readonly options: ScannerOptions) {}

  /** Every occurrence, in no particular order. */
  *occurrences(): Generator<Occurrence> {
    for (const list of this.byContainer.values()) yield* list;
  }

  get size(): number {
    let n = 0;
    for (const list of this.byContainer.values()) n += list.length;
    return n;
  }

  /** Occurrences in document order (for navigation and the popup's list). */
  ordered(): Occurrence[] {
    const all = [...this.occurrences()];
    all.sort(compareOccurrences);
    return all;
  }

  /** The occurrence whose range holds the point, if any. */
  at(node: Node, offset: number): Occurrence | undefined {
    const container = blockContainerOf(node);
    if (!container) return undefined;
    for (const occ of this.byContainer.get(container) ?? []) {
      try {
        if (occ.range.isPointInRange(node, offset)) return occ;
      } catch {
        // The point is in another tree (shadow root): not ours.
      }
    }
    return undefined;
  }

  /** Marks the block around `node` for a rescan (MutationObserver records call this). */
  markDirty(node: Node): void {
    const container = node.nodeType === 1 && node.isConnected ? node : blockContainerOf(node);
    if (container) this.dirty.add(container);
    else if (node.parentNode) this.dirty.add(node.parentNode);
  }

  get hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Whether the occurrences are complete: no pass running, nothing waiting for one. */
  get settled(): boolean {
    return this.dirty.size === 0 && this.running === null;
  }

  /** Scans `root` entirely (first scan, or after preferences change). */
  scanAll(root: Node): Promise<void> {
    this.clear();
    this.dirty.clear();
    this.dirty.add(root);
    return this.flush();
  }

  /** Rescans the dirty blocks, in slices. Calls made while a pass runs join it. */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.pass().then(
        (changed) => {
          this.running = null;
          // Once more now that the set is complete (listeners read `settled`).
          if (changed) this.options.onChange?.();
        },
        (error: unknown) => {
          this.running = null;
          throw error;
        },
      );
    }
    return this.running;
  }

  /** Drops one occurrence (dismissed, or fixed) without rescanning. */
  drop(occ: Occurrence): void {
    const list = this.byContainer.get(occ.container);
    if (!list) return;
    const i = list.indexOf(occ);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.byContainer.delete(occ.container);
    this.options.painter.remove(occ.paint, occ.range);
    this.options.onChange?.();
  }

  /**
   * Drops occurrences whose text left the page, at once: called from the MutationObserver
   * callback (before the next paint), so no stale range lingers until the debounced rescan.
   */
  pruneDetached(): boolean {
    let changed = false;
    for (const [container, list] of this.byContainer) {
      if (container.isConnected && list.every((o) => o.range.startContainer.isConnected)) continue;
      for (const occ of list) this.options.painter.remove(occ.paint, occ.range);
      this.byContainer.delete(container);
      if (container.isConnected) this.dirty.add(container);
      changed = true;
    }
    if (changed) this.options.onChange?.();
    return changed;
  }

  clear(): void {
    for (const occ of this.occurrences()) this.options.painter.remove(occ.paint, occ.range);
    this.byContainer.clear();
  }

  private async pass(): Promise<boolean> {
    const { now, yieldToPage } = this.options;
    let changed = false;
    let changedAtAll = false;
    while (this.dirty.size) {
      const roots = minimalRoots([...this.dirty]);
      this.dirty.clear();
      let sliceStart = now();
      for (const root of roots) {
        changed = this.forget(root) || changed;
        if (!root.isConnected) continue;
        let chunk: TextBlock[] = [];
        let chunkChars = 0;
        for (const block of walkBlocks(root)) {
          chunk.push(block);
          chunkChars += block.text.length + 1;
          if (chunkChars >= CHUNK_CHARS || (chunk.length & 63) === 0) {
            const over = now() - sliceStart > SLICE_MS;
            if (over || chunkChars >= CHUNK_CHARS) {
              changed = this.scanChunk(chunk) || changed;
              chunk = [];
              chunkChars = 0;
            }
            if (over) {
              if (changed) this.options.onChange?.();
              this.endSlice(sliceStart, now());
              changedAtAll ||= changed;
              changed = false;
              const resumeAt = block.container;
              await yieldToPage();
              sliceStart = now();
              // The page may have removed the subtree we were walking: the walk cannot go on from
              // there, so the whole root is taken again in the next round.
              if (!resumeAt.isConnected) {
                this.dirty.add(root);
                break;
              }
            }
          }
        }
        changed = this.scanChunk(chunk) || changed;
      }
      this.endSlice(sliceStart, now());
    }
    return changed || changedAtAll;
  }

  /**
   * Records one uninterrupted slice of our work: `longestSliceMs`, and a `partner-lens:slice`
   * User Timing measure (shown in DevTools' Performance panel, read by `npm run bench`).
   */
  private endSlice(start: number, end: number): void {
    this.longestSliceMs = Math.max(this.longestSliceMs, end - start);
    try {
      globalThis.performance?.measure?.('partner-lens:slice', { start, end });
    } catch {
      // A clock other than performance.now() (tests): nothing to record.
    }
  }

  /** Removes the occurrences inside `root` (and any whose nodes left the page). */
  private forget(root: Node): boolean {
    let changed = false;
    for (const [container, list] of this.byContainer) {
      if (root === container || root.contains(container) || !container.isConnected) {
        for (const occ of list) this.options.painter.remove(occ.paint, occ.range);
        this.byContainer.delete(container);
        changed = true;
      }
    }
    return changed;
  }

  private scanChunk(blocks: TextBlock[]): boolean {
    if (blocks.length === 0) return false;
    const starts: number[] = new Array(blocks.length);
    let text = '';
    for (let i = 0; i < blocks.length; i++) {
      starts[i] = text.length;
      text += blocks[i]!.text + SEPARATOR;
    }
    const matches = this.options.matcher.scan(text);
    if (matches.length === 0) {
      this.noteShadowRoots(blocks);
      return false;
    }
    let b = 0;
    for (const match of matches) {
      while (b + 1 < blocks.length && starts[b + 1]! <= match.start) b++;
      const block = blocks[b]!;
      const offset = starts[b]!;
      const local: Match = { ...match, start: match.start - offset, end: match.end - offset };
      if (this.options.isHidden?.(local, block.container)) continue;
      this.add(block, local);
    }
    this.noteShadowRoots(blocks);
    return true;
  }

  private add(block: TextBlock, match: Match): void {
    let range: Range;
    try {
      range = blockRange(block, match.start, match.end);
    } catch {
      return;
    }
    const paint = paintFor(match.level, match.quoted);
    const occ: Occurrence = { id: this.nextId++, match, range, paint, container: block.container, block };
    let list = this.byContainer.get(block.container);
    if (!list) this.byContainer.set(block.container, (list = []));
    list.push(occ);
    this.options.painter.add(paint, range);
  }

  private noteShadowRoots(blocks: TextBlock[]): void {
    if (!this.options.onShadowRoot) return;
    let last: Node | null = null;
    for (const block of blocks) {
      const root = block.container.getRootNode();
      if (root === last) continue;
      last = root;
      if (root.nodeType === 11 && (root as ShadowRoot).host && !this.shadowRoots.has(root as ShadowRoot)) {
        this.shadowRoots.add(root as ShadowRoot);
        this.options.onShadowRoot(root as ShadowRoot);
      }
    }
  }
}

/** Drops roots that lie inside another root (they are rescanned with it). */
export function minimalRoots(nodes: Node[]): Node[] {
  if (nodes.length < 2) return nodes;
  return nodes.filter((n) => !nodes.some((other) => other !== n && other.contains(n)));
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  if (a.container === b.container) return a.match.start - b.match.start;
  const pos = a.container.compareDocumentPosition(b.container);
  if (pos & 4 /* FOLLOWING */) return -1;
  if (pos & 2 /* PRECEDING */) return 1;
  return a.id - b.id;
}
