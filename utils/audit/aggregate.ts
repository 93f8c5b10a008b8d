// Figures of a wiki audit, built page by page in bounded memory: totals, the month-by-month
// series, breakdowns by namespace and category, and the pages to fix first. Pure: used by the
// command-line report and by the options page when an audit is imported.

export interface Figures {
  pages: number;
  flagged: number;
  partner: number;
  adoption: number | null;
}

export interface HistoryPoint extends Figures {
  month: string;
}

export interface PageToFix {
  title: string;
  url: string;
  edit: string;
  flagged: number;
  partner: number;
}

export interface AuditPage {
  path: string;
  namespace?: number;
  url?: string;
  edit?: string;
  flagged: number;
  partner: number;
  categories?: string[];
  history?: Record<string, [number, number]>;
}

export function adoption(flagged: number, partner: number): number | null {
  if (flagged + partner === 0) return null;
  return Math.round((partner / (partner + flagged)) * 1000) / 1000;
}

interface Sum {
  pages: number;
  flagged: number;
  partner: number;
}

const figures = (s: Sum): Figures => ({ ...s, adoption: adoption(s.flagged, s.partner) });

/** Most flagged uses first; among equals, the least partner language, then by title. */
export function fixFirst(a: PageToFix, b: PageToFix): number {
  return b.flagged - a.flagged || a.partner - b.partner || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
}

export class AuditAggregate {
  private readonly total: Sum = { pages: 0, flagged: 0, partner: 0 };
  private readonly months = new Map<string, Sum>();
  private readonly namespaces = new Map<number, Sum>();
  private readonly categories = new Map<string, Sum>();
  private top: PageToFix[] = [];

  constructor(
    /** Months of the series, oldest first (every one is reported, even with no page). */
    readonly monthKeys: readonly string[] = [],
    private readonly keepTop = 50,
  ) {
    for (const m of monthKeys) this.months.set(m, { pages: 0, flagged: 0, partner: 0 });
  }

  add(page: AuditPage): void {
    bump(this.total, page.flagged, page.partner);
    const ns = page.namespace ?? 0;
    bump(getOr(this.namespaces, ns), page.flagged, page.partner);
    for (const c of page.categories ?? []) bump(getOr(this.categories, c), page.flagged, page.partner);
    for (const [m, [f, p]] of Object.entries(page.history ?? {})) {
      const sum = this.months.get(m);
      if (sum) bump(sum, f, p);
    }
    if (page.flagged > 0) {
      this.top.push({ title: page.path, url: page.url ?? '', edit: page.edit ?? '', flagged: page.flagged, partner: page.partner });
      // Sorting now and then keeps this bounded without a heap.
      if (this.top.length >= this.keepTop * 4) this.top = this.top.sort(fixFirst).slice(0, this.keepTop);
    }
  }

  totals(): Figures {
    return figures(this.total);
  }

  history(): HistoryPoint[] {
    return this.monthKeys.map((month) => ({ month, ...figures(this.months.get(month)!) }));
  }

  byNamespace(): [number, Figures][] {
    return [...this.namespaces].sort((a, b) => a[0] - b[0]).map(([k, s]) => [k, figures(s)]);
  }

  /** Categories with the most flagged uses first. */
  byCategory(limit = Infinity): [string, Figures][] {
    return [...this.categories]
      .sort((a, b) => b[1].flagged - a[1].flagged || b[1].pages - a[1].pages || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([k, s]) => [k, figures(s)]);
  }

  toFix(limit = this.keepTop): PageToFix[] {
    return [...this.top].sort(fixFirst).slice(0, limit);
  }
}

function bump(s: Sum, flagged: number, partner: number): void {
  s.pages++;
  s.flagged += flagged;
  s.partner += partner;
}

function getOr<K>(map: Map<K, Sum>, key: K): Sum {
  let s = map.get(key);
  if (!s) map.set(key, (s = { pages: 0, flagged: 0, partner: 0 }));
  return s;
}
