// People a conversation shows under names a reader could take for another's.
// Element disambiguates equal display names by showing each one's id; KeyWatch
// does the same for names that are equal or look the same (src/core/display/
// skeleton.ts), and for names that carry direction controls or mix scripts in a
// word (a forger's tools even without a second person to copy). The popup then
// shows the person's stable id beside the name and marks it, so that an
// impostor named "Bob" is never taken for the Bob someone verified.
import { hasDirectionControls } from '../core/display/page-text';
import { mixesScripts, skeleton } from '../core/display/skeleton';

export const LOOK_ALIKE_REASONS = ['same-name', 'looks-the-same', 'direction-controls', 'mixed-scripts'] as const;
export type LookAlike = (typeof LOOK_ALIKE_REASONS)[number];

/** A person and the names they go by here (the conversation's, and the contact's latest when it differs). */
export interface NamedPerson {
  id: string;
  names: readonly string[];
}

/** Why each person's name needs their id beside it; people not in the map need none. */
export function lookAlikes(people: readonly NamedPerson[]): Map<string, LookAlike> {
  const bySkeleton = new Map<string, Set<string>>();
  const byName = new Map<string, Set<string>>();
  const add = (index: Map<string, Set<string>>, key: string, id: string) => {
    if (key === '') return;
    const ids = index.get(key) ?? new Set<string>();
    ids.add(id);
    index.set(key, ids);
  };
  for (const person of people) {
    for (const name of person.names) {
      add(byName, name.normalize('NFC'), person.id);
      add(bySkeleton, skeleton(name), person.id);
    }
  }
  const found = new Map<string, LookAlike>();
  for (const person of people) {
    const shared = (index: Map<string, Set<string>>, key: (name: string) => string) =>
      person.names.some((name) => (index.get(key(name))?.size ?? 0) > 1);
    if (person.names.some(hasDirectionControls)) found.set(person.id, 'direction-controls');
    else if (shared(byName, (name) => name.normalize('NFC'))) found.set(person.id, 'same-name');
    else if (shared(bySkeleton, skeleton)) found.set(person.id, 'looks-the-same');
    else if (person.names.some(mixesScripts)) found.set(person.id, 'mixed-scripts');
  }
  return found;
}
