// The layout as a test: every import in the source is read (typescript's own pre-processor, no
// type checking) and checked against the layers, the import style and the size limit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SCANNED = ['utils', 'components', 'entrypoints', 'scripts'];
const MAX_LINES = 400;
/** Files allowed over MAX_LINES for now, each with the issue that cuts it. */
const KNOWN_LONG: Record<string, string> = {};

const ENGINE = ['utils/engine', 'utils/i18n'];
const PAGE = [...ENGINE, 'utils/page'];
const CARD = [...PAGE, 'utils/card'];
const EDITORS = [...CARD, 'utils/editors'];
/**
 * What each folder may import besides itself. The page side: i18n, engine ← page ← card ←
 * editors ← content ← entrypoints. The data side: engine ← protocol ← data ← background. The
 * content script speaks the protocol; the data layer never words text (no i18n).
 */
export const ALLOWED: Record<string, readonly string[] | 'any'> = {
  'utils/i18n': [],
  'utils/engine': ['utils/i18n'],
  'utils/page': ENGINE,
  'utils/card': PAGE,
  'utils/editors': CARD,
  'utils/content': [...EDITORS, 'utils/protocol'],
  'utils/protocol': ['utils/engine'],
  'utils/data': ['utils/engine', 'utils/protocol'],
  'utils/background': ['utils/engine', 'utils/i18n', 'utils/protocol', 'utils/data', 'utils/audit'],
  // The wiki audit's pure logic: its stored summary's shape is the protocol's.
  'utils/audit': ['utils/engine', 'utils/protocol'],
  components: [...PAGE, 'utils/protocol'],
  entrypoints: 'any',
  scripts: 'any',
};

/** The layer a file belongs to: `utils/<folder>` (its subfolders included) or the top folder. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'utils' ? parts.slice(0, 2).join('/') : parts[0]!;
}

export interface Finding {
  kind: 'circle' | 'direction' | 'style' | 'size' | 'unresolved';
  file: string;
  detail: string;
}

/** A project file an import names, or null for a package (or a non-code asset). */
function resolveImport(from: string, spec: string, exists: (file: string) => boolean): string | null | undefined {
  let base: string;
  const bare = spec.replace(/\?.*$/, '');
  if (bare.startsWith('@/')) base = bare.slice(2);
  else if (bare.startsWith('.')) base = join(dirname(from), bare).split('\\').join('/');
  else return null;
  if (/\.(css|html|json|svg|png)$/.test(base)) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (/\.tsx?$/.test(candidate) && exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Checks a set of source files (path relative to the root → text); `exists` answers for files
 * outside the set (a script may import a test helper).
 */
export function checkLayout(files: ReadonlyMap<string, string>, exists: (file: string) => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const lines = source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES && !(file in KNOWN_LONG)) {
      findings.push({ kind: 'size', file, detail: `${lines} lines (at most ${MAX_LINES})` });
    }
    const edges: string[] = [];
    const info = ts.preProcessFile(source, true, true);
    for (const { fileName: spec } of info.importedFiles) {
      const target = resolveImport(file, spec, (f) => files.has(f) || exists(f));
      if (target === null) continue;
      if (target === undefined) {
        findings.push({ kind: 'unresolved', file, detail: spec });
        continue;
      }
      edges.push(target);
      const sameFolder = dirname(target) === dirname(file);
      if (spec.startsWith('.') && !sameFolder) {
        findings.push({ kind: 'style', file, detail: `${spec}: another folder is imported as @/…` });
      } else if (spec.startsWith('@/') && sameFolder) {
        findings.push({ kind: 'style', file, detail: `${spec}: the same folder is imported as ./…` });
      }
      const from = layerOf(file);
      const to = layerOf(target);
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        findings.push({ kind: 'direction', file, detail: `folder ${from} has no place in the layers (add it to ALLOWED)` });
      } else if (from !== to && allowed !== 'any' && !allowed.includes(to)) {
        findings.push({ kind: 'direction', file, detail: `${from} may not import ${to} (${target})` });
      }
    }
    graph.set(file, edges);
  }
  for (const circle of findCircles(graph)) {
    findings.push({ kind: 'circle', file: circle[0]!, detail: [...circle, circle[0]].join(' → ') });
  }
  return findings;
}

