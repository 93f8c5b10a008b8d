// The locale file and the code agree: every key the UI asks for is there (with words for the
// translator), nothing in the file is dead, and each message expects as many substitutions as
// its callers pass. A string added to a component without its entry fails here, not in front of a user.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { t, tSplit, type MessageKey } from '@/utils/i18n/i18n';

const ROOT = resolve(import.meta.dirname, '../..');
const LOCALE_PATH = join(ROOT, 'public/_locales/en/messages.json');

interface LocaleEntry {
  message?: unknown;
  description?: unknown;
  placeholders?: Record<string, { content?: unknown }>;
}
type Locale = Record<string, LocaleEntry>;

interface Call {
  file: string;
  key: string | null;
  /** How many substitutions the call passes; null when it cannot be told from the source. */
  substitutions: number | null;
}

/**
 * Splits the argument list that starts at `open` (the index of a `(` or `[`) into top-level
 * arguments. Strings and template literals are skipped whole, so commas and brackets inside them
 * do not count.
 */
function splitArguments(source: string, open: number): string[] {
  const closeOf: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [closeOf[source[open]!]!];
  const args: string[] = [];
  let start = open + 1;
  let i = open + 1;
  while (i < source.length && stack.length > 0) {
    const c = source[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') i++;
        else if (c === '`' && source[i] === '$' && source[i + 1] === '{') {
          // A substitution inside a template: skip to its matching brace.
          let depth = 1;
          i += 2;
          while (i < source.length && depth > 0) {
            if (source[i] === '{') depth++;
            else if (source[i] === '}') depth--;
            if (depth > 0) i++;
          }
        }
        i++;
      }
    } else if (c in closeOf) stack.push(closeOf[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) args.push(source.slice(start, i));
    } else if (c === ',' && stack.length === 1) {
      args.push(source.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  return args.map((a) => a.trim()).filter((a) => a !== '');
}

/** Every `t(…)` and `tSplit(…)` call in a source text. */
export function callsIn(file: string, source: string): Call[] {
  const calls: Call[] = [];
  for (const m of source.matchAll(/\b(t|tSplit)\(/g)) {
    const args = splitArguments(source, m.index + m[0].length - 1);
    const literal = /^'([^'\\]*)'$/.exec(args[0] ?? '');
    let substitutions: number | null;
    if (m[1] === 'tSplit') substitutions = 1;
    else if (args.length < 2) substitutions = 0;
    else if (args[1]!.startsWith('[')) {
      const items = splitArguments(args[1]!, 0);
      substitutions = items.some((x) => x.startsWith('...')) ? null : items.length;
    } else substitutions = 1;
    calls.push({ file, key: literal ? literal[1]! : null, substitutions });
  }
  return calls;
}

/** The substitutions a message reads: $1… in its text or in its placeholders' content. */
export function substitutionsOf(entry: LocaleEntry): number[] {
  const texts = [String(entry.message ?? ''), ...Object.values(entry.placeholders ?? {}).map((p) => String(p.content ?? ''))];
  const found = new Set<number>();
  for (const text of texts) for (const m of text.replace(/\$\$/g, '').matchAll(/\$([1-9])/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/** What is wrong between the calls and the locale file, one line per problem. */
export function problems(calls: Call[], locale: Locale, manifestKeys: string[]): string[] {
  const out: string[] = [];
  const used = new Set<string>(manifestKeys);
  for (const call of calls) {
    if (call.key === null) {
      out.push(`${call.file}: a key that is not a string literal (this test could not check it)`);
      continue;
    }
    used.add(call.key);
    const entry = locale[call.key];
    if (!entry) {
      out.push(`${call.file}: "${call.key}" is missing from messages.json`);
      continue;
    }
    const expected = substitutionsOf(entry).length;
    if (call.substitutions === null) out.push(`${call.file}: "${call.key}" gets substitutions spread from an array; list them`);
    else if (call.substitutions !== expected) {
      out.push(`${call.file}: "${call.key}" is given ${call.substitutions} substitution(s), its message reads ${expected}`);
    }
  }
  for (const key of manifestKeys) if (!locale[key]) out.push(`manifest: __MSG_${key}__ is missing from messages.json`);
  for (const [key, entry] of Object.entries(locale)) {
    if (typeof entry.message !== 'string' || entry.message.trim() === '') out.push(`"${key}" has no message`);
    if (typeof entry.description !== 'string' || entry.description.trim() === '') out.push(`"${key}" has no description`);
    if (!used.has(key)) out.push(`"${key}" is not used anywhere`);
    const numbers = substitutionsOf(entry);
    if (numbers.some((n, i) => n !== i + 1)) out.push(`"${key}" skips a substitution: ${numbers.map((n) => `$${n}`).join(' ')}`);
    const named = new Set([...String(entry.message ?? '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()));
    const defined = new Set(Object.keys(entry.placeholders ?? {}).map((k) => k.toLowerCase()));
    for (const name of named) if (!defined.has(name)) out.push(`"${key}" uses $${name.toUpperCase()}$ without a placeholder`);
    for (const name of defined) if (!named.has(name)) out.push(`"${key}" defines placeholder ${name} but its message does not use it`);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return htmlFiles(path);
    return d.name.endsWith('.html') ? [path] : [];
  });
}

const locale = JSON.parse(readFileSync(LOCALE_PATH, 'utf8')) as Locale;

function projectCalls(): Call[] {
  return ['entrypoints', 'components', 'utils']
    .flatMap((dir) => sourceFiles(join(ROOT, dir)))
    .filter((path) => !path.endsWith(join('utils', 'i18n', 'i18n.ts')))
    .flatMap((path) => {
      const source = readFileSync(path, 'utf8');
      // Only modules that import the helper call it: elsewhere `t` may be any local name.
      return /from '@\/utils\/i18n\/i18n'/.test(source) ? callsIn(relative(ROOT, path), source) : [];
    });
}

async function manifests(): Promise<Record<string, unknown>[]> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function of the target');
  const envs = [
    { browser: 'chrome', manifestVersion: 3 },
    { browser: 'firefox', manifestVersion: 2 },
  ].map((e) => ({ ...e, mode: 'production', command: 'build' }) as Parameters<typeof manifest>[0]);
  return Promise.all(envs.map(async (env) => (await manifest(env)) as Record<string, unknown>));
}

async function manifestKeys(): Promise<string[]> {
  const texts = [
    ...(await manifests()).map((m) => JSON.stringify(m)),
    ...htmlFiles(join(ROOT, 'entrypoints')).map((path) => readFileSync(path, 'utf8')),
  ];
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/__MSG_(\w+?)__/g)].map((m) => m[1]!)))];
}

