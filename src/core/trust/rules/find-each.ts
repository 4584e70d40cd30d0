// The findings of a rule over every participant or observation, collected in
// one list: flatMap with filter and map made two or three arrays per person,
// and a roster has up to 10,000 people, most of whom a rule finds nothing about.

import type { AlertFields } from './fields';

export function findEach<T>(items: readonly T[], find: (item: T, found: AlertFields[]) => void): AlertFields[] {
  const found: AlertFields[] = [];
  // Indexed: run once per rule, this loop is rarely optimized, and for...of would make an iterator result per person.
  for (let i = 0; i < items.length; i++) find(items[i]!, found);
  return found;
}
