import { existsSync } from 'node:fs';
import { CHROME_BUILD, CHROMIUM_PATH, FIREFOX_BUILD, FIREFOX_PATH, requireBuild } from './harness';

// Fails early, with one clear line, when the browsers or the build are missing.
export default function setup(): void {
  requireBuild(CHROME_BUILD);
  requireBuild(FIREFOX_BUILD);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`);
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox ESR not found at ${FIREFOX_PATH}: apt-get install firefox-esr`);
  console.log(`e2e: Chromium at ${CHROMIUM_PATH}, Firefox ESR at ${FIREFOX_PATH}`);
}
