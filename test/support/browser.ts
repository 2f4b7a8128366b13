/**
 * Headless Chromium for the report page's tests: the system browser (Debian `chromium`,
 * installed by `.ci/run`) driven by playwright-core, which downloads no browser of its own.
 * Tests skip with a message when no browser is on this machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const candidates = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The system browser's path, or undefined (CHROMIUM_PATH overrides the search). */
export function chromiumPath(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  for (const name of candidates) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

/** Why browser tests are skipped here, or undefined when a browser is available. */
export const browserSkipReason: string | undefined = chromiumPath()
  ? undefined
  : 'no chromium on PATH (apt-get install chromium, or set CHROMIUM_PATH); the browser tests are skipped';

/** Launches the system browser headless, with no network beyond file:// pages. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(browserSkipReason);
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}
