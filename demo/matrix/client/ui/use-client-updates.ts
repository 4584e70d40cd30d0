// Re-renders when the session or anything the UI shows changes in the client,
// at most once a frame.

import { ClientEvent, MatrixEventEvent, RoomEvent, RoomMemberEvent, RoomStateEvent } from 'matrix-js-sdk';
import { useEffect, useState } from 'preact/hooks';
import type { ClientSession } from '../session';

const CLIENT_EVENTS = [
  ClientEvent.Sync,
  ClientEvent.Room,
  ClientEvent.DeleteRoom,
  RoomEvent.Timeline,
  RoomEvent.Name,
  RoomEvent.MyMembership,
  RoomStateEvent.Events,
  RoomMemberEvent.Membership,
  MatrixEventEvent.Decrypted,
] as const;

export function useClientUpdates(session: ClientSession): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let scheduled = false;
    const bump = () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        setVersion((v) => v + 1);
      }, 16);
    };
    let watched = session.client;
    // The SDK types each event's listener; this one ignores every argument.
    const listener = bump as never;
    const watch = () => {
      for (const event of CLIENT_EVENTS) watched?.on(event, listener);
    };
    const unwatch = () => {
      for (const event of CLIENT_EVENTS) watched?.off(event, listener);
    };
    watch();
    // Whatever changed between the first render and this effect would otherwise be missed.
    bump();
    const stop = session.onChange(() => {
      if (watched !== session.client) {
        unwatch();
        watched = session.client;
        watch();
      }
      bump();
    });
    return () => {
      stop();
      unwatch();
    };
  }, [session]);
  return version;
}
