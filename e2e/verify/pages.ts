// Shared by the verify and records tests: two people in a direct conversation,
// each in their own browser profile with KeyWatch, on a local page that speaks
// the page protocol; and feeding a picture to the verify page as a user would.
import { readFileSync } from 'node:fs';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser, TestPage, TestServer } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { tabIdFor } from '../support/extension';
import { chooseFile } from '../support/files';
import { decodeStored } from '../../src/core/trust';

export const people: ParticipantSpec[] = [
  { id: 'alice', name: 'Alice', identity: curve25519Pair('verify/alice'), devices: [{ id: 'd1', key: curve25519Pair('verify/alice/d1') }] },
  { id: 'bob', name: 'Bob', identity: ed25519Pair('verify/bob'), devices: [{ id: 'd1', key: curve25519Pair('verify/bob/d1') }] },
];

/** Publishes `account`'s view of the conversation and opens it; resolves with the page and its tab id. */
export async function openConversationAs(
  browser: ExtensionBrowser,
  server: TestServer,
  account: string,
  group = false,
  extra: ParticipantSpec[] = [],
): Promise<{ page: TestPage; tabId: number; url: string }> {
  const url = server.publish(
    `/${account}-${group ? 'group' : 'direct'}-${Math.random().toString(36).slice(2)}.html`,
    disclosurePage(`${account}'s view`, disclosureOf(account, [...people, ...extra], group ? 'group' : 'direct')),
  );
  const page = await browser.newPage(url);
  return { page, tabId: await tabIdFor(browser, url), url };
}

export async function openVerify(browser: ExtensionBrowser, query: string): Promise<TestPage> {
  const page = await browser.openExtensionPage(`verify.html?${query}`);
  await page.waitFor(
    'the verify page',
    () => !!document.querySelector('[data-testid="qr"]') || !!document.querySelector('[data-testid="verify-problem"]'),
    null,
    20_000,
  );
  return page;
}

/** Hands the page an image file through its file input, as choosing a photo does. */
export async function chooseImage(page: TestPage, pngPath: string): Promise<void> {
  await chooseFile(page, '[data-testid="image-input"]', { name: 'their-code.png', type: 'image/png', content: readFileSync(pngPath) });
}

/** A contact as the trust store reads it (stored compact: docs/storage.md). */
export async function contactRecord(browser: ExtensionBrowser, contactId: string): Promise<any> {
  const found: [string, unknown] | null = await browser.inExtension(async (id) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const all = await api.storage.local.get(null);
    return Object.entries(all).find(([k]) => k.startsWith('v1/contact/') && k.endsWith(`|${id}`)) ?? null;
  }, contactId);
  return found ? decodeStored(found[0], found[1]) : null;
}
