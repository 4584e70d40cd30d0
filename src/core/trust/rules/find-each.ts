// The findings of a rule over every participant or observation, collected in
// one list: flatMap with filter and map made two or three arrays per person,
// and a roster has up to 10,000 people, most of whom a rule finds nothing about.

import type { AlertFields } from './fields';

export function findEach<T>(items: readonly T[], find: (item: T, found: AlertFields[]) => void): AlertFields[] {
  const found: AlertFields[] = [];
  for (const item of items) find(item, found);
  return found;
}
