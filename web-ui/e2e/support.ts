import { Page, TestInfo, expect } from '@playwright/test';
import * as path from 'node:path';

/** Screenshots that people look at: web-ui/test-results/screenshots/<spec>-<step>.png */
export async function snap(page: Page, testInfo: TestInfo, step: string): Promise<string> {
  const spec = path.basename(testInfo.file).replace(/\.spec\.ts$/, '');
  const file = path.join(__dirname, '..', 'test-results', 'screenshots', `${spec}-${step}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(step, { path: file, contentType: 'image/png' });
  return file;
}

/** Collects uncaught page errors, so a test can assert the UI ran without any. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function expectNoErrorSnackbar(page: Page): Promise<void> {
  await expect(page.locator('.snack-error')).toHaveCount(0);
}
