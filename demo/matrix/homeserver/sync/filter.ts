// The parts of a sync filter (spec, "Filtering") this server applies: the
// timeline limit, lazy-loaded members and include_leave. Other filter fields
// are accepted and stored but not applied (documented in docs/matrix-homeserver.md).

import { badJson, notFound } from '../errors';
import type { Homeserver } from '../homeserver';

export interface SyncFilter {
  timelineLimit: number;
  lazyLoadMembers: boolean;
  includeLeave: boolean;
}

export const DEFAULT_TIMELINE_LIMIT = 10;
const MAX_TIMELINE_LIMIT = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a filter definition: an object as POST user/{userId}/filter takes it. */
export function readFilter(definition: unknown): SyncFilter {
  const room = isObject(definition) && isObject(definition.room) ? definition.room : {};
  const timeline = isObject(room.timeline) ? room.timeline : {};
  const state = isObject(room.state) ? room.state : {};
  const limit = typeof timeline.limit === 'number' && Number.isInteger(timeline.limit) ? timeline.limit : DEFAULT_TIMELINE_LIMIT;
  return {
    timelineLimit: Math.min(Math.max(limit, 1), MAX_TIMELINE_LIMIT),
    lazyLoadMembers: state.lazy_load_members === true,
    includeLeave: room.include_leave === true,
  };
}

/** The `filter` query parameter of /sync or /messages: inline JSON, or the id of a filter the user stored. */
export function filterParam(hs: Homeserver, userId: string, param: string | null): SyncFilter {
  if (param === null) return readFilter({});
  if (param.trimStart().startsWith('{')) {
    try {
      return readFilter(JSON.parse(param));
    } catch {
      throw badJson('the filter parameter is not valid JSON');
    }
  }
  const stored = hs.filters.get(userId)?.[Number(param)];
  if (stored === undefined || !/^\d+$/.test(param)) throw notFound(`no filter ${param} for ${userId}`);
  return readFilter(stored);
}
