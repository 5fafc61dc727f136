// Launches Debian's Chromium headless with the flags that work on these machines.
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './chromium.ts';

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs() });
}
