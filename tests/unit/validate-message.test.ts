import { describe, expect, it } from 'vitest';
import { checkShape, senderRole, validateMessage, type SenderLike } from '@/utils/background/validate-message';

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

describe('checkShape', () => {
  const types = ['report', 'get-prefs', 'ignore-phrase', 'get-stats', 'get-site', 'set-site', 'remove-site', 'get-settings', 'set-settings', 'export', 'import', 'clear-worklist', 'reset', 'get-diagnostics', 'list-sites', 'get-site-mode'];
  it.each(types)('knows %s', (type) => {
    const r = checkShape({ type });
    expect(r.ok ? '' : r.reason).not.toMatch(/unknown message type/);
  });
});
