// What the import tests share: a group opened on a page of its own, a contact marked verified as the verify page
// does, the popup's standing, and a "backup" of this store whose copy of the conversation was seen later without
// one member.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser, TestPage, TestServer } from '../harness';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { readLocalStore, sendFromExtension, tabIdFor } from '../support/extension';

/** A participant with an identity and one device, their keys drawn from `family/seed`. */
export const person = (family: string, id: string, seed: string = id): ParticipantSpec => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  identity: ed25519Pair(`${family}/${seed}`),
  devices: [{ id: 'phone', key: curve25519Pair(`${family}/${seed}/phone`) }],
});

/** Opens a group with `people` on a page of its own; resolves once KeyWatch has everyone in its store. */
export async function openGroup(browser: ExtensionBrowser, server: TestServer, path: string, people: ParticipantSpec[]): Promise<string> {
  const url = server.publish(path, disclosurePage('Team', disclosureOf('alice', people, 'group')));
  await browser.newPage(url);
  await tabIdFor(browser, url);
  await pollUntil('everyone in the store', async () => {
    const keys = Object.keys(await readLocalStore(browser));
    return people.every((p) => keys.some((k) => k.startsWith('v1/contact/') && k.endsWith(`|${p.id}`)));
  });
  return url;
}

/** Marks `id`'s current key verified, as the verify page does. */
export async function verify(browser: ExtensionBrowser, id: string): Promise<void> {
  const store = await readLocalStore(browser);
  const record = Object.entries(store).find(([k]) => k.startsWith('v1/contact/') && k.endsWith(`|${id}`))![1] as {
    origin: string;
    currentKey: unknown;
  };
  const marked = await sendFromExtension(browser, 'trust/mark-verified', {
    origin: record.origin,
    account: 'alice',
    contactId: id,
    key: record.currentKey,
    method: 'scanned',
  });
  assert.equal(marked.ok, true, JSON.stringify(marked));
}

export const standingOf = (popup: TestPage) =>
  popup.evaluate(() => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') ?? '', null);

/** This store's export, as a backup whose copy of each conversation was seen later, without `left`. */
export async function backupWithout(browser: ExtensionBrowser, left: string): Promise<string> {
  const file = JSON.parse((await sendFromExtension(browser, 'records/export', {})).text);
  for (const [key, value] of Object.entries<any>(file.records)) {
    if (key.startsWith('v1/conversation/')) value.lastSeen = file.exportedAt;
    if (key.startsWith('v2/roster/')) value.members = value.members.filter((m: { id: string }) => m.id !== left);
  }
  return JSON.stringify(file);
}
