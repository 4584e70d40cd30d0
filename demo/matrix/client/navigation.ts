// Element's room addresses: `#/room/!id:server` or `#/room/#alias:server`.
// Element reaches them two ways, and so does this client, chosen per call:
// `location.assign` (older releases; fires hashchange) and `history.pushState`
// (newer releases; fires nothing, the app updates itself). Back and forward
// (popstate) and hand-typed addresses (hashchange) are followed too.

export type Navigation = 'pushState' | 'assign';

const ROOM_ROUTE = /^#\/room\/([^/?]+)/;

/** The room id or alias in the address, or null. */
export function routedRoom(hash = location.hash): string | null {
  const match = ROOM_ROUTE.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/** Element writes ids and aliases into the address as they are (`!` `#` `:` unescaped). */
export function roomAddress(idOrAlias: string): string {
  return `#/room/${idOrAlias}`;
}

export function navigateTo(idOrAlias: string, how: Navigation): void {
  const address = roomAddress(idOrAlias);
  if (location.hash === address) return;
  if (how === 'pushState') history.pushState({ room: idOrAlias }, '', address);
  else location.assign(address);
}

/** Calls `onRoute` with the routed room whenever the address changes by hashchange or popstate. */
export function followAddress(onRoute: (idOrAlias: string | null) => void): void {
  const handle = () => onRoute(routedRoom());
  window.addEventListener('hashchange', handle);
  window.addEventListener('popstate', handle);
}
