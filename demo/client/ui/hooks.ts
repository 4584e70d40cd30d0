// Small hooks that re-render a component when something outside Preact changes.

import { useEffect, useState } from 'preact/hooks';
import type { ClientController } from '../browser/controller';
import type { CourierSession } from '../core/session';
import { conversationFromHash } from './route';

/** Re-renders on every session event (state, message, problem, closed). */
export function useSession(session: CourierSession): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const stop = session.subscribe(() => setVersion((v) => v + 1));
    // Effects run after paint: an event that came between the first render and now would be lost.
    setVersion((v) => v + 1);
    return stop;
  }, [session]);
  return version;
}

export function useController(controller: ClientController): ClientController['phase'] {
  const [phase, setPhase] = useState(controller.phase);
  useEffect(() => {
    setPhase(controller.phase);
    return controller.subscribe(() => setPhase(controller.phase));
  }, [controller]);
  return phase;
}

/** The conversation named by the address's #/c/<id>, or null. */
export function useRoute(): string | null {
  const [route, setRoute] = useState(() => conversationFromHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(conversationFromHash(location.hash));
    addEventListener('hashchange', update);
    // Effects run after paint: the address may have changed since the first render.
    update();
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
