import { describe, expect, it } from 'vitest';
import { checkShape, senderRole, validateMessage, type SenderLike } from '@/utils/background/validate-message';
import type { RuntimeMessage } from '@/utils/protocol/messages';

const ORIGIN = 'chrome-extension://abcdef/';
const content: SenderLike = { id: 'abcdef', url: 'https://wiki.example/team', tab: { id: 4, url: 'https://wiki.example/team' }, frameId: 0 };
const popup: SenderLike = { id: 'abcdef', url: `${ORIGIN}popup.html` };
const optionsInTab: SenderLike = { id: 'abcdef', url: `${ORIGIN}options.html`, tab: { id: 9, url: `${ORIGIN}options.html` } };

const report = {
  type: 'report',
  viewId: 'v1',
  url: 'https://wiki.example/team',
  title: 'Team',
  tallies: [{ rule: 'internal-customer', level: 'flag', seen: 2, quoted: 0 }],
  flaggedNow: 2,
  events: [{ id: 'e1', kind: 'fixed', rule: 'internal-customer' }],
};

describe('sender roles', () => {
  it.each([
    ['content script', content, 'content'],
    ['popup', popup, 'extension'],
    ['options page in a tab', optionsInTab, 'extension'],
    ['no tab, foreign url', { url: 'https://evil.example/' }, null],
    ['another extension', { ...popup, id: 'other' }, null],
  ] as const)('%s → %s', (_label, sender, role) => {
    expect(senderRole(sender, ORIGIN, 'abcdef')).toBe(role);
  });
});

describe('accepted', () => {
  it.each([
    ['report', report, content],
    ['report with empty title and no events', { ...report, title: '', events: [], tallies: [] }, content],
    ['get-prefs', { type: 'get-prefs', url: 'https://wiki.example/other' }, content],
    ['ignore-phrase', { type: 'ignore-phrase', phrase: 'internal customers' }, content],
    ['get-stats', { type: 'get-stats', days: 30 }, popup],
    ['set-site', { type: 'set-site', hostname: 'wiki.example', mode: 'off' }, popup],
    ['set-settings', { type: 'set-settings', settings: { defaultMode: 'listed', retentionDays: 30 } }, optionsInTab],
    ['export', { type: 'export', format: 'csv', includeWorklist: false }, popup],
    ['import', { type: 'import', data: '{}' }, optionsInTab],
    ['reset', { type: 'reset' }, popup],
    ['get-diagnostics', { type: 'get-diagnostics' }, popup],
  ])('%s', (_label, message, sender) => {
    const v = validateMessage(message, sender, ORIGIN, 'abcdef');
    expect(v).toMatchObject({ ok: true, message });
  });

  it('gives the content script its own hostname for ignore-phrase', () => {
    const v = validateMessage({ type: 'ignore-phrase', phrase: 'x' }, content, ORIGIN);
    expect(v).toMatchObject({ ok: true, role: 'content', hostname: 'wiki.example', tabId: 4 });
  });
});

