// The camera path of the verify page. Chromium's fake capture device plays a
// video of Bob's code (computed from the keys his page discloses), so scanning
// with the camera marks Bob verified (Chromium). Without a camera, the page says so plainly (both browsers).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fromBase64, utf8 } from '../../src/core/encoding';
import { computeSafetyNumber } from '../../src/core/safety-number';
import { pollUntil } from '../harness';
import type { E2ETest } from '../test-api';
import { writeQrVideo } from './fake-camera';
import { contactRecord, openConversationAs, openVerify, people } from './pages';
import { clickMarkVerified, safetyNumberShown } from '../support/extension';
import { disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';

function bobsCode(): Uint8Array {
  const party = (id: string) => {
    const person = people.find((p) => p.id === id)!;
    return { stableId: utf8(id), identityKey: fromBase64(Buffer.from(person.identity.publicKey).toString('base64')) };
  };
  return computeSafetyNumber(party('bob'), party('alice')).scannable;
}

export const tests: E2ETest[] = [
  {
    name: "verify: scanning Bob's code with the camera marks him verified",
    browser: 'chromium',
    async run({ pool, server, artifacts }) {
      const video = join(artifacts, 'bobs-code.y4m');
      writeQrVideo(video, bobsCode());
      const alice = await pool.launch('camera', {
        chromiumArgs: [
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--use-file-for-fake-video-capture=${video}`,
        ],
      });
      const { tabId } = await openConversationAs(alice, server, 'alice');
      const page = await openVerify(alice, `tab=${tabId}&contact=bob`);
      await page.click('[data-testid="camera-start"]');
      await page.waitFor('the camera match', () => !!document.querySelector('[data-testid="match"]'), undefined, 20_000);
      assert.equal(
        await page.evaluate(() => !!document.querySelector('[data-testid="camera-video"]'), undefined),
        false,
        'the camera stops once a code is read',
      );
      await clickMarkVerified(page);
      const record = await pollUntil('Bob verified', async () => {
        const r = await contactRecord(alice, 'bob');
        return r?.trust === 'verified' ? r : null;
      });
      assert.equal(record.verifications[0].method, 'scanned');
    },
  },
  {
    name: "verify: a camera scan begun before Bob's key is swapped is judged against the number shown when the code is read",
    browser: 'chromium',
    async run({ pool, server, artifacts }) {
      // Ten seconds of nothing to read, then Bob's real code: the swap happens while the camera looks.
      const video = join(artifacts, 'bobs-code-late.y4m');
      writeQrVideo(video, bobsCode(), { blankFrames: 20, fps: 2 });
      const alice = await pool.launch('camera-late', {
        chromiumArgs: [
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
          `--use-file-for-fake-video-capture=${video}`,
        ],
      });
      const { page: messenger, tabId } = await openConversationAs(alice, server, 'alice');
      const page = await openVerify(alice, `tab=${tabId}&contact=bob`);
      const before = await safetyNumberShown(page);
      await page.click('[data-testid="camera-start"]');
      await page.waitFor('the camera running', () => !!document.querySelector('[data-testid="camera-video"]'), undefined, 20_000);

      // The server swaps Bob's identity key; the page discloses it and the verify page shows the new number.
      const swapped = people.map((p) => (p.id === 'bob' ? { ...p, identity: ed25519Pair('verify/bob/swapped') } : p));
      await messenger.evaluate(
        (text) => (window as unknown as { setDisclosure(t: string): void }).setDisclosure(text),
        JSON.stringify(disclosureOf('alice', swapped, 'direct')),
      );
      await page.waitFor(
        'the new number',
        (old) => document.querySelector('[data-testid="safety-number"]')?.getAttribute('data-digits') !== old,
        before,
        20_000,
      );
      assert.equal(
        await page.evaluate(() => !!document.querySelector('[data-testid="camera-video"]'), undefined),
        true,
        'the camera was still looking when the number changed (the race this test is about)',
      );

      // Bob's real code now comes into view: it is his old key's number, not the one shown.
      const result = await page.waitFor(
        'a comparison result',
        () =>
          document.querySelector('[data-testid="match"]') ? 'match' : document.querySelector('[data-testid="mismatch"]') ? 'mismatch' : '',
        undefined,
        30_000,
      );
      assert.equal(result, 'mismatch');
      assert.equal(
        await page.evaluate(() => !!document.querySelector('[data-testid="mark-verified"]'), undefined),
        false,
        'nothing to mark',
      );
      assert.notEqual((await contactRecord(alice, 'bob'))?.trust, 'verified');
    },
  },
  {
    name: 'verify: without a camera the page says so, and the picture path stays open',
    async run({ pool, server }) {
      const alice = await pool.launch('no-camera');
      const { tabId } = await openConversationAs(alice, server, 'alice');
      const page = await openVerify(alice, `tab=${tabId}&contact=bob`);
      await page.click('[data-testid="camera-start"]');
      const message = await page.waitFor(
        'the camera problem',
        () => document.querySelector('[data-testid="scan-problem"]')?.textContent ?? '',
        undefined,
        20_000,
      );
      assert.match(message, /camera/i);
      assert.match(message, /photo of their code/);
      assert.equal(await page.evaluate(() => !!document.querySelector('[data-testid="image-input"]'), undefined), true);
    },
  },
];
