// The background's gate. A content script shares its page with scripts we do not control, so
// anything it sends is checked for shape and size, and it may only send what a content script
// needs; everything that reads or changes the user's data comes only from extension pages.
// Pure: the extension's origin is a parameter.
import type { ContentMessage, ExtensionPageMessage, RuntimeMessage } from '@/utils/protocol/messages';
import type { Settings } from '@/utils/protocol/model';

export const MESSAGE_LIMITS = {
  url: 8192,
  title: 1000,
  id: 256,
  ruleId: 128,
  tallies: 500,
  events: 1000,
  count: 1_000_000,
  phrase: 300,
  hostname: 253,
  ignored: 1000,
  days: 3660,
  importChars: 50_000_000,
  customRules: 500,
  disabledRules: 500,
} as const;

/** The part of `runtime.MessageSender` the gate looks at. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderRole = 'content' | 'extension';

export type ValidatedMessage =
  | { ok: true; role: 'content'; message: ContentMessage; tabId: number | undefined; hostname: string }
  | { ok: true; role: 'extension'; message: ExtensionPageMessage }
  | { ok: false; reason: string };

type Check<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number, allowEmpty = false): v is string =>
  typeof v === 'string' && v.length <= max && (allowEmpty || v.length > 0);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MESSAGE_LIMITS.count;
const level = (v: unknown) => v === 'flag' || v === 'hint' || v === 'partner';
const HOSTNAME_RE = /^[a-z0-9.:[\]_-]+$/i;
const hostname = (v: unknown): v is string => str(v, MESSAGE_LIMITS.hostname) && HOSTNAME_RE.test(v);
const siteMode = (v: unknown) => v === 'highlight' || v === 'off';

function httpish(v: unknown): v is string {
  if (!str(v, MESSAGE_LIMITS.url)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** Only the listed keys; an extra key is refused so a typo cannot pass silently. */
function onlyKeys(m: Record<string, unknown>, allowed: string[]): string | null {
  for (const k of Object.keys(m)) if (!allowed.includes(k)) return `unexpected field ${k}`;
  return null;
}

function checkReport(m: Record<string, unknown>): Check<ContentMessage> {
  const extra = onlyKeys(m, ['type', 'viewId', 'url', 'title', 'tallies', 'flaggedNow', 'events']);
  if (extra) return fail(extra);
  if (!str(m.viewId, MESSAGE_LIMITS.id)) return fail('viewId must be a short string');
  if (!httpish(m.url)) return fail('url must be a URL');
  if (!str(m.title, MESSAGE_LIMITS.title, true)) return fail('title must be a string of at most 1000 characters');
  if (!count(m.flaggedNow)) return fail('flaggedNow must be a count');
  if (!Array.isArray(m.tallies) || m.tallies.length > MESSAGE_LIMITS.tallies) return fail('tallies must be a short array');
  const rules = new Set<string>();
  for (const t of m.tallies) {
    if (!isObj(t) || onlyKeys(t, ['rule', 'level', 'seen', 'quoted'])) return fail('tally has the wrong shape');
    if (!str(t.rule, MESSAGE_LIMITS.ruleId) || !level(t.level) || !count(t.seen) || !count(t.quoted)) return fail('tally has bad fields');
    if (t.rule.startsWith('#')) return fail('reserved rule id');
    if (rules.has(t.rule)) return fail(`rule ${t.rule} tallied twice`);
    rules.add(t.rule);
  }
  if (!Array.isArray(m.events) || m.events.length > MESSAGE_LIMITS.events) return fail('events must be a short array');
  for (const e of m.events) {
    if (!isObj(e) || onlyKeys(e, ['id', 'kind', 'rule'])) return fail('event has the wrong shape');
    if (!str(e.id, MESSAGE_LIMITS.id) || (e.kind !== 'fixed' && e.kind !== 'dismissed') || !str(e.rule, MESSAGE_LIMITS.ruleId)) {
      return fail('event has bad fields');
    }
    if (e.rule.startsWith('#')) return fail('reserved rule id');
  }
  return { ok: true, value: m as unknown as ContentMessage };
}

function checkSettingsPatch(v: unknown): string | null {
  if (!isObj(v)) return 'settings must be an object';
  const extra = onlyKeys(v, ['defaultMode', 'showPartner', 'worklist', 'retentionDays', 'customRules', 'disabledRules']);
  if (extra) return extra;
  const s = v as Partial<Record<keyof Settings, unknown>>;
  if (s.defaultMode !== undefined && s.defaultMode !== 'everywhere' && s.defaultMode !== 'listed') return 'bad defaultMode';
  if (s.showPartner !== undefined && typeof s.showPartner !== 'boolean') return 'bad showPartner';
  if (s.worklist !== undefined && typeof s.worklist !== 'boolean') return 'bad worklist';
  if (s.retentionDays !== undefined && !(count(s.retentionDays) && s.retentionDays >= 1 && s.retentionDays <= MESSAGE_LIMITS.days)) {
    return 'bad retentionDays';
  }
  // Each rule's content is checked by the rule validator in prefs.ts; here only the envelope.
  if (s.customRules !== undefined && (!Array.isArray(s.customRules) || s.customRules.length > MESSAGE_LIMITS.customRules || !s.customRules.every(isObj))) {
    return 'bad customRules';
  }
  if (s.disabledRules !== undefined && (!Array.isArray(s.disabledRules) || s.disabledRules.length > MESSAGE_LIMITS.disabledRules || !s.disabledRules.every((r) => str(r, MESSAGE_LIMITS.ruleId)))) {
    return 'bad disabledRules';
  }
  return null;
}

