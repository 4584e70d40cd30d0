// Keeps the run-time registration of the Matrix scripts in step with the host
// permissions the user granted (src/adapters/matrix/client-origins.ts says which).
import { clientScripts, REGISTRATION_IDS, runtimeClientOrigins, sameRegistration } from '../../adapters/matrix/background/client-origins';
import { grantedOrigins, registeredScripts, registerScripts, unregisterScripts } from '../../platform/scripting';
import { log } from '../log';

export async function syncMatrixClientScripts(): Promise<void> {
  try {
    const matches = runtimeClientOrigins(await grantedOrigins());
    const registered = await registeredScripts([...REGISTRATION_IDS]);
    if (sameRegistration(registered, matches)) return;
    await unregisterScripts(registered.map((r) => r.id));
    await registerScripts(clientScripts(matches));
    log.info(matches.length === 0 ? 'Matrix scripts: no granted origin' : `Matrix scripts registered for ${matches.join(', ')}`);
  } catch (error) {
    log.error('registering the Matrix scripts failed', error);
  }
}