describe('forged or malformed messages are refused with a reason', () => {
  it.each([
    ['content script sets settings', { type: 'set-settings', settings: { worklist: false } }, content, /content script may not send set-settings/],
    ['content script resets', { type: 'reset' }, content, /may not send reset/],
    ['content script sets another site', { type: 'set-site', hostname: 'other.example', mode: 'off' }, content, /may not send set-site/],
    ['content script exports', { type: 'export', format: 'json', includeWorklist: true }, content, /may not send export/],
    ['content script reads stats', { type: 'get-stats', days: 7 }, content, /may not send get-stats/],
    ['report for another site', { ...report, url: 'https://other.example/' }, content, /another site/],
    ['prefs for another site', { type: 'get-prefs', url: 'https://other.example/' }, content, /another site/],
    ['page-like sender without a tab', { type: 'get-prefs', url: 'https://wiki.example/' }, { url: 'https://wiki.example/' }, /unknown sender/],
    ['popup sends a report', report, popup, /only for content scripts/],
    ['unknown type', { type: 'drop-tables' }, popup, /unknown message type/],
    ['not an object', 'reset', popup, /not an object/],
    ['null', null, popup, /not an object/],
    ['extra field', { type: 'reset', everything: true }, popup, /unexpected field/],
    ['days as string', { type: 'get-stats', days: '30' }, popup, /days/],
    ['negative count', { ...report, flaggedNow: -1 }, content, /flaggedNow/],
    ['fractional count', { ...report, tallies: [{ rule: 'r', level: 'flag', seen: 1.5, quoted: 0 }] }, content, /tally/],
    ['bad level', { ...report, tallies: [{ rule: 'r', level: 'shout', seen: 1, quoted: 0 }] }, content, /tally/],
    ['rule tallied twice', { ...report, tallies: [report.tallies[0], report.tallies[0]] }, content, /twice/],
    ['reserved rule id', { ...report, tallies: [{ rule: '#pages', level: 'flag', seen: 1, quoted: 0 }] }, content, /reserved/],
    ['too many tallies', { ...report, tallies: Array.from({ length: 501 }, (_, i) => ({ rule: `r${i}`, level: 'flag', seen: 1, quoted: 0 })) }, content, /tallies/],
    ['too many events', { ...report, events: Array.from({ length: 1001 }, (_, i) => ({ id: `e${i}`, kind: 'fixed', rule: 'r' })) }, content, /events/],
    ['oversized title', { ...report, title: 'x'.repeat(1001) }, content, /title/],
    ['oversized phrase', { type: 'ignore-phrase', phrase: 'x'.repeat(301) }, content, /phrase/],
    ['bad event kind', { ...report, events: [{ id: 'e', kind: 'liked', rule: 'r' }] }, content, /event/],
    ['url not a URL', { ...report, url: 'not a url' }, content, /url/],
    ['bad hostname', { type: 'set-site', hostname: 'a b', mode: 'off' }, popup, /hostname/],
    ['bad mode', { type: 'set-site', hostname: 'a.example', mode: 'always' }, popup, /mode/],
    ['settings with unknown key', { type: 'set-settings', settings: { admin: true } }, popup, /unexpected field admin/],
    ['retention out of range', { type: 'set-settings', settings: { retentionDays: 0 } }, popup, /retentionDays/],
    ['another extension', { type: 'reset' }, { ...popup, id: 'evil' }, /unknown sender/],
  ])('%s', (_label, message, sender, reason) => {
    const v = validateMessage(message, sender as SenderLike, ORIGIN, 'abcdef');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(reason);
  });
});

