// The people of a year of use, each with a timeline: their identity key and
// devices from the day KeyWatch first sees them, changing on event days (a
// new identity key with new devices, a device added, a device removed). A
// timeline is built backwards from the person's last state, so a caller can
// fix that state (the 1,000-person conversation of the browser benchmark,
// whose page signs with real keys) and the history before it stays the same kind.

import type { DeviceView, PublicKeyRef } from '../../../roster';
import type { Random } from './random';

export interface Epoch {
  /** The day this state begins (0 = a year ago). */
  from: number;
  identityKey: PublicKeyRef;
  devices: DeviceView[];
}

export interface Person {
  id: string;
  name: string;
  /** Oldest first; the last one holds until the end of the year. */
  epochs: Epoch[];
  /** Days of the key changes (also the first days of the epochs they begin). */
  keyChanges: number[];
}

export type PersonEvent = 'key-change' | 'device-added' | 'device-removed';

/** What a person's history is made of: its events and its last state. */
export interface PersonPlan {
  id: string;
  name: string;
  /** Day and kind of each event, any order. */
  events: { day: number; kind: PersonEvent }[];
  last: { identityKey: PublicKeyRef; devices: DeviceView[] };
}

export type KeyMaker = (label: string) => PublicKeyRef;

/** Epochs from the last state backwards: each event undone gives the state before it. */
export function timeline(plan: PersonPlan, key: KeyMaker, random: Random): Person {
  const events = [...plan.events].sort((a, b) => b.day - a.day);
  let identityKey = plan.last.identityKey;
  let devices = plan.last.devices;
  const epochs: Epoch[] = [];
  const newDevice = (): DeviceView => {
    const id = Array.from({ length: 10 }, () => String.fromCharCode(65 + random.int(0, 25))).join('');
    return { id, key: key(`${plan.id}/device/${id}`), vouch: 'signed', encryptedTo: true };
  };
  for (const event of events) {
    epochs.push({ from: event.day, identityKey, devices });
    if (event.kind === 'key-change') {
      identityKey = key(`${plan.id}/identity/${event.day}`);
      devices = Array.from({ length: random.int(1, 2) }, newDevice);
    } else if (event.kind === 'device-added' && devices.length > 1) {
      devices = devices.slice(0, -1);
    } else {
      devices = [...devices, newDevice()];
    }
  }
  epochs.push({ from: -Infinity, identityKey, devices });
  epochs.reverse();
  return { id: plan.id, name: plan.name, epochs, keyChanges: plan.events.filter((e) => e.kind === 'key-change').map((e) => e.day) };
}

/** The person's state on `day`. */
export function stateOn(person: Person, day: number): Epoch {
  let current = person.epochs[0]!;
  for (const epoch of person.epochs) {
    if (epoch.from > day) break;
    current = epoch;
  }
  return current;
}
