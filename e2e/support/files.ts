// Choosing a file in a page, as the file dialog does, and importing a records file through the records page.
import assert from 'node:assert/strict';
import type { ExtensionBrowser, TestPage } from '../harness';

/** Hands the page `content` as a file through the file input at `selector`. */
export async function chooseFile(
  page: TestPage,
  selector: string,
  file: { name: string; type: string; content: Uint8Array | string },
): Promise<void> {
  const base64 = Buffer.from(file.content).toString('base64');
  await page.evaluate(
    ({ selector, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      const input = document.querySelector(selector) as HTMLInputElement;
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { selector, name: file.name, type: file.type, base64 },
  );
}

/** Opens the records page, chooses `text` as the records file to import, and waits for its review. */
export async function openImportReview(browser: ExtensionBrowser, text: string): Promise<TestPage> {
  const options = await browser.openExtensionPage('options.html');
  await options.waitFor('the import control', () => !!document.querySelector('[data-testid="import-input"]'), null);
  await chooseFile(options, '[data-testid="import-input"]', { name: 'keywatch-records.json', type: 'application/json', content: text });
  await options.waitFor('the import review', () => !!document.querySelector('[data-testid="import-review"]'), null, 20_000);
  return options;
}

/** Applies the import under review once the page allows it, and checks it was taken, not refused (with why). */
export async function applyImport(options: TestPage): Promise<void> {
  await options.waitFor(
    'apply enabled',
    () => !(document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled,
    null,
  );
  await options.click('[data-testid="import-apply"]');
  const outcome = await options.waitFor(
    'the import outcome',
    () =>
      document.querySelector('[data-testid="import-done"]')?.textContent ??
      document.querySelector('[data-testid="import-refused"]')?.textContent ??
      null,
    null,
    20_000,
  );
  assert.ok(await options.evaluate(() => !!document.querySelector('[data-testid="import-done"]'), null), `refused: ${outcome}`);
}
