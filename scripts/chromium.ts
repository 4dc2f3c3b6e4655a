import { chromium, type Browser } from 'playwright-core';

/** The system Chromium from apt, headless, with nothing of its own on the network (docs/platform.md). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The one launch of Chromium for the browser tests, the screenshots and the bench. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}