describe('the locale file and the code', () => {
  it('has every key the code and the manifest use, each with a message and a description, none unused, substitutions matching', async () => {
    const calls = projectCalls();
    expect(calls.length).toBeGreaterThan(100);
    expect(problems(calls, locale, await manifestKeys())).toEqual([]);
  });

  it('the manifest speaks through the locale file', async () => {
    for (const m of await manifests()) {
      expect(m.default_locale).toBe('en');
      expect(m.name).toBe('__MSG_extName__');
      expect(m.description).toBe('__MSG_extDescription__');
      const commands = m.commands as Record<string, { description: string }>;
      for (const command of Object.values(commands)) expect(command.description).toMatch(/^__MSG_\w+__$/);
    }
    expect(await manifestKeys()).toContain('actionTitle');
    // The stores' limits: a longer name or description is refused at upload.
    expect(String(locale.extName?.message).length).toBeLessThanOrEqual(75);
    expect(String(locale.extDescription?.message).length).toBeLessThanOrEqual(132);
  });

  it('the built manifests point at messages that exist, and the locale file ships with them', () => {
    for (const out of ['.output/chrome-mv3', '.output/firefox-mv2']) {
      const path = join(ROOT, out, 'manifest.json');
      if (!existsSync(path)) continue;
      const text = readFileSync(path, 'utf8');
      const refs = [...text.matchAll(/__MSG_(\w+?)__/g)];
      for (const m of refs) expect(locale, `${out}: ${m[0]}`).toHaveProperty(m[1]!);
      // (An output built before the manifest was localised has no references and needs no file.)
      if (refs.length > 0) expect(existsSync(join(ROOT, out, '_locales/en/messages.json'))).toBe(true);
    }
  });

  it('keeps the messages out of the content script and the content app', () => {
    for (const file of ['content-loader.js', 'content-app.js']) {
      const path = join(ROOT, '.output/chrome-mv3', file);
      if (!existsSync(path)) continue;
      const bundle = readFileSync(path, 'utf8');
      expect(bundle, file).not.toContain(String(locale.resetConfirmText?.message));
      expect(bundle, file).not.toContain(String(locale.cardFixAll?.description));
    }
  });
});

