// The built-in language rules (RULES.md) and the set that is active for a user.
import type { Rule } from './types';

export const BUILTIN_RULES: Rule[] = [
  {
    id: 'internal-customer-service',
    level: 'flag',
    variants: ['internal customer service'],
    suggestion: 'internal service partnership',
    alternatives: ['service to our internal partners'],
    reason: 'Teams inside one company serve each other as partners; neither side is the other\u2019s customer.',
    source: 'builtin',
  },
  {
    id: 'customer-supplier-relationship',
    level: 'flag',
    variants: ['internal customer-supplier relationship', 'customer-supplier relationship'],
    suggestion: 'service partnership',
    alternatives: ['partnership'],
    reason: 'A buyer-and-seller picture between colleagues puts one team above the other; call it a partnership.',
    source: 'builtin',
  },
  {
    id: 'internal-customer',
    level: 'flag',
    variants: ['internal customer'],
    suggestion: 'internal service partner',
    alternatives: ['service partner', 'partner team'],
    reason: 'Nobody inside the organisation is a customer: both teams create value for each other, and for the paying customer.',
    source: 'builtin',
  },
  {
    id: 'internal-client',
    level: 'flag',
    variants: ['internal client'],
    suggestion: 'internal service partner',
    alternatives: ['service partner'],
    reason: 'Calling a colleague a client casts your team as the one that only serves; partners act for each other.',
    source: 'builtin',
  },
  {
    id: 'internal-supplier',
    level: 'flag',
    variants: ['internal supplier', 'internal vendor'],
    suggestion: 'internal service partner',
    alternatives: ['service partner'],
    reason: 'A team is not a vendor to its colleagues; both sides bring ideas and effort as partners.',
    source: 'builtin',
  },
  {
    id: 'customer-is-king',
    level: 'hint',
    variants: ['the customer is king', 'the customer is always king'],
    suggestion: 'the external customer comes first, and we serve them together',
    alternatives: [],
    reason: 'Inside the company this starts arguments about who gets served first; the one to put first is the paying customer.',
    source: 'builtin',
  },
  {
    id: 'i-am-the-customer',
    level: 'hint',
    variants: [
      "I'm the customer",
      'I am the customer',
      'I am your customer',
      "we're your customer",
      'we are your customer',
      'you are our customer',
      "you're our customer",
    ],
    suggestion: "we're service partners",
    alternatives: [],
    reason: 'Claiming the customer\u2019s seat makes the other team a servant; say what you will do for each other instead.',
    source: 'builtin',
  },
  {
    id: 'partner-language',
    level: 'partner',
    // The longer forms make "internal service partners" one partner phrase rather than a
    // partner phrase with a stray "internal" in front of it.
    variants: ['internal service partner', 'service partner', 'internal service partnership', 'service partnership'],
    alternatives: [],
    reason: 'Partner language: both sides take action to create value for each other.',
    source: 'builtin',
  },
];

/**
 * The rules to run: the built-ins that are not switched off, then the custom rules (user and
 * organisation) in the order given. A custom rule with the id of a built-in replaces it.
 */
export function activeRules(opts: { disabled?: string[]; custom?: Rule[] } = {}): Rule[] {
  const disabled = new Set(opts.disabled ?? []);
  const custom = (opts.custom ?? []).filter((rule) => !disabled.has(rule.id));
  const customIds = new Set(custom.map((rule) => rule.id));
  const builtins = BUILTIN_RULES.filter((rule) => !disabled.has(rule.id) && !customIds.has(rule.id));
  return [...builtins, ...custom];
}