/** Shape only, for every message type; unknown types are refused. */
export function checkShape(input: unknown): Check<RuntimeMessage> {
  if (!isObj(input)) return fail('message is not an object');
  const m = input;
  const ok = (keys: string[], problem: string | null = null): Check<RuntimeMessage> => {
    const extra = onlyKeys(m, ['type', ...keys]);
    if (extra) return fail(extra);
    return problem ? fail(problem) : { ok: true, value: m as unknown as RuntimeMessage };
  };
  switch (m.type) {
    case 'report':
      return checkReport(m);
    case 'get-prefs':
      return ok(['url'], httpish(m.url) ? null : 'url must be a URL');
    case 'ignore-phrase':
      return ok(['phrase'], str(m.phrase, MESSAGE_LIMITS.phrase) ? null : 'phrase must be a short string');
    case 'get-stats':
      return ok(['days'], count(m.days) && m.days >= 1 && m.days <= MESSAGE_LIMITS.days ? null : 'days out of range');
    case 'get-site':
    case 'get-site-mode':
    case 'remove-site':
      return ok(['hostname'], hostname(m.hostname) ? null : 'bad hostname');
    case 'set-site': {
      let problem: string | null = null;
      if (!hostname(m.hostname)) problem = 'bad hostname';
      else if (m.mode !== undefined && !siteMode(m.mode)) problem = 'bad mode';
      else if (m.showPartner !== undefined && typeof m.showPartner !== 'boolean') problem = 'bad showPartner';
      else if (
        m.ignored !== undefined &&
        (!Array.isArray(m.ignored) || m.ignored.length > MESSAGE_LIMITS.ignored || !m.ignored.every((p) => str(p, MESSAGE_LIMITS.phrase)))
      ) {
        problem = 'bad ignored list';
      }
      return ok(['hostname', 'mode', 'showPartner', 'ignored'], problem);
    }
    case 'get-settings':
    case 'clear-worklist':
    case 'reset':
    case 'get-diagnostics':
    case 'list-sites':
    case 'get-audit':
    case 'remove-audit':
      return ok([]);
    case 'set-settings':
      return ok(['settings'], checkSettingsPatch(m.settings));
    case 'export':
      return ok(
        ['format', 'includeWorklist'],
        (m.format === 'json' || m.format === 'csv') && typeof m.includeWorklist === 'boolean' ? null : 'bad export request',
      );
    case 'import':
    case 'import-audit':
      return ok(['data'], str(m.data, MESSAGE_LIMITS.importChars) ? null : 'import data must be a string under 50 MB');
    default:
      return fail(`unknown message type ${JSON.stringify(String(m.type)).slice(0, 60)}`);
  }
}

const CONTENT_TYPES = new Set<string>(['report', 'get-prefs', 'ignore-phrase']);

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** 'extension' for our own pages, 'content' for a content script in a tab, null otherwise. */
export function senderRole(sender: SenderLike, extensionOrigin: string, extensionId?: string): SenderRole | null {
  if (extensionId !== undefined && sender.id !== undefined && sender.id !== extensionId) return null;
  if (sender.url?.startsWith(extensionOrigin)) return 'extension';
  if (sender.tab) return 'content';
  return null;
}

/**
 * Shape and sender together. `extensionOrigin` is `browser.runtime.getURL('/')`. A content script
 * may only speak for the page it runs in: its report and prefs request must name its own
 * hostname, and "ignore" applies to that hostname (returned as `hostname`).
 */
export function validateMessage(
  input: unknown,
  sender: SenderLike,
  extensionOrigin: string,
  extensionId?: string,
): ValidatedMessage {
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const message = shape.value;
  const role = senderRole(sender, extensionOrigin, extensionId);
  if (role === null) return fail(`${message.type} from an unknown sender`);
  if (role === 'extension') {
    if (CONTENT_TYPES.has(message.type)) return fail(`${message.type} is only for content scripts`);
    return { ok: true, role, message: message as ExtensionPageMessage };
  }
  if (!CONTENT_TYPES.has(message.type)) return fail(`content script may not send ${message.type}`);
  const own = hostOf(sender.url ?? sender.tab?.url);
  if (own === null) return fail('content script sender has no URL');
  const msg = message as ContentMessage;
  if ((msg.type === 'report' || msg.type === 'get-prefs') && hostOf(msg.url) !== own) {
    return fail(`${msg.type} names another site than the sender's`);
  }
  return { ok: true, role, message: msg, tabId: sender.tab?.id, hostname: own };
}
