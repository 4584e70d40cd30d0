// Keeps the run-time registration of the page readers in step with the sites
// the user granted (src/adapters/reader-scripts.ts says which scripts, where).
import { READER_SCRIPT_IDS, readerRegistrations, sameRegistration, userGrantedOrigins } from '../adapters/reader-scripts';
import { manifestHosts } from '../platform/runtime';
import { grantedOrigins, registeredScripts, registerScripts, unregisterScripts } from '../platform/scripting';
import { log } from './log';

let running: Promise<void> = Promise.resolve();

/** One sync at a time: two at once (install and a grant together) would register the same ids twice. */
export function syncReaderScripts(): Promise<void> {
  running = running.then(syncOnce);
  return running;
}

async function syncOnce(): Promise<void> {
  try {
    const matches = userGrantedOrigins(await grantedOrigins(), manifestHosts());
    const registered = await registeredScripts([...READER_SCRIPT_IDS]);
    if (sameRegistration(registered, matches)) return;
    await unregisterScripts(registered.map((r) => r.id));
    await registerScripts(
      readerRegistrations(matches).map(({ id, matches, file, world, runAt, allFrames }) => ({
        id,
        matches,
        js: [file],
        world,
        runAt,
        allFrames,
      })),
    );
    log.info(matches.length === 0 ? 'page readers: no granted site' : `page readers registered for ${matches.join(', ')}`);
  } catch (error) {
    log.error('registering the page readers failed', error);
  }
}
