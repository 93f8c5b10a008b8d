// Shared by the card spec and the review pictures: open the card on a phrase of a page or of a
// form field as a user would (hover, click), measure it, and a year of figures for the popup.
import { sleep, type E2EPage as Page } from './harness';

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
  width: number;
  height: number;
}

export interface CardBox extends Box {
  anchorTop: number;
  anchorBottom: number;
}

/** Runs in the page: the box of the highlighted phrase `text` (first one). */
function textPhraseBox([text, names]: [string, string[]]): Box | null {
  const registry = (CSS as unknown as { highlights: Map<string, Set<AbstractRange>> }).highlights;
  for (const name of names) {
    for (const r of registry.get(name) ?? []) {
      if (r instanceof Range && r.toString() === text) {
        const b = r.getClientRects()[0]!;
        return { top: b.top, left: b.left, bottom: b.bottom, right: b.right, width: b.width, height: b.height };
      }
    }
  }
  return null;
}

/** Runs in the page: the box of the underline of `text` drawn over the field `selector`. */
function fieldPhraseBox([selector, text]: [string, string]): Box | null {
  const field = document.querySelector(selector)?.getBoundingClientRect();
  const root = document.querySelector('partner-lens-ui')?.shadowRoot;
  if (!field) return null;
  for (const mark of root?.querySelectorAll('.mark') ?? []) {
    const b = mark.getClientRects()[0];
    if (mark.textContent !== text || !b) continue;
    if (b.top >= field.top && b.bottom <= field.bottom + 2 && b.left >= field.left && b.right <= field.right + 2) {
      return { top: b.top, left: b.left, bottom: b.bottom, right: b.right, width: b.width, height: b.height };
    }
  }
  return null;
}

/** Runs in the page: the card's box, or null when no card is open. */
function cardBoxInPage(): Box | null {
  const card = document.querySelector('partner-lens-ui')?.shadowRoot?.querySelector('.card');
  if (!card) return null;
  const b = card.getBoundingClientRect();
  return { top: b.top, left: b.left, bottom: b.bottom, right: b.right, width: b.width, height: b.height };
}

async function until<R>(fn: () => Promise<R>, ok: (v: R) => boolean, timeout = 8000): Promise<R> {
  const deadline = Date.now() + timeout;
  let v = await fn();
  while (!ok(v) && Date.now() < deadline) {
    await sleep(100);
    v = await fn();
  }
  return v;
}

async function waitForCard(page: Page, anchor: Box): Promise<CardBox> {
  const box = await until(() => page.evaluate(cardBoxInPage), (b) => b !== null && b.height > 0);
  if (!box) throw new Error('the card did not open');
  // Let the opening animation end before anyone measures or photographs it.
  await sleep(200);
  const settled = (await page.evaluate(cardBoxInPage)) ?? box;
  return { ...settled, anchorTop: anchor.top, anchorBottom: anchor.bottom };
}

/** Hovers the phrase `text` on a page (a soft mark first when `soft`) and waits for the card. */
export async function openTextCard(page: Page, text: string, soft = false): Promise<CardBox> {
  const names = soft ? ['partner-lens-soft', 'partner-lens'] : ['partner-lens', 'partner-lens-soft'];
  const anchor = await until(() => page.evaluate(textPhraseBox, [text, names] as [string, string[]]), (b) => b !== null);
  if (!anchor) throw new Error(`no highlight for "${text}"`);
  await page.mouse.move(anchor.left - 30, anchor.bottom + 80);
  await page.mouse.move(anchor.left + anchor.width / 2, anchor.top + anchor.height / 2);
  return waitForCard(page, anchor);
}

/** Clicks the underline of `text` in the field `selector` and waits for the card. */
export async function openFieldCard(page: Page, selector: string, text: string): Promise<CardBox> {
  const anchor = await until(() => page.evaluate(fieldPhraseBox, [selector, text] as [string, string]), (b) => b !== null, 15_000);
  if (!anchor) throw new Error(`no underline for "${text}" in ${selector}`);
  await page.mouse.click(anchor.left + anchor.width / 2, anchor.top + anchor.height / 2);
  return waitForCard(page, anchor);
}

export async function cardBox(page: Page): Promise<Box | null> {
  return page.evaluate(cardBoxInPage);
}

/**
 * An export file with a year of figures on two sites: partner language gains ground month by
 * month (with quiet weekends), so that a reviewer sees a rising line.
 */
export function yearOfFigures(days = 365): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const today = new Date();
  const daily: unknown[] = [];
  for (let ago = days - 1; ago >= 0; ago--) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - ago);
    if (d.getDay() === 0 || d.getDay() === 6) continue;
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const progress = (days - ago) / days; // 0 → 1 over the year
    const wobble = ((ago * 7919) % 5) - 2;
    const flagged = Math.max(1, Math.round(14 - 9 * progress + wobble));
    const partner = Math.max(0, Math.round(3 + 12 * progress - wobble));
    daily.push({ day, hostname: 'wiki.example', rule: 'internal-customer', level: 'flag', seen: flagged, quoted: ago % 4 === 0 ? 1 : 0, fixed: ago % 3 === 0 ? 1 : 0, dismissed: ago % 9 === 0 ? 1 : 0 });
    daily.push({ day, hostname: 'wiki.example', rule: 'partner-language', level: 'partner', seen: partner, quoted: 0, fixed: 0, dismissed: 0 });
    if (ago % 2 === 0) {
      daily.push({ day, hostname: 'hr.example', rule: 'customer-is-king', level: 'hint', seen: 2, quoted: 1, fixed: 0, dismissed: 0 });
    }
  }
  return JSON.stringify({ format: 'partner-lens-export', version: 1, exportedAt: today.toISOString(), daily });
}
