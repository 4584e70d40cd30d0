// The user pressed "ask the client for their keys" in the popup: the members
// of the tab's Matrix room whose keys KeyWatch has not seen are handed to the
// content script, which asks the page's own client for them (Element's
// downloadKeysForUsers, with the client's own session). KeyWatch itself sends
// no request, and never asks without the user's click.

import { isKeysRequest, type KeysRequest } from '../../adapters/matrix/content/keys-request';
import type { Messages } from '../../messages';
import { sendToTab } from '../../platform/tabs';
import { readTabState } from '../tab-state';

type Request = Messages['matrix/request-keys']['request'];
type Response = Messages['matrix/request-keys']['response'];

export async function handleMatrixRequestKeys(request: Request): Promise<Response> {
  const state = await readTabState(request.tabId);
  if (state?.adapter !== 'matrix' || !state.unchecked?.length) return { ok: false, reason: 'no member of this room is waiting for keys' };
  const message: KeysRequest = { type: 'matrix/request-keys', userIds: state.unchecked };
  if (!isKeysRequest(message)) return { ok: false, reason: 'the members waiting for keys cannot be named to the page' };
  const reply = (await sendToTab(request.tabId, message).catch(() => null)) as { outcome?: unknown } | null;
  const outcome = reply?.outcome === 'requested' ? 'requested' : 'unavailable';
  return { ok: true, outcome, users: message.userIds.length };
}
