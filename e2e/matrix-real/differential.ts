// The differential against the real client, in the same page: KeyWatch's
// verdict on each member, identity and device of the open room (read from its
// own records) against the client's own crypto (matrix-js-sdk 43's Rust
// crypto, through the test client's window.matrixTest). Every comparison that
// differs is a disagreement, unless it is one of the deliberate differences
// docs/matrix.md lists, which are counted apart with their reason.

import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64 } from '../../src/core/encoding';
import { pollUntil, type ExtensionBrowser, type TestPage } from '../harness';
import { repoRoot } from '../harness/paths';
import { readLocalStore } from '../support/extension';

interface KeyWatchDevice {
  id: string;
  key: { key: string } | null;
  vouch: string;
  encryptedTo: boolean;
}
interface KeyWatchMember {
  id: string;
  shown: boolean;
  isSelf: boolean;
  identityKey: { key: string } | null;
  devices: KeyWatchDevice[];
  trust: string;
}
interface ClientDevice {
  signedByOwner: boolean;
  ed25519: string | null;
}
interface ClientUser {
  masterKey: string | null;
  verified: boolean;
  wasCrossSigningVerified: boolean;
  needsUserApproval: boolean;
}

export interface DifferentialResult {
  comparisons: number;
  disagreements: string[];
  /** Differences docs/matrix.md documents as deliberate, with their reason. */
  deliberate: string[];
}

export interface DifferentialOptions {
  origin: string;
  account: string;
  roomId: string;
  /** This browser's own login (the sender: neither the client nor KeyWatch encrypts to it). */
  accountDevice: string;
  /** Compare the verified marks too: only where the test verified the same people in both. */
  verification?: boolean;
}

/** KeyWatch's roster of the room and each member's trust, from its own storage. */
async function keywatchRoster(browser: ExtensionBrowser, o: DifferentialOptions): Promise<Map<string, KeyWatchMember>> {
  const all = (await readLocalStore(browser)) as Record<string, any>;
  const members = new Map<string, KeyWatchMember>();
  const trust = new Map<string, string>();
  for (const [key, value] of Object.entries(all)) {
    if (value?.origin !== o.origin || value?.account !== o.account) continue;
    if (key.startsWith('v2/roster/') && value.conversationId === o.roomId) {
      for (const m of value.members) members.set(m.id, { ...m, trust: 'unkeyed' });
    }
    if (key.startsWith('v1/contact/')) trust.set(value.contactId, value.trust);
  }
  for (const m of members.values()) m.trust = trust.get(m.id) ?? 'unkeyed';
  return members;
}

async function clientView(page: TestPage, roomId: string) {
  return page.evaluate(async (roomId) => {
    const t = window.matrixTest;
    const members = (await t.members(roomId)).filter((m) => m.membership === 'join' || m.membership === 'invite');
    const ids = members.map((m) => m.userId);
    return { members: ids, devices: await t.deviceVerdicts(ids), users: await t.userVerdicts(ids) };
  }, roomId);
}

const sameKey = (padded: string | undefined | null, unpadded: string | null) => {
  if (!padded || !unpadded) return !padded && !unpadded;
  const a = fromBase64(padded);
  const b = fromBase64(unpadded, 'forbidden');
  return a.length === b.length && a.every((x, i) => x === b[i]);
};

