// Headless Debian Chromium through playwright-core, with the flags that work offline on this kind of machine.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM } from './paths';

/** Launches a fresh headless Chromium (its own temp profile; crash reports kept out of ~/.config). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`node scripts/setup.mjs browser\` (installs Debian's chromium as root)`,
    );
  }
  const config = mkdtempSync(join(tmpdir(), 'gaf-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, XDG_CONFIG_HOME: config }, // crash reports go here, not to ~/.config (pitfall 14)
  });
  browser.on('disconnected', () => rmSync(config, { recursive: true, force: true, maxRetries: 3 }));
  return browser;
}