/** Per message type: one well-formed message, and malformed ones that must be refused with a reason. */
type ShapeCase<T extends RuntimeMessage['type']> = { valid: Extract<RuntimeMessage, { type: T }>; malformed: [string, unknown, RegExp][] };
const SHAPES: { [T in RuntimeMessage['type']]: ShapeCase<T> } = {
  report: {
    valid: report as Extract<RuntimeMessage, { type: 'report' }>,
    malformed: [
      ['no viewId', { ...report, viewId: undefined }, /viewId/],
      ['viewId too long', { ...report, viewId: 'v'.repeat(257) }, /viewId/],
      ['title not a string', { ...report, title: 7 }, /title/],
      ['tallies not an array', { ...report, tallies: {} }, /tallies/],
      ['tally not an object', { ...report, tallies: ['internal-customer'] }, /tally/],
      ['tally with an extra field', { ...report, tallies: [{ ...report.tallies[0], fixed: 1 }] }, /tally/],
      ['tally without quoted', { ...report, tallies: [{ rule: 'r', level: 'flag', seen: 1 }] }, /tally/],
      ['events missing', { ...report, events: undefined }, /events/],
      ['event without id', { ...report, events: [{ kind: 'fixed', rule: 'r' }] }, /event/],
      ['event on a reserved rule', { ...report, events: [{ id: 'e', kind: 'fixed', rule: '#pages' }] }, /reserved/],
      ['flaggedNow as string', { ...report, flaggedNow: '2' }, /flaggedNow/],
    ],
  },
  'get-prefs': {
    valid: { type: 'get-prefs', url: 'https://wiki.example/' },
    malformed: [
      ['no url', { type: 'get-prefs' }, /url/],
      ['url not a URL', { type: 'get-prefs', url: 'wiki' }, /url/],
      ['extra field', { type: 'get-prefs', url: 'https://wiki.example/', tab: 1 }, /unexpected field tab/],
    ],
  },
  'ignore-phrase': {
    valid: { type: 'ignore-phrase', phrase: 'internal customers' },
    malformed: [
      ['empty phrase', { type: 'ignore-phrase', phrase: '' }, /phrase/],
      ['phrase as array', { type: 'ignore-phrase', phrase: ['internal customers'] }, /phrase/],
      ['hostname smuggled in', { type: 'ignore-phrase', phrase: 'x', hostname: 'other.example' }, /unexpected field hostname/],
    ],
  },
  'get-stats': {
    valid: { type: 'get-stats', days: 30 },
    malformed: [
      ['no days', { type: 'get-stats' }, /days/],
      ['zero days', { type: 'get-stats', days: 0 }, /days/],
      ['too many days', { type: 'get-stats', days: 3661 }, /days/],
      ['fractional days', { type: 'get-stats', days: 1.5 }, /days/],
    ],
  },
  'get-site': {
    valid: { type: 'get-site', hostname: 'wiki.example' },
    malformed: [
      ['no hostname', { type: 'get-site' }, /hostname/],
      ['hostname with a path', { type: 'get-site', hostname: 'wiki.example/x' }, /hostname/],
    ],
  },
  'set-site': {
    valid: { type: 'set-site', hostname: 'wiki.example', mode: 'off', showPartner: true, ignored: ['internal customers'] },
    malformed: [
      ['no hostname', { type: 'set-site', mode: 'off' }, /hostname/],
      ['showPartner as string', { type: 'set-site', hostname: 'a.example', showPartner: 'yes' }, /showPartner/],
      ['ignored not a list', { type: 'set-site', hostname: 'a.example', ignored: 'x' }, /ignored/],
      ['ignored with a number', { type: 'set-site', hostname: 'a.example', ignored: ['x', 3] }, /ignored/],
      ['ignored phrase too long', { type: 'set-site', hostname: 'a.example', ignored: ['x'.repeat(301)] }, /ignored/],
    ],
  },
  'remove-site': {
    valid: { type: 'remove-site', hostname: 'wiki.example' },
    malformed: [['hostname with a space', { type: 'remove-site', hostname: 'wiki example' }, /hostname/]],
  },
  'get-settings': { valid: { type: 'get-settings' }, malformed: [['extra field', { type: 'get-settings', all: true }, /unexpected field all/]] },
  'set-settings': {
    valid: { type: 'set-settings', settings: { worklist: false, disabledRules: ['internal-client'] } },
    malformed: [
      ['no settings', { type: 'set-settings' }, /settings must be an object/],
      ['settings as array', { type: 'set-settings', settings: [] }, /settings must be an object/],
      ['bad defaultMode', { type: 'set-settings', settings: { defaultMode: 'never' } }, /defaultMode/],
      ['worklist as number', { type: 'set-settings', settings: { worklist: 1 } }, /worklist/],
      ['customRules not objects', { type: 'set-settings', settings: { customRules: ['internal'] } }, /customRules/],
      ['disabledRules not strings', { type: 'set-settings', settings: { disabledRules: [1] } }, /disabledRules/],
    ],
  },
  export: {
    valid: { type: 'export', format: 'json', includeWorklist: true },
    malformed: [
      ['bad format', { type: 'export', format: 'xml', includeWorklist: false }, /export request/],
      ['includeWorklist missing', { type: 'export', format: 'csv' }, /export request/],
    ],
  },
  import: {
    valid: { type: 'import', data: '{"format":"partner-lens-export"}' },
    malformed: [
      ['data as object', { type: 'import', data: { daily: [] } }, /import data/],
      ['no data', { type: 'import' }, /import data/],
    ],
  },
  'clear-worklist': { valid: { type: 'clear-worklist' }, malformed: [['extra field', { type: 'clear-worklist', url: 'x' }, /unexpected field url/]] },
  reset: { valid: { type: 'reset' }, malformed: [['extra field', { type: 'reset', hard: true }, /unexpected field hard/]] },
  'get-diagnostics': { valid: { type: 'get-diagnostics' }, malformed: [['extra field', { type: 'get-diagnostics', x: 1 }, /unexpected field x/]] },
  'list-sites': { valid: { type: 'list-sites' }, malformed: [['extra field', { type: 'list-sites', mode: 'off' }, /unexpected field mode/]] },
  'import-audit': {
    valid: { type: 'import-audit', data: '{"audit":{}}' },
    malformed: [
      ['data as object', { type: 'import-audit', data: { files: [] } }, /import data/],
      ['no data', { type: 'import-audit' }, /import data/],
    ],
  },
  'get-audit': { valid: { type: 'get-audit' }, malformed: [['extra field', { type: 'get-audit', key: 'x' }, /unexpected field key/]] },
  'remove-audit': { valid: { type: 'remove-audit' }, malformed: [['extra field', { type: 'remove-audit', all: true }, /unexpected field all/]] },
  'get-site-mode': {
    valid: { type: 'get-site-mode', hostname: 'wiki.example' },
    malformed: [['hostname as number', { type: 'get-site-mode', hostname: 42 }, /hostname/]],
  },
};

describe('checkShape', () => {
  const valid = Object.values(SHAPES).map((c) => [c.valid.type, c.valid] as const);
  it.each(valid)('accepts a well-formed %s as it is', (_type, message) => {
    expect(checkShape(message)).toEqual({ ok: true, value: message });
  });

  const malformed = Object.entries(SHAPES).flatMap(([type, c]) => c.malformed.map(([label, message, reason]) => [`${type}: ${label}`, message, reason] as const));
  it.each(malformed)('refuses %s', (_label, message, reason) => {
    const r = checkShape(message);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