export async function compareWithClient(browser: ExtensionBrowser, page: TestPage, o: DifferentialOptions): Promise<DifferentialResult> {
  const [roster, client] = [await keywatchRoster(browser, o), await clientView(page, o.roomId)];
  const result: DifferentialResult = { comparisons: 0, disagreements: [], deliberate: [] };
  const check = (agree: boolean, what: string) => {
    result.comparisons++;
    if (!agree) result.disagreements.push(what);
  };
  const shown = [...roster.values()].filter((m) => m.shown).map((m) => m.id);
  check(
    JSON.stringify([...shown].sort()) === JSON.stringify([...client.members].sort()),
    `members: KeyWatch ${shown.length}, client ${client.members.length}`,
  );
  for (const userId of client.members) {
    const mine = roster.get(userId);
    const theirs = client.users[userId] as ClientUser | undefined;
    const devices = (client.devices[userId] ?? {}) as Record<string, ClientDevice>;
    if (!mine || !theirs) continue;
    // The identity: the master key the client holds against the one KeyWatch verified.
    const identityAgrees = sameKey(mine.identityKey?.key, theirs.masterKey);
    const brokenChain =
      !identityAgrees && theirs.masterKey === null && mine.identityKey !== null && mine.devices.every((d) => d.vouch !== 'signed');
    if (brokenChain) {
      result.comparisons++;
      result.deliberate.push(`${userId}: master key kept visible though the chain below it is broken (the client holds no identity)`);
    } else
      check(identityAgrees, `${userId}: master key, KeyWatch ${mine.identityKey?.key ?? 'none'}, client ${theirs.masterKey ?? 'none'}`);
    check(
      theirs.needsUserApproval === (mine.trust === 'changed' || mine.trust === 'changed-after-verified'),
      `${userId}: identity change awaiting the user, client ${theirs.needsUserApproval}, KeyWatch trust ${mine.trust}`,
    );
    // Matrix clients count one's own identity as verified; KeyWatch leaves the account holder out of verification.
    if (o.verification && userId !== o.account) {
      check(theirs.verified === (mine.trust === 'verified'), `${userId}: verified, client ${theirs.verified}, KeyWatch ${mine.trust}`);
      check(
        (theirs.wasCrossSigningVerified && !theirs.verified) === (mine.trust === 'changed-after-verified'),
        `${userId}: verified before and not now, client ${theirs.wasCrossSigningVerified && !theirs.verified}, KeyWatch ${mine.trust}`,
      );
    }
    // Each device the client keeps: KeyWatch lists it with the same key and the same verdict, and encrypts to it as the client does.
    for (const [deviceId, verdict] of Object.entries(devices)) {
      const device = mine.devices.find((d) => d.id === deviceId);
      check(device !== undefined, `${userId} ${deviceId}: the client keeps it, KeyWatch does not list it`);
      if (!device) continue;
      check(sameKey(device.key?.key, verdict.ed25519), `${userId} ${deviceId}: device key differs`);
      check(
        verdict.signedByOwner === (device.vouch === 'signed'),
        `${userId} ${deviceId}: signed by owner, client ${verdict.signedByOwner}, KeyWatch ${device.vouch}`,
      );
      const sender = userId === o.account && deviceId === o.accountDevice;
      check(device.encryptedTo === !sender, `${userId} ${deviceId}: encrypted to, KeyWatch ${device.encryptedTo}, client ${!sender}`);
    }
    // A device KeyWatch lists that the client dropped (its own signature fails): neither may encrypt to it.
    for (const device of mine.devices.filter((d) => !(d.id in devices))) {
      check(!device.encryptedTo, `${userId} ${device.id}: the client dropped it, KeyWatch encrypts to it`);
    }
  }
  return result;
}

const tallyFile = join(repoRoot, 'artifacts', 'e2e', 'matrix-differential.jsonl');

/**
 * Waits until KeyWatch and the client agree (both take in the same responses,
 * each at its own pace), then records the comparison; fails with every
 * disagreement left when they do not agree in time.
 */
export async function expectAgreement(
  browser: ExtensionBrowser,
  page: TestPage,
  o: DifferentialOptions,
  scenario: string,
  timeoutMs = 30_000,
): Promise<DifferentialResult> {
  let last: DifferentialResult | null = null;
  try {
    await pollUntil(
      `KeyWatch and the client to agree (${scenario})`,
      async () => {
        last = await compareWithClient(browser, page, o);
        return last.disagreements.length === 0 && last.comparisons > 0;
      },
      timeoutMs,
    );
  } catch (error) {
    record(browser.name, scenario, last);
    throw new Error(`${String(error)}\n     disagreements: ${JSON.stringify(last)}`, { cause: error });
  }
  record(browser.name, scenario, last);
  return last!;
}

let started = false;

/** One line per comparison in artifacts/e2e/matrix-differential.jsonl, for this run (the file starts afresh with each run). */
function record(browser: string, scenario: string, result: DifferentialResult | null): void {
  mkdirSync(join(repoRoot, 'artifacts', 'e2e'), { recursive: true });
  if (!started) writeFileSync(tallyFile, '');
  started = true;
  appendFileSync(tallyFile, `${JSON.stringify({ browser, scenario, ...result })}\n`);
}
