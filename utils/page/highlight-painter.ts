// Paints ranges with the CSS Custom Highlight API: the page's DOM is never touched.
// The registry names are a contract (DESIGN.md): page authors may restyle them.
import type { Level } from '@/utils/engine/types';

export const HIGHLIGHT_NAMES = {
  flag: 'partner-lens',
  soft: 'partner-lens-soft',
  partner: 'partner-lens-partner',
} as const;

export type Paint = keyof typeof HIGHLIGHT_NAMES;

export function paintFor(level: Level, quoted: boolean): Paint {
  if (level === 'partner') return 'partner';
  return level === 'flag' && !quoted ? 'flag' : 'soft';
}

interface HighlightCtor {
  new (...ranges: AbstractRange[]): Set<AbstractRange>;
}

export interface Painter {
  readonly supported: boolean;
  add(paint: Paint, range: Range): void;
  remove(paint: Paint, range: Range): void;
  /** Whether partner language is painted (registered) at all. */
  setShowPartner(show: boolean): void;
  clear(): void;
  /** Unregisters everything (site switched off). */
  dispose(): void;
}

export function createPainter(win: Window): Painter {
  const css = (win as unknown as { CSS?: { highlights?: Map<string, unknown> } }).CSS;
  const registry = css?.highlights;
  const Ctor = (win as unknown as { Highlight?: HighlightCtor }).Highlight;
  if (!registry || !Ctor) {
    // Older browsers: we simply do not paint; the popup and the CLI still work.
    const noop = () => {};
    return { supported: false, add: noop, remove: noop, setShowPartner: noop, clear: noop, dispose: noop };
  }
  const sets: Record<Paint, Set<AbstractRange>> = {
    flag: new Ctor(),
    soft: new Ctor(),
    partner: new Ctor(),
  };
  // Softer marks draw first so that a flag on top of partner language stays visible.
  (sets.partner as unknown as { priority: number }).priority = 0;
  (sets.soft as unknown as { priority: number }).priority = 1;
  (sets.flag as unknown as { priority: number }).priority = 2;
  let showPartner = false;
  const register = () => {
    registry.set(HIGHLIGHT_NAMES.flag, sets.flag);
    registry.set(HIGHLIGHT_NAMES.soft, sets.soft);
    if (showPartner) registry.set(HIGHLIGHT_NAMES.partner, sets.partner);
    else registry.delete(HIGHLIGHT_NAMES.partner);
  };
  let registered = false;
  const ensure = () => {
    if (!registered) {
      register();
      registered = true;
    }
  };
  return {
    supported: true,
    add(paint, range) {
      ensure();
      sets[paint].add(range);
    },
    remove(paint, range) {
      sets[paint].delete(range);
    },
    setShowPartner(show) {
      showPartner = show;
      if (registered) register();
    },
    clear() {
      for (const set of Object.values(sets)) set.clear();
    },
    dispose() {
      for (const set of Object.values(sets)) set.clear();
      for (const name of Object.values(HIGHLIGHT_NAMES)) registry.delete(name);
      registered = false;
    },
  };
}
