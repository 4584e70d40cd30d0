import { parseDisclosure } from '../../adapters/page-protocol/parse';
import { toSnapshot } from '../../adapters/page-protocol/to-snapshot';
import type { Messages } from '../../messages';
import type { HandlerContext } from '../router';
import { log } from '../log';
import { ingestSnapshot } from '../trust-store';
import { writeTabState } from '../tab-state';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** A content script's report: validated again here, verified, then remembered. */
export async function handlePageDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  const tabId = context.tabId!;
  const origin = new URL(context.senderUrl).origin;
  const parsed = parseDisclosure(request.text);
  if (!parsed.ok) {
    log.refused(`disclosure from ${origin}: ${parsed.reason}`, context.sender);
    await writeTabState(tabId, { url: context.senderUrl, origin, updatedAt: Date.now(), conversationKey: null, problem: parsed.reason });
    return { ok: false, reason: parsed.reason };
  }
  const snapshot = toSnapshot(parsed.disclosure, origin);
  const { conversationKey } = await ingestSnapshot(snapshot, tabId);
  await writeTabState(tabId, { url: context.senderUrl, origin, updatedAt: Date.now(), conversationKey, problem: null });
  return { ok: true };
}
