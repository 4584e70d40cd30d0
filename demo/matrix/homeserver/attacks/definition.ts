// How an attack kind is declared: its name, its parameters and how it applies
// itself to the server. Apart from types.ts so that the server, which holds the
// registry of applied attacks, does not import itself through these types.

import type * as v from 'valibot';
import type { Homeserver } from '../homeserver';
import type { AppliedAttack } from './types';

export interface AttackDefinition<P> {
  kind: string;
  /** One line for the listing of kinds. */
  description: string;
  params: v.GenericSchema<unknown, P>;
  apply(server: Homeserver, params: P): AppliedAttack;
}
