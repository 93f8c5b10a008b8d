// Organisation policy from managed storage. Chrome filters it through public/managed_schema.json,
// but Firefox (the `3rdparty` enterprise policy) applies no schema at all, and a Windows registry
// policy arrives as strings and numbers: so every value is checked here, whatever the browser.
// What does not fit is dropped with a logged reason and never stops the rest of the policy.
import { LIMITS, normalizeHostname, type ManagedPolicy, type ManagedSource } from './prefs';
import { validateRule } from '@/utils/engine/regex-check';
import type { SiteMode } from '@/utils/protocol/model';
import type { Rule } from '@/utils/engine/types';

export type PolicyLog = (line: string) => void;

export const POLICY_LIMITS = {
  /** Each rule runs on every page; a pattern rule also costs a timed check when the policy loads. */
  rules: 200,
  disabledRules: 100,
  sites: 2000,
  hostname: 253,
  ruleId: 64,
} as const;

/** The keys an administrator may set; anything else is reported as unknown. */
export const POLICY_KEYS = ['rules', 'disabledRules', 'sites', 'defaultMode', 'worklist', 'showPartner', 'retentionDays'] as const;
const RULE_KEYS = new Set(['id', 'level', 'variants', 'pattern', 'suggestion', 'alternatives', 'reason']);
const SITE_MODES: readonly SiteMode[] = ['highlight', 'off'];
const DEFAULT_MODES = ['everywhere', 'listed'] as const;
const ID_RE = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/**
 * Windows registry policies hold lists and objects as JSON text (Chrome decodes them by the
 * schema, Firefox does not), so a string that decodes to the expected shape is accepted.
 */
function decoded(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** A registry DWORD is 0 or 1 where JSON has false or true. */
function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  return undefined;
}

