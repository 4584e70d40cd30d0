// KeyWatch on the real Matrix client (matrix-js-sdk 43 + Rust crypto, the test
// client of demo/matrix) in Chromium, opening a 1,000-member encrypted room:
// - from the moment the client has the last of its /members and /keys/query
//   responses (the page's own resource timing) to the popup counting all
//   1,000 people: the whole path (page, content script, background, store,
//   popup), against the time matrix-sdk-crypto-wasm takes, in Node, to take in
//   the same /keys/query answer;
// - after a browser restart on the same profile (no /keys/query: the client's
//   keys are in IndexedDB), from the page's first Matrix response to the popup
//   counting the room's people with KeyWatch's verdicts (the room opened
//   from the client's room list once it has started): first from memory,
//   marked as not confirmed, while the client starts up; then, printed too,
//   confirmed by the client's own member list.

import { OlmMachine, DeviceId, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { queryKeys } from '../demo/matrix/homeserver/api/keys';
import { createRoom } from '../demo/matrix/testing/admin';
import { BrowserPool, type TestPage } from '../e2e/harness';
import { repoRoot } from '../e2e/harness/paths';
import { openPopupFor } from '../e2e/support/extension';
import { openClientPage, openRoom, peopleCounted, register, startMatrixWorld, untilRoomKnown } from '../e2e/matrix-real/world';
import { writeDevBuilds } from '../scripts/build/dev-build';
import { initReference, receiveKeysQuery } from '../src/adapters/matrix/testing/matrix-sdk-reference';
import { ms, type Benchmark } from './harness';

const MEMBERS = 1000;

/** Wall-clock time (ms since the epoch) at which the page had the last response of these endpoints, or its first Matrix response. */
function responsesDone(page: TestPage, which: 'last-room-load' | 'members' | 'first'): Promise<number> {
  return page.evaluate((which) => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const matrix = entries.filter((e) => e.name.includes('/_matrix/client/'));
    const picked =
      which === 'first'
        ? [matrix.reduce((a, b) => (b.responseEnd < a.responseEnd ? b : a))]
        : matrix.filter((e) => (which === 'members' ? /\/members\?/ : /\/keys\/query|\/members\?/).test(e.name));
    return performance.timeOrigin + Math.max(...picked.map((e) => e.responseEnd));
  }, which);
}

/** matrix-sdk-crypto-wasm taking in the /keys/query answer for every member, in a fresh machine (median of 3). */
async function referenceTime(answer: Record<string, unknown>, userIds: string[]): Promise<number> {
  await initReference();
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const machine = await OlmMachine.initialize(new UserId('@reference:localhost'), new DeviceId(`REFERENCE${run}`));
    const start = performance.now();
    await receiveKeysQuery(machine, userIds, answer);
    times.push(performance.now() - start);
    machine.free();
  }
  return times.sort((a, b) => a - b)[1]!;
}

const benchmark: Benchmark = {
  name: `KeyWatch on the real Matrix client in Chromium: a ${MEMBERS}-member encrypted room`,
  async run(bench) {
    if (!existsSync(join(repoRoot, 'dist/chrome/manifest.json')))
      execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'ignore' });
    writeDevBuilds(repoRoot);
    const world = await startMatrixWorld();
    const pool = new BrowserPool('chromium');
    try {
      let browser = await pool.launch('bench');
      let page = await openClientPage(browser, `${world.web.url}/`);
      const alice = await register(page, 'alice');
      const room = await createRoom(world.homeserver.url, { creator: alice.userId, name: 'Crowd', generatedMembers: MEMBERS - 1 });
      await untilRoomKnown(page, room.roomId);
      await page.evaluate(() => performance.clearResourceTimings(), null);
      const popup = await openPopupFor(browser, page.url());
      await openRoom(page, room.roomId);
      await peopleCounted(popup, MEMBERS, 300_000);
      const shownAt = Date.now();
      const whole = shownAt - (await responsesDone(page, 'last-room-load'));
      const members = [alice.userId, ...room.members.filter((m) => m !== alice.userId)];
      const answer = queryKeys(world.homeserver.hs, alice.userId, Object.fromEntries(members.map((u) => [u, []])));
      const reference = await referenceTime(answer, members);
      bench.print(`  responses to the popup's full roster (whole path)  ${ms(whole).padStart(10)}`);
      bench.print(`  matrix-sdk-crypto-wasm, the same /keys/query        ${ms(reference).padStart(10)}`);
      bench.goal('whole path / matrix-sdk-crypto-wasm', whole / reference, 1.5, '×');

      // A browser restart on the same profile, then the room opened from the client's room list (pushState).
      await browser.close();
      browser = await pool.launch('bench');
      page = await openClientPage(browser, `${world.web.url}/`);
      const restartPopup = await openPopupFor(browser, page.url());
      // The client resumes from IndexedDB: the room is opened once it holds it again, as a person would see it listed.
      await untilRoomKnown(page, room.roomId);
      await openRoom(page, room.roomId);
      await peopleCounted(restartPopup, MEMBERS, 120_000);
      const restartShownAt = Date.now();
      const fromMemory = await restartPopup.evaluate(() => document.querySelector('[data-kind="remembered"]') !== null, null);
      // Then confirmed: the client's member list read, verified and taken in (the mark of people shown from memory gone).
      await restartPopup.waitFor('the people confirmed', () => document.querySelector('[data-kind="remembered"]') === null, null, 120_000);
      await peopleCounted(restartPopup, MEMBERS, 120_000);
      const confirmedAt = Date.now();
      const firstResponse = await responsesDone(page, 'first');
      const afterRestart = restartShownAt - firstResponse;
      bench.print(`  after a restart, the people first shown ${fromMemory ? 'from memory, marked as not confirmed yet' : 'confirmed'}`);
      // The part after the client has started and loaded the room's members (its start-up from IndexedDB is the rest).
      bench.print(
        `  after a restart, the room's /members response to the people confirmed  ${ms(confirmedAt - (await responsesDone(page, 'members')))}`,
      );
      bench.print(`  after a restart, the page's first Matrix response to the people confirmed  ${ms(confirmedAt - firstResponse)}`);
      bench.goal("after a restart, the page's first Matrix response to the popup's people", afterRestart, 3000, 'ms');
    } finally {
      await pool.closeAll();
      await world.close();
    }
  },
};

export default benchmark;