/** Every strongly connected group of files (Tarjan), each as one circle through its files. */
export function findCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.includes(v)) circles.push(pathThrough(graph, new Set(group), v));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return circles;
}

/** One circle inside a strongly connected group, from `start` back to it (breadth-first). */
function pathThrough(graph: ReadonlyMap<string, readonly string[]>, group: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const path = `${dir}/${d.name}`;
    if (d.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

const show = (findings: Finding[]) => findings.map((f) => `${f.kind}: ${f.file}: ${f.detail}`);

describe('code layout', () => {
  const files = new Map(SCANNED.flatMap(sourceFiles).map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const));

  it('reads a few hundred source files, the content app among them', () => {
    expect(files.has('utils/content/content-app.ts')).toBe(true);
    expect(files.size).toBeGreaterThan(50);
  });

  it('has no import circle, no import against the layers, one import style and no file over 400 lines', () => {
    expect(show(checkLayout(files, (f) => existsSync(join(ROOT, f))))).toEqual([]);
  });

  it('keeps each known long file listed only while it is long', () => {
    for (const file of Object.keys(KNOWN_LONG)) {
      const text = files.get(file);
      if (text !== undefined) expect(text.split('\n').length, file).toBeGreaterThan(MAX_LINES);
    }
  });
});

describe('the layout check itself', () => {
  const file = (imports: string[], lines = 1) => imports.map((s) => `import { x } from '${s}';`).join('\n') + '\n'.repeat(lines);
  const cases: [string, Record<string, string>, string[]][] = [
    ['a clean tree', { 'utils/page/a.ts': file(['./b', '@/utils/engine/c']), 'utils/page/b.ts': file([]), 'utils/engine/c.ts': file(['preact']) }, []],
    [
      'a circle of three files',
      { 'utils/data/a.ts': file(['./b']), 'utils/data/b.ts': file(['./c']), 'utils/data/c.ts': file(['./a']) },
      ['circle: utils/data/a.ts: utils/data/a.ts → utils/data/b.ts → utils/data/c.ts → utils/data/a.ts'],
    ],
    [
      'a type-only circle',
      { 'utils/editors/a.ts': file(['./b']), 'utils/editors/b.ts': "import type { A } from './a';\n" },
      ['circle: utils/editors/a.ts: utils/editors/a.ts → utils/editors/b.ts → utils/editors/a.ts'],
    ],
    [
      'the engine reaching up into the page',
      { 'utils/engine/a.ts': file(['@/utils/page/b']), 'utils/page/b.ts': file([]) },
      ['direction: utils/engine/a.ts: utils/engine may not import utils/page (utils/page/b.ts)'],
    ],
    [
      'the data layer wording text',
      { 'utils/data/a.ts': file(['@/utils/i18n/i18n']), 'utils/i18n/i18n.ts': file([]) },
      ['direction: utils/data/a.ts: utils/data may not import utils/i18n (utils/i18n/i18n.ts)'],
    ],
    [
      'a component reading the database',
      { 'components/A.tsx': file(['@/utils/data/db']), 'utils/data/db.ts': file([]) },
      ['direction: components/A.tsx: components may not import utils/data (utils/data/db.ts)'],
    ],
    [
      'a relative import into another folder, an alias into the same one',
      { 'utils/card/a.ts': file(['../page/b', '@/utils/card/c']), 'utils/page/b.ts': file([]), 'utils/card/c.ts': file([]) },
      [
        'style: utils/card/a.ts: ../page/b: another folder is imported as @/…',
        'style: utils/card/a.ts: @/utils/card/c: the same folder is imported as ./…',
      ],
    ],
    ['a file too long', { 'utils/page/long.ts': file([], 401) }, ['size: utils/page/long.ts: 401 lines (at most 400)']],
    ['an import of a file that is not there', { 'utils/page/a.ts': file(['./gone']) }, ['unresolved: utils/page/a.ts: ./gone']],
    ['a new folder nobody placed', { 'utils/new/a.ts': file(['./b']), 'utils/new/b.ts': file([]) }, ['direction: utils/new/a.ts: folder utils/new has no place in the layers (add it to ALLOWED)']],
  ];
  it.each(cases)('%s', (_name, tree, expected) => {
    expect(show(checkLayout(new Map(Object.entries(tree))))).toEqual(expected);
  });
});
