/** The e2e tests' common frame: a fresh browser with one page on the host's UI, and shutting it all down. */
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import type { HostProcess } from './host';

/** A fresh browser profile with one page opened on `url`; the browser is closed again if the page cannot open. */
export async function openApp(url: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context } = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Closes the browser, then stops the host, then closes the banks; any of them may be missing (setup failed part way). */
export async function stopAll(context: BrowserContext | undefined, host: HostProcess | undefined, ...banks: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  await context?.close();
  await host?.stop();
  await Promise.all(banks.map((bank) => bank?.close()));
}
