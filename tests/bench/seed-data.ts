// Figures for the popup benchmark: `days` × `sites` × every built-in rule, as an export file the
// `import` message accepts (400 × 50 × 8 = 160,000 daily rows in `npm run bench`).
import { BUILTIN_RULES } from '@/utils/engine/rules';

export function seedData(days: number, sites: number): { data: string; rows: number } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const today = new Date();
  const daily: unknown[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(today.getFullYear(), today.getMonth(), today.getDate() - d);
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    for (let s = 0; s < sites; s++) {
      BUILTIN_RULES.forEach(({ id, level }, i) => {
        daily.push({
          day,
          hostname: `site${s}.example`,
          rule: id,
          level,
          seen: (d + s + i) % 7,
          quoted: i % 2,
          fixed: s % 3,
          dismissed: (d + i) % 2,
        });
      });
    }
  }
  const doc = { format: 'partner-lens-export', version: 1, exportedAt: today.toISOString(), daily };
  return { data: JSON.stringify(doc), rows: daily.length };
}
