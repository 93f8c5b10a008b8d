import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@/utils/data/memory-store';
import { parsePolicy, policyHostname, POLICY_LIMITS, watchManagedPolicy, type ManagedStorageBrowser } from '@/utils/data/policy';
import { createPrefs } from '@/utils/data/prefs';

const orgRule = {
  id: 'shared-services-desk',
  level: 'flag',
  variants: ['shared services desk'],
  suggestion: 'partner services desk',
  alternatives: ['service partner desk'],
  reason: 'Our desk works with the teams it serves as partners.',
} as const;

function parse(raw: unknown) {
  const lines: string[] = [];
  const policy = parsePolicy(raw, (line) => lines.push(line));
  return { policy, lines };
}

describe('parsePolicy: values that fit', () => {
  it('keeps every known key', () => {
    const { policy, lines } = parse({
      rules: [orgRule, { id: 'rx', level: 'hint', pattern: 'service\\s+(?:desk|counter)s?', reason: 'A pattern rule.' }],
      disabledRules: ['internal-client', 'customer-is-king'],
      sites: { 'Wiki.Example.org.': 'highlight', 'hr.example.org': 'off' },
      defaultMode: 'listed',
      worklist: false,
      showPartner: true,
      retentionDays: 90,
    });
    expect(lines).toEqual([]);
    expect(policy).toEqual({
      customRules: [
        { ...orgRule, source: 'org' },
        { id: 'rx', level: 'hint', pattern: 'service\\s+(?:desk|counter)s?', reason: 'A pattern rule.', alternatives: [], source: 'org' },
      ],
      disabledRules: ['internal-client', 'customer-is-king'],
      sites: { 'wiki.example.org': 'highlight', 'hr.example.org': 'off' },
      defaultMode: 'listed',
      worklist: false,
      showPartner: true,
      retentionDays: 90,
    });
  });

  it.each([undefined, null, {}])('%j is no policy, silently', (raw) => {
    expect(parse(raw)).toEqual({ policy: {}, lines: [] });
  });

  it('accepts the shapes a Windows registry policy arrives in (JSON text, DWORD 0/1)', () => {
    const { policy, lines } = parse({
      rules: JSON.stringify([orgRule]),
      sites: '{"wiki.example.org":"off"}',
      disabledRules: '["internal-client"]',
      worklist: 0,
      showPartner: 1,
    });
    expect(lines).toEqual([]);
    expect(policy.customRules?.map((r) => r.id)).toEqual(['shared-services-desk']);
    expect(policy).toMatchObject({ sites: { 'wiki.example.org': 'off' }, disabledRules: ['internal-client'], worklist: false, showPartner: true });
  });

  it('marks organisation rules as such, whatever the policy claims', () => {
    const { policy, lines } = parse({ rules: [{ ...orgRule, source: 'builtin' }] });
    expect(policy.customRules?.[0]?.source).toBe('org');
    expect(lines).toEqual(['policy "rules" item 1: unknown keys ignored: source']);
  });
});

