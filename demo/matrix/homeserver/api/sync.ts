// GET /sync: long-polling. With a `since` and nothing new, the request waits
// up to `timeout` ms for a change that concerns this device.

import { invalidParam } from '../errors';
import type { Handler } from '../http/context';
import { parseToken } from '../state/stream';
import { filterParam } from '../sync/filter';
import { buildSync } from '../sync/response';
import type { StateMode } from '../sync/rooms';

const MAX_TIMEOUT_MS = 60_000;

function stateMode(query: URLSearchParams): StateMode {
  if (query.get('use_state_after') === 'true') return { kind: 'state_after', field: 'state_after' };
  if (query.get('org.matrix.msc4222.use_state_after') === 'true') return { kind: 'state_after', field: 'org.matrix.msc4222.state_after' };
  return { kind: 'state' };
}

export const sync: Handler = async (ctx) => {
  const session = ctx.auth();
  const sinceParam = ctx.query.get('since');
  const parsed = sinceParam === null ? null : parseToken(sinceParam);
  if (sinceParam !== null && parsed === null) throw invalidParam(`since is not a token of this server: ${sinceParam}`);
  const since = parsed === null ? null : Math.min(parsed, ctx.hs.stream.current);
  const timeout = Math.min(Math.max(Number(ctx.query.get('timeout') ?? 0) || 0, 0), MAX_TIMEOUT_MS);
  const request = {
    viewer: { userId: session.userId, deviceId: session.deviceId },
    since,
    fullState: ctx.query.get('full_state') === 'true',
    filter: filterParam(ctx.hs, session.userId, ctx.query.get('filter')),
    mode: stateMode(ctx.query),
  };
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = buildSync(ctx.hs, request);
    const left = deadline - Date.now();
    if (!result.empty || since === null || left <= 0 || ctx.signal.aborted) return { body: result.body };
    await ctx.hs.stream.waitForChange(left, ctx.signal);
  }
};
