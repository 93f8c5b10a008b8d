// Keeps the matches of a live page: a sliced first scan, then only the blocks that changed.
// Nothing here writes to the page; ranges are painted through the Painter.
import { blockRange, insideSkipped, walkBlocks, type TextBlock } from './dom-text';
import { blockContainerOf, openShadowRoot } from './block-container';
import { blocksAround, isRendered, Pieces, PieceSearch, ShadowRootSearch, type SkippedContent } from './text-search';
import { minimalRoots } from './dirty-roots';
import { paintFor, type Painter, type Paint } from './highlight-painter';
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
  /** Whether a match should be left out (ignored phrase on this site, dismissed occurrence); `text`: the block's, so that hidden occurrences can follow edits in it. */
  isHidden?: (match: Match, container: Element, text: string) => boolean;
  /** Elements whose content the browser skips for now (skipped-content.ts): visibility is asked of them. */
  skipped?: SkippedContent;
  /** Resolves once the page has rendered a frame (style clean: visibility checks are then cheap). */
  afterRender?: () => Promise<void>;
  /** Called after each pass that changed the set of occurrences. */
  onChange?: () => void;
  /** A newly seen open shadow root, for the caller to observe. */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/** Characters joined between blocks so that a single scan covers many blocks but never spans two. */
const SEPARATOR = '\u0000';
/** Text handed to the matcher at once: large enough to amortise a call, small enough for one slice. */
const CHUNK_CHARS = 32_768;
/** Elements checked for a shadow root between looks at the clock. */
const SHADOW_CHECKS = 512;

export class PageScanner {
  private readonly byContainer = new Map<Element, Occurrence[]>();
  private readonly dirty = new Set<Node>();
  private readonly shadowRoots = new WeakSet<ShadowRoot>();
  /** Blocks with a match that were not rendered when scanned: counted once they are shown. */
  private readonly unrendered = new Set<Element>();
  /** Matches found in this round, painted at its end. */
  private pending: { block: TextBlock; match: Match }[] = [];
  private recheck = false;
  private nextId = 1;
  private running: Promise<void> | null = null;
  /** Longest uninterrupted slice of our work, for the benchmark and the console. */
  longestSliceMs = 0;
  constructor(private readonly options: ScannerOptions) {}
  *occurrences(): Generator<Occurrence> {
    for (const list of this.byContainer.values()) yield* list;
  }

  get size(): number {
    let n = 0;
    for (const list of this.byContainer.values()) n += list.length;
    return n;
  }

  ordered(): Occurrence[] {
    return [...this.occurrences()].sort(compareOccurrences);
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
    // The whole block: a rescan forgets and finds occurrences by block.
    const container = blockContainerOf(node);
    if (container) this.dirty.add(container);
    else if (node.parentNode) this.dirty.add(node.parentNode);
  }

  get hasDirty(): boolean { return this.dirty.size > 0; }

  /**
   * A class, style or `hidden` changed somewhere: blocks may have been shown or hidden. Returns
   * whether there is anything to check (then the caller flushes).
   */
  visibilityMayHaveChanged(): boolean {
    if (this.byContainer.size === 0 && this.unrendered.size === 0) return false;
    this.recheck = true;
    return true;
  }

