// `npm run rules:plan`: writes utils/engine/builtin-plan.json, the built-in rules planned for the
// matcher (anchors, grouped regex sources), so that a page view does not plan them afresh.
// tests/unit/builtin-plan.test.ts fails when the file and the rules (or the planning code) disagree.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { english } from '@/utils/engine/lang/english';
import { planAll } from '@/utils/engine/phrase-groups';
import { BUILTIN_RULES } from '@/utils/engine/rules';

export const BUILTIN_PLAN_FILE = join(resolve(import.meta.dirname, '..'), 'utils/engine/builtin-plan.json');

export function builtinPlanJson(): string {
  return `${JSON.stringify(planAll(BUILTIN_RULES, english), null, 1)}\n`;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(BUILTIN_PLAN_FILE, builtinPlanJson());
  console.log(`wrote ${BUILTIN_PLAN_FILE}`);
}