/** The hostname as `new URL(...).hostname` gives it (lower case, punycode), or null if it is not one. */
export function policyHostname(input: string): string | null {
  const host = normalizeHostname(input);
  if (host === '' || host.length > POLICY_LIMITS.hostname || /[\s/\\:@?#*]/.test(host)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
  return HOSTNAME_RE.test(ascii) ? ascii : null;
}

function parseRules(value: unknown, log: PolicyLog): Rule[] | undefined {
  const list = decoded(value);
  if (!Array.isArray(list)) {
    log(`policy "rules" ignored: expected a list of rules, got ${describe(value)}`);
    return undefined;
  }
  if (list.length > POLICY_LIMITS.rules) {
    log(`policy "rules": ${list.length} rules given, only the first ${POLICY_LIMITS.rules} are used`);
  }
  const rules: Rule[] = [];
  const ids = new Set<string>();
  list.slice(0, POLICY_LIMITS.rules).forEach((input, i) => {
    const where = `policy "rules" item ${i + 1}`;
    if (isRecord(input)) {
      const unknown = Object.keys(input).filter((k) => !RULE_KEYS.has(k));
      if (unknown.length) log(`${where}: unknown keys ignored: ${unknown.join(', ')}`);
    }
    // `source` is ours to set: a policy cannot pass its rules off as the user's or built in.
    const candidate = isRecord(input) ? Object.fromEntries(Object.entries(input).filter(([k]) => RULE_KEYS.has(k))) : input;
    const check = validateRule(candidate);
    if (!check.ok) {
      log(`${where} refused: ${check.reason}`);
      return;
    }
    if (ids.has(check.rule.id)) {
      log(`${where} refused: the id "${check.rule.id}" is used by an earlier rule`);
      return;
    }
    ids.add(check.rule.id);
    rules.push({ ...check.rule, source: 'org' });
  });
  return rules;
}

function parseDisabled(value: unknown, log: PolicyLog): string[] | undefined {
  const list = decoded(value);
  if (!Array.isArray(list)) {
    log(`policy "disabledRules" ignored: expected a list of rule ids, got ${describe(value)}`);
    return undefined;
  }
  if (list.length > POLICY_LIMITS.disabledRules) {
    log(`policy "disabledRules": ${list.length} ids given, only the first ${POLICY_LIMITS.disabledRules} are used`);
  }
  const ids: string[] = [];
  for (const id of list.slice(0, POLICY_LIMITS.disabledRules)) {
    if (typeof id === 'string' && ID_RE.test(id)) {
      if (!ids.includes(id)) ids.push(id);
    } else {
      log(`policy "disabledRules": ${describe(id)} is not a rule id, ignored`);
    }
  }
  return ids;
}

function parseSites(value: unknown, log: PolicyLog): Record<string, SiteMode> | undefined {
  const map = decoded(value);
  if (!isRecord(map)) {
    log(`policy "sites" ignored: expected an object of hostname → "highlight" | "off", got ${describe(value)}`);
    return undefined;
  }
  const entries = Object.entries(map);
  if (entries.length > POLICY_LIMITS.sites) {
    log(`policy "sites": ${entries.length} sites given, only the first ${POLICY_LIMITS.sites} are used`);
  }
  const sites: Record<string, SiteMode> = {};
  for (const [key, mode] of entries.slice(0, POLICY_LIMITS.sites)) {
    const host = policyHostname(key);
    if (!host) {
      log(`policy "sites": "${key.slice(0, 80)}" is not a hostname (give it without scheme, port, path or wildcard), ignored`);
    } else if (typeof mode !== 'string' || !SITE_MODES.includes(mode as SiteMode)) {
      log(`policy "sites": the mode for ${host} must be "highlight" or "off", got ${describe(mode)}, ignored`);
    } else {
      sites[host] = mode as SiteMode;
    }
  }
  return sites;
}

/**
 * Checks a managed-storage object and keeps what fits. Pure apart from `log`; never throws.
 * Anything absent or refused leaves the user's own choice in place.
 */
export function parsePolicy(raw: unknown, log: PolicyLog = () => {}): ManagedPolicy {
  const policy: ManagedPolicy = {};
  if (raw === undefined || raw === null) return policy;
  if (!isRecord(raw)) {
    log(`policy ignored: expected an object, got ${describe(raw)}`);
    return policy;
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'rules': {
        const rules = parseRules(value, log);
        if (rules) policy.customRules = rules;
        break;
      }
      case 'disabledRules': {
        const ids = parseDisabled(value, log);
        if (ids) policy.disabledRules = ids;
        break;
      }
      case 'sites': {
        const sites = parseSites(value, log);
        if (sites) policy.sites = sites;
        break;
      }
      case 'defaultMode':
        if (DEFAULT_MODES.includes(value as (typeof DEFAULT_MODES)[number])) policy.defaultMode = value as ManagedPolicy['defaultMode'];
        else log(`policy "defaultMode" ignored: expected "everywhere" or "listed", got ${describe(value)}`);
        break;
      case 'worklist':
      case 'showPartner': {
        const flag = asBoolean(value);
        if (flag !== undefined) policy[key] = flag;
        else log(`policy "${key}" ignored: expected true or false, got ${describe(value)}`);
        break;
      }
      case 'retentionDays':
        if (typeof value === 'number' && Number.isInteger(value) && value >= LIMITS.retentionMin && value <= LIMITS.retentionMax) {
          policy.retentionDays = value;
        } else {
          log(`policy "retentionDays" ignored: expected a whole number of days from ${LIMITS.retentionMin} to ${LIMITS.retentionMax}, got ${describe(value)}`);
        }
        break;
      default:
        log(`policy key "${key.slice(0, 80)}" is unknown and ignored (known keys: ${POLICY_KEYS.join(', ')})`);
    }
  }
  return policy;
}

/** The slice of the WebExtension API the policy reader needs. */
export interface ManagedStorageBrowser {
  storage?: {
    managed?: { get(keys?: null): Promise<Record<string, unknown>> };
    onChanged?: { addListener(listener: (changes: Record<string, unknown>, areaName: string) => void): void };
  };
}

export interface ManagedPolicyWatch {
  /** For `createPrefs({ managed })`: the last policy read, checked once per change, not per call. */
  source: ManagedSource;
  /** Reads managed storage again (done automatically when the browser reports a change). */
  reload(): Promise<ManagedPolicy | undefined>;
}

/**
 * Reads the policy now and again whenever managed storage changes, then calls `onChange` so the
 * caller can tell open tabs. Register it synchronously at start-up: a service worker woken by
 * the change must find the listener.
 */
export function watchManagedPolicy(
  browser: ManagedStorageBrowser,
  options: { log?: PolicyLog; onChange?: () => void } = {},
): ManagedPolicyWatch {
  const log = options.log ?? ((line: string) => console.warn(`[partner-lens] ${line}`));
  const read = async (): Promise<ManagedPolicy | undefined> => {
    const managed = browser.storage?.managed;
    if (!managed) return undefined;
    let raw: Record<string, unknown>;
    try {
      raw = await managed.get(null);
    } catch {
      // Firefox rejects when no policy names this add-on, and some browsers lack managed storage:
      // both simply mean "no organisation policy".
      return undefined;
    }
    const policy = parsePolicy(raw, log);
    return Object.keys(policy).length ? policy : undefined;
  };
  let current = read();
  browser.storage?.onChanged?.addListener((_changes, areaName) => {
    if (areaName !== 'managed') return;
    current = read();
    void current.then(() => options.onChange?.());
  });
  return {
    source: () => current,
    reload: () => (current = read()),
  };
}