describe('the checker itself', () => {
  const small: Locale = {
    hello: { message: 'Hello $NAME$', description: 'Greeting.', placeholders: { name: { content: '$1' } } },
    bye: { message: 'Bye', description: 'Farewell.' },
  };

  it('reports a key missing from the file', () => {
    const calls = callsIn('x.tsx', "t('hello', name); t('bye'); t('missing')");
    expect(problems(calls, small, [])).toEqual(['x.tsx: "missing" is missing from messages.json']);
  });

  it('reports an unused key, a key that is not a literal, and a manifest reference without a message', () => {
    const calls = callsIn('x.tsx', "t('hello', [a]); t(key)");
    expect(problems(calls, small, ['gone'])).toEqual([
      'x.tsx: a key that is not a string literal (this test could not check it)',
      'manifest: __MSG_gone__ is missing from messages.json',
      '"bye" is not used anywhere',
    ]);
  });

  it('counts substitutions, past commas and brackets inside strings and templates', () => {
    const calls = callsIn(
      'x.tsx',
      "t('a'); t('b', x); t('c', [f(1, 2), `${g(3, [4])}, `, 'd, e']); t('d', cond ? 'x, y' : z); tSplit('e'); t('f', [...xs])",
    );
    expect(calls.map((c) => [c.key, c.substitutions])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 3],
      ['d', 1],
      ['e', 1],
      ['f', null],
    ]);
  });

  it('reports substitutions that do not match the placeholders', () => {
    const calls = callsIn('x.tsx', "t('hello'); t('bye', [a, b])");
    expect(problems(calls, small, [])).toEqual([
      'x.tsx: "hello" is given 0 substitution(s), its message reads 1',
      'x.tsx: "bye" is given 2 substitution(s), its message reads 0',
    ]);
  });

  it('reports an entry without description, a named placeholder without definition, and a skipped $n', () => {
    const broken: Locale = {
      a: { message: 'A $X$', description: '' },
      b: { message: '$2', description: 'B.' },
    };
    expect(problems(callsIn('x.tsx', "t('a'); t('b', [p, q])"), broken, [])).toEqual([
      'x.tsx: "b" is given 2 substitution(s), its message reads 1',
      '"a" has no description',
      '"a" uses $X$ without a placeholder',
      '"b" skips a substitution: $2',
    ]);
  });
});

describe('t()', () => {
  const getMessage = fakeBrowser.i18n.getMessage;
  afterEach(() => {
    fakeBrowser.i18n.getMessage = getMessage;
  });

  it('answers from the locale file, with named placeholders filled in order', () => {
    expect(t('importedFigures', ['f.json', '3', '2', '1'])).toBe('Imported f.json: 3 rows added, 2 already here, 1 skipped.');
    expect(t('siteModeLabel', 'wiki.example.com')).toBe('Partner Lens on wiki.example.com');
    // A "$1" typed by the user is text, not a second round of substitution.
    expect(t('cardReplaceWith', 'costs $1')).toBe('Replace with “costs $1”');
  });

  it('shows the key rather than nothing when the message is missing or the API fails', () => {
    fakeBrowser.i18n.getMessage = (() => '') as typeof getMessage;
    expect(t('cardDismiss')).toBe('cardDismiss');
    fakeBrowser.i18n.getMessage = (() => {
      throw new Error('Extension context invalidated.');
    }) as typeof getMessage;
    expect(t('cardDismiss')).toBe('cardDismiss');
    expect(t('nonsense' as MessageKey)).toBe('nonsense');
  });

  it('splits a message around its one substitution, for markup', () => {
    expect(tSplit('siteSwitchLabel')).toEqual(['Highlight on ', '']);
    expect(tSplit('popupCountSoft')).toEqual(['', ' second look or quoted']);
  });
});
