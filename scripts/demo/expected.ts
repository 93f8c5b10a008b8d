// What each demo page shows with the built-in rules and default preferences: the highlight
// ranges under each name. `npm start -- --headless` checks its counts against this table, and
// tests/e2e/start.spec.ts checks what npm start prints against it. Pages in visiting order.
export interface DemoCounts {
  flag: number;
  soft: number;
  partner: number;
}

export const DEMO_EXPECTED: Record<string, DemoCounts> = {
  'index.html': { flag: 1, soft: 1, partner: 0 },
  'team-wiki.html': { flag: 8, soft: 2, partner: 0 },
  'service-catalogue.html': { flag: 9, soft: 0, partner: 0 },
  'hr-handbook.html': { flag: 7, soft: 9, partner: 0 },
  'edit.html': { flag: 2, soft: 1, partner: 0 },
};