describe('parsePolicy: what does not fit is ignored and logged', () => {
  it.each([
    [{ defaultMode: 'always' }, /"defaultMode" ignored: expected "everywhere" or "listed", got the text "always"/],
    [{ worklist: 'false' }, /"worklist" ignored: expected true or false/],
    [{ showPartner: 2 }, /"showPartner" ignored/],
    [{ retentionDays: 0 }, /"retentionDays" ignored/],
    [{ retentionDays: 30.5 }, /"retentionDays" ignored/],
    [{ retentionDays: '30' }, /"retentionDays" ignored/],
    [{ rules: { id: 'x' } }, /"rules" ignored: expected a list of rules, got an object/],
    [{ rules: '[not json' }, /"rules" ignored: expected a list/],
    [{ sites: ['wiki.example.org'] }, /"sites" ignored: expected an object/],
    [{ disabledRules: 'internal-client' }, /"disabledRules" ignored/],
    ['policy', /policy ignored: expected an object/],
    [[1, 2], /policy ignored: expected an object, got a list/],
  ])('%j', (raw, reason) => {
    const { policy, lines } = parse(raw);
    expect(policy).toEqual({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
  });

  it('ignores unknown keys and keeps the rest', () => {
    const { policy, lines } = parse({ defaultMode: 'listed', defaultmode: 'everywhere', installForce: true });
    expect(policy).toEqual({ defaultMode: 'listed' });
    expect(lines).toEqual([
      expect.stringMatching(/key "defaultmode" is unknown and ignored \(known keys: rules, disabledRules, sites/),
      expect.stringMatching(/key "installForce" is unknown/),
    ]);
  });

  it('drops bad site entries one by one', () => {
    const { policy, lines } = parse({
      sites: {
        'wiki.example.org': 'off',
        'https://hr.example.org/': 'off',
        '*.example.org': 'highlight',
        'ok.example.org': 'on',
        'bücher.example': 'highlight',
        [`${'a'.repeat(63)}.`.repeat(5)]: 'off',
      },
    });
    expect(policy.sites).toEqual({ 'wiki.example.org': 'off', 'xn--bcher-kva.example': 'highlight' });
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/the mode for ok.example.org must be "highlight" or "off", got the text "on"/);
  });

  it('drops bad rule ids from disabledRules', () => {
    const { policy, lines } = parse({ disabledRules: ['internal-client', 7, '', 'x'.repeat(65), 'internal-client'] });
    expect(policy.disabledRules).toEqual(['internal-client']);
    expect(lines).toHaveLength(3);
  });

  it('refuses rules of the wrong shape or with over-long text, and duplicate ids, one by one', () => {
    const { policy, lines } = parse({
      rules: [
        orgRule,
        'shared services desk',
        { ...orgRule, id: 'no-level', level: 'warning' },
        { ...orgRule, id: 'long-reason', reason: 'x'.repeat(301) },
        { ...orgRule, id: 'long-variant', variants: ['y'.repeat(101)] },
        { ...orgRule, id: 'no-phrase', variants: undefined },
        { ...orgRule, suggestion: 'a second rule with the same id' },
      ],
    });
    expect(policy.customRules?.map((r) => r.id)).toEqual(['shared-services-desk']);
    expect(lines).toEqual([
      expect.stringMatching(/item 2 refused: A rule must be an object/),
      expect.stringMatching(/item 3 refused: Rule "no-level": level must be/),
      expect.stringMatching(/item 4 refused: Rule "long-reason": reason must be one line of text \(at most 300/),
      expect.stringMatching(/item 5 refused: Rule "long-variant": each variant must be a phrase of at most 100/),
      expect.stringMatching(/item 6 refused: Rule "no-phrase": it needs phrase variants or a pattern/),
      expect.stringMatching(/item 7 refused: the id "shared-services-desk" is used by an earlier rule/),
    ]);
  });

  it(`caps an oversized rule list at ${POLICY_LIMITS.rules} rules`, () => {
    const rules = Array.from({ length: POLICY_LIMITS.rules + 50 }, (_, i) => ({ ...orgRule, id: `rule-${i}`, variants: [`phrase number ${i}`] }));
    const { policy, lines } = parse({ rules });
    expect(policy.customRules).toHaveLength(POLICY_LIMITS.rules);
    expect(policy.customRules?.at(-1)?.id).toBe(`rule-${POLICY_LIMITS.rules - 1}`);
    expect(lines).toEqual([`policy "rules": ${POLICY_LIMITS.rules + 50} rules given, only the first ${POLICY_LIMITS.rules} are used`]);
  });

  it('refuses a catastrophic regular expression in an organisation rule, saying why', () => {
    const { policy, lines } = parse({
      rules: [{ id: 'slow', level: 'flag', pattern: '(a+)+$', reason: 'Backtracks without end.' }, orgRule],
    });
    expect(policy.customRules?.map((r) => r.id)).toEqual(['shared-services-desk']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^policy "rules" item 1 refused: Rule "slow": The pattern is too slow: .+ could freeze pages|grows much faster/);
  });

  it('refuses a regular expression that is invalid or matches the empty string', () => {
    const { lines } = parse({
      rules: [
        { id: 'bad', level: 'flag', pattern: '(unclosed', reason: 'r' },
        { id: 'empty', level: 'flag', pattern: '(?:desk)?', reason: 'r' },
      ],
    });
    expect(lines[0]).toMatch(/Rule "bad": The pattern is not a valid regular expression/);
    expect(lines[1]).toMatch(/Rule "empty": The pattern can match an empty string/);
  });
});

describe('policyHostname', () => {
  it.each([
    ['WIKI.example.org.', 'wiki.example.org'],
    ['127.0.0.1', '127.0.0.1'],
    ['intranet', 'intranet'],
    ['wiki.example.org:8080', null],
    ['-bad-.example', null],
    ['', null],
  ])('%s → %s', (input, out) => expect(policyHostname(input)).toBe(out));
});

/** Managed storage as the browsers behave: Chrome returns {}, Firefox throws without a policy. */
function managedBrowser(initial: Record<string, unknown> | Error | undefined) {
  let value = initial;
  let listener: ((changes: Record<string, unknown>, area: string) => void) | undefined;
  const browser: ManagedStorageBrowser = {
    storage: {
      managed:
        value === undefined
          ? undefined
          : {
              get: async () => {
                if (value instanceof Error) throw value;
                return structuredClone(value ?? {});
              },
            },
      onChanged: { addListener: (l) => void (listener = l) },
    },
  };
  return {
    browser,
    set(next: Record<string, unknown>) {
      value = next;
    },
    fire(area: string) {
      listener?.({}, area);
    },
  };
}

describe('watchManagedPolicy', () => {
  it.each([
    ['no managed storage API', undefined],
    ['managed storage that throws (Firefox without a policy)', new Error('Managed storage manifest not found')],
    ['an empty policy', {}],
  ])('%s → no policy', async (_name, initial) => {
    const { browser } = managedBrowser(initial);
    expect(await watchManagedPolicy(browser, { log: () => {} }).source()).toBeUndefined();
  });

  it('re-reads on a change to the managed area only, then reports it', async () => {
    const fake = managedBrowser({ defaultMode: 'listed' });
    let changes = 0;
    const watch = watchManagedPolicy(fake.browser, { log: () => {}, onChange: () => changes++ });
    expect(await watch.source()).toEqual({ defaultMode: 'listed' });
    fake.set({ defaultMode: 'everywhere', showPartner: true });
    fake.fire('local');
    expect(await watch.source()).toEqual({ defaultMode: 'listed' });
    fake.fire('managed');
    expect(await watch.source()).toEqual({ defaultMode: 'everywhere', showPartner: true });
    await Promise.resolve();
    expect(changes).toBe(1);
  });

  it('feeds prefs: managed values win and are locked, organisation rules come first', async () => {
    const lines: string[] = [];
    const fake = managedBrowser({
      rules: [orgRule],
      sites: { 'wiki.example.org': 'highlight', 'hr.example.org': 'off' },
      defaultMode: 'listed',
      worklist: false,
      showPartner: true,
      disabledRules: ['internal-client'],
      colour: 'blue',
    });
    const watch = watchManagedPolicy(fake.browser, { log: (l) => lines.push(l) });
    const prefs = createPrefs(createMemoryStore(), { managed: watch.source });
    await prefs.setSettings({ defaultMode: 'everywhere', worklist: true, customRules: [{ ...orgRule, id: 'mine', variants: ['our customers'], alternatives: [...orgRule.alternatives] }] });
    await prefs.setSite('hr.example.org', { mode: 'highlight' });

    const settings = await prefs.getSettings();
    expect(settings).toMatchObject({ defaultMode: 'listed', worklist: false, showPartner: true, disabledRules: ['internal-client'] });
    expect([...settings.locked].sort()).toEqual(['defaultMode', 'disabledRules', 'showPartner', 'worklist']);
    expect(settings.customRules.map((r) => [r.id, r.source])).toEqual([['shared-services-desk', 'org'], ['mine', 'user']]);

    expect((await prefs.getEffectivePrefs('wiki.example.org')).mode).toBe('highlight');
    const hr = await prefs.getEffectivePrefs('hr.example.org');
    expect(hr.mode).toBe('off');
    expect(hr.locked).toContain('mode');
    // Not listed by the organisation, and the organisation's default is "listed".
    expect((await prefs.getEffectivePrefs('elsewhere.example.org')).mode).toBe('off');
    expect(lines).toEqual([expect.stringMatching(/key "colour" is unknown/)]);
  });
});