  get settled(): boolean { return this.dirty.size === 0 && !this.recheck && this.running === null; }

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
    this.unrendered.clear();
  }

  /** Drops occurrences of blocks no longer rendered; marks blocks shown again for a rescan. */
  private recheckRendered(): boolean {
    // Every check before the first unpaint, which would make the next check recompute style.
    const until = this.options.now() + 10; // the same budget as paintPending's
    const hidden = [...this.byContainer.keys()].filter((c) => c.isConnected && this.options.now() <= until && !isRendered(c, this.options.skipped));
    for (const container of hidden) {
      for (const occ of this.byContainer.get(container)!) this.options.painter.remove(occ.paint, occ.range);
      this.byContainer.delete(container);
      this.unrendered.add(container);
    }
    for (const container of this.unrendered) {
      if (!container.isConnected) this.unrendered.delete(container);
      else if (isRendered(container, this.options.skipped)) {
        this.unrendered.delete(container);
        this.dirty.add(container);
      }
    }
    return hidden.length > 0;
  }

  private async pass(): Promise<boolean> {
    const { now, yieldToPage } = this.options;
    const state = { changed: false, changedAtAll: false, sliceStart: now() };
    /** Ends the slice when it is over its time and gives the page a turn; true if it did. */
    const breathe = async (): Promise<boolean> => {
      if (now() - state.sliceStart <= SLICE_MS) return false;
      if (state.changed) this.options.onChange?.();
      this.endSlice(state.sliceStart, now());
      state.changedAtAll ||= state.changed;
      state.changed = false;
      await yieldToPage();
      state.sliceStart = now();
      return true;
    };
    if (this.recheck) {
      this.recheck = false;
      state.changed = this.recheckRendered() || state.changed;
    }
    while (this.dirty.size) {
      const roots = minimalRoots([...this.dirty]);
      this.dirty.clear();
      for (const root of roots) {
        state.changed = this.forget(root) || state.changed;
        if (!root.isConnected) continue;
        const searched = this.options.matcher.locate && root.nodeType !== 3 && !insideSkipped(root);
        const done = searched ? await this.searchFirst(root, state, breathe) : await this.walkAll(root, state, breathe);
        // The page removed the part we were reading: the whole root is taken again in the next round.
        if (!done) this.dirty.add(root);
      }
      if (this.pending.length > 64 && this.options.afterRender) { // few checks are cheap: no wait
        this.endSlice(state.sliceStart, now()); // before a frame, a visibility check cost 38 ms on an 8 MB page
        await this.options.afterRender();
        state.sliceStart = now();
        if (this.dirty.size) continue;
      }
      state.changed = this.paintPending() || state.changed;
      this.endSlice(state.sliceStart, now());
      state.sliceStart = now();
    }
    return state.changed || state.changedAtAll;
  }

  /**
   * Search first: the root's text in pieces, searched for the anchor words; blocks are walked
   * only where a piece has a hit. Shadow roots of custom elements are searched the same way.
   */
  private async searchFirst(root: Node, state: { changed: boolean; sliceStart: number }, breathe: () => Promise<boolean>): Promise<boolean> {
    const roots: Node[] = [root];
    const seen = new Set<Node>();
    for (let r = 0; r < roots.length; r++) {
      const shadows = new Set<ShadowRoot>();
      const own = roots[r]!.nodeType === 1 ? openShadowRoot(roots[r] as Element) : null;
      if (own) shadows.add(own);
      const hosts = new ShadowRootSearch(roots[r]!);
      for (let more = true; more; ) {
        more = hosts.step(SHADOW_CHECKS, shadows);
        await breathe();
      }
      for (const shadow of shadows) {
        roots.push(shadow);
        this.noteShadowRoot(shadow);
        // `contains` stops at a shadow root: what was found inside it goes with it.
        state.changed = this.forget(shadow) || state.changed;
      }
      const search = new PieceSearch(this.options.matcher.locate!);
      const walk = new Pieces(roots[r]!);
      for (let piece = walk.next(); piece; piece = walk.next()) {
        // A piece taken out by the page during a pause was replaced by dirty (observed) content.
        // A full batch is searched, and so is a part one when the slice's time is up.
        if (!piece.isConnected || (!search.push(piece) && this.options.now() - state.sliceStart <= SLICE_MS)) continue;
        state.changed = this.scanChunk(blocksAround(search.search(), seen)) || state.changed;
        // The page changed what is left to read: the whole root is read again.
        if ((await breathe()) && ((search.current && !search.current.isConnected) || walk.lost)) return false;
      }
      state.changed = this.scanChunk(blocksAround(search.search(), seen)) || state.changed;
      await breathe();
    }
    return true;
  }

  /** The whole structure of `root`, block by block (rules that cannot be located by anchors). */
  private async walkAll(root: Node, state: { changed: boolean }, breathe: () => Promise<boolean>): Promise<boolean> {
    let chunk: TextBlock[] = [];
    let chunkChars = 0;
    for (const block of walkBlocks(root)) {
      chunk.push(block);
      chunkChars += block.text.length + 1;
      if (chunkChars >= CHUNK_CHARS || (chunk.length & 63) === 0) {
        state.changed = this.scanChunk(chunk) || state.changed;
        this.noteShadowRoots(chunk);
        chunk = [];
        chunkChars = 0;
        const resumeAt = block.container;
        if ((await breathe()) && !resumeAt.isConnected) return false;
      }
    }
    state.changed = this.scanChunk(chunk) || state.changed;
    this.noteShadowRoots(chunk);
    return true;
  }

  /** One uninterrupted slice of our work: `longestSliceMs`, and a `partner-lens:slice` measure (DevTools, `npm run bench`). */
  private endSlice(start: number, end: number): void {
    this.longestSliceMs = Math.max(this.longestSliceMs, end - start);
    try {
      globalThis.performance?.measure?.('partner-lens:slice', { start, end });
    } catch {} // A clock other than performance.now() (tests): nothing to record.
  }

  /** Removes the occurrences inside `root` (and any whose nodes left the page). */
  private forget(root: Node): boolean {
    let changed = false;
    const gone = (c: Element) => root === c || root.contains(c) || !c.isConnected;
    if (this.pending.length) this.pending = this.pending.filter((p) => !gone(p.block.container));
    for (const [container, list] of this.byContainer) {
      if (gone(container)) {
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
    let b = 0;
    for (const match of matches) {
      while (b + 1 < blocks.length && starts[b + 1]! <= match.start) b++;
      const block = blocks[b]!;
      const local: Match = { ...match, start: match.start - starts[b]!, end: match.end - starts[b]! };
      if (this.options.isHidden?.(local, block.container, block.text)) continue;
      this.pending.push({ block, match: local });
    }
    return false;
  }

  /** Paints the round's matches; visibility read for all first (a check after a paint recomputes style). */
  private paintPending(): boolean {
    const pending = this.pending;
    if (pending.length === 0) return false;
    this.pending = [];
    const rendered = new Map<Element, boolean>();
    // A check can cost tens of ms (8 MB Node page): past 10 ms, blocks count as rendered.
    const until = this.options.now() + 10;
    for (const { block } of pending) {
      const c = block.container;
      if (!rendered.has(c)) rendered.set(c, c.isConnected && (this.options.now() > until || isRendered(c, this.options.skipped)));
    }
    let added = false;
    for (const { block, match } of pending) {
      // Text that is not rendered is neither painted nor counted until it is shown.
      if (!rendered.get(block.container)) {
        if (block.container.isConnected) this.unrendered.add(block.container);
        continue;
      }
      this.add(block, match);
      added = true;
    }
    return added;
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
      if (root.nodeType === 11 && (root as ShadowRoot).host) this.noteShadowRoot(root as ShadowRoot);
    }
  }

  private noteShadowRoot(root: ShadowRoot): void {
    if (!this.options.onShadowRoot || this.shadowRoots.has(root)) return;
    this.shadowRoots.add(root);
    this.options.onShadowRoot(root);
  }
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  if (a.container === b.container) return a.match.start - b.match.start;
  const pos = a.container.compareDocumentPosition(b.container);
  if (pos & 4 /* FOLLOWING */) return -1;
  if (pos & 2 /* PRECEDING */) return 1;
  return a.id - b.id;
}
