// The page scanner on real DOM (happy-dom): what it finds, how it paints, and how it follows
// changes. The painter records what it is asked to paint; nothing else is stood in for.
import { afterEach, describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import type { Match } from '@/utils/engine/types';
import type { Paint, Painter } from '@/utils/page/highlight-painter';
import { PageScanner, type Occurrence } from '@/utils/page/page-scanner';

const matcher = compileMatcher(BUILTIN_RULES);

function recordingPainter() {
  const painted = new Map<Range, Paint>();
  const painter: Painter = {
    supported: true,
    add: (paint, range) => void painted.set(range, paint),
    remove: (paint, range) => {
      expect(painted.get(range)).toBe(paint);
      painted.delete(range);
    },
    setShowPartner: () => {},
    clear: () => painted.clear(),
    dispose: () => painted.clear(),
  };
  return { painter, painted };
}

function setup(html: string, isHidden?: (m: Match, container: Element) => boolean) {
  document.body.innerHTML = html;
  const { painter, painted } = recordingPainter();
  let changes = 0;
  const scanner = new PageScanner({
    matcher,
    painter,
    yieldToPage: () => new Promise((r) => setTimeout(r, 0)),
    now: () => performance.now(),
    isHidden,
    onChange: () => changes++,
  });
  return { scanner, painted, changes: () => changes };
}

const texts = (occs: Iterable<Occurrence>) => [...occs].map((o) => o.match.text);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PageScanner', () => {
  it('finds phrases across inline elements, block by block, in document order', async () => {
    const { scanner } = setup(
      '<h2>Our internal suppliers</h2><p>Every internal <em>customer</em> matters.</p><ul><li>internal clients</li></ul>',
    );
    await scanner.scanAll(document.body);
    expect(texts(scanner.ordered())).toEqual(['internal suppliers', 'internal customer', 'internal clients']);
    expect(scanner.size).toBe(3);
    expect(scanner.settled).toBe(true);
    // The range covers the phrase across the <em>.
    expect(scanner.ordered()[1]!.range.toString()).toBe('internal customer');
  });

  it.each([
    ['a flagged use', 'flag', '<p>an internal customer</p>'],
    ['a quoted mention', 'soft', '<p>the phrase “internal customer” is dated</p>'],
    ['a hint', 'soft', '<p>because the customer is king</p>'],
    ['partner language', 'partner', '<p>our service partners</p>'],
  ] as const)('paints %s as %s', async (_label, paint, html) => {
    const { scanner, painted } = setup(html);
    await scanner.scanAll(document.body);
    const [occ] = scanner.ordered();
    expect(occ?.paint).toBe(paint);
    expect([...painted.values()]).toEqual([paint]);
    expect(painted.get(occ!.range)).toBe(paint);
  });

  it('never reads text the page asked us to ignore, nor scripts and styles', async () => {
    const { scanner } = setup(
      '<p data-partner-lens="ignore">internal customers</p><script>var a = "internal clients";</script><style>/* internal vendors */</style><p>internal suppliers</p>',
    );
    await scanner.scanAll(document.body);
    expect(texts(scanner.ordered())).toEqual(['internal suppliers']);
  });

  it('leaves out what the caller hides, per block container', async () => {
    const { scanner } = setup('<p id="a">internal customers</p><p id="b">internal customers</p>', (_m, container) => container.id === 'a');
    await scanner.scanAll(document.body);
    expect(scanner.ordered().map((o) => o.container.id)).toEqual(['b']);
  });

  it('answers which phrase holds a point in the text', async () => {
    const { scanner } = setup('<p>Ask the internal customer today.</p>');
    await scanner.scanAll(document.body);
    const text = document.querySelector('p')!.firstChild!;
    const inside = 'Ask the internal'.length;
    expect(scanner.at(text, inside)?.match.text).toBe('internal customer');
    expect(scanner.at(text, 1)).toBeUndefined();
  });

  it('rescans only what was marked dirty, and forgets what left the page', async () => {
    const { scanner, painted } = setup('<p id="a">internal customers</p><p id="b">internal clients</p>');
    await scanner.scanAll(document.body);
    const gone = scanner.ordered()[1]!;
    document.getElementById('b')!.remove();
    expect(scanner.pruneDetached()).toBe(true);
    expect(texts(scanner.ordered())).toEqual(['internal customers']);
    expect(painted.has(gone.range)).toBe(false);
    document.getElementById('a')!.firstChild!.textContent = 'internal suppliers and internal vendors';
    scanner.markDirty(document.getElementById('a')!.firstChild!);
    expect(scanner.settled).toBe(false);
    await scanner.flush();
    expect(scanner.settled).toBe(true);
    expect(texts(scanner.ordered())).toEqual(['internal suppliers', 'internal vendors']);
    expect(painted.size).toBe(2);
  });

  it('drops one occurrence and unpaints it, telling the caller', async () => {
    const { scanner, painted, changes } = setup('<p>internal customers and internal clients</p>');
    await scanner.scanAll(document.body);
    const before = changes();
    const [first] = scanner.ordered();
    scanner.drop(first!);
    expect(texts(scanner.ordered())).toEqual(['internal clients']);
    expect(painted.has(first!.range)).toBe(false);
    expect(changes()).toBe(before + 1);
    // Dropping it again changes nothing.
    scanner.drop(first!);
    expect(changes()).toBe(before + 1);
  });

  it('clears everything it painted', async () => {
    const { scanner, painted } = setup('<p>internal customers</p><p>internal clients</p>');
    await scanner.scanAll(document.body);
    expect(painted.size).toBe(2);
    scanner.clear();
    expect(scanner.size).toBe(0);
    expect(painted.size).toBe(0);
  });

  it('reads open shadow roots and reports each one once', async () => {
    document.body.innerHTML = '<div id="host"></div><p>internal clients</p>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<p>internal customers</p>';
    const { painter } = recordingPainter();
    const roots: ShadowRoot[] = [];
    const scanner = new PageScanner({
      matcher,
      painter,
      yieldToPage: () => Promise.resolve(),
      now: () => performance.now(),
      onShadowRoot: (r) => roots.push(r),
    });
    await scanner.scanAll(document.body);
    await scanner.scanAll(document.body);
    expect(texts(scanner.ordered()).sort()).toEqual(['internal clients', 'internal customers']);
    expect(roots).toEqual([root]);
  });
});
