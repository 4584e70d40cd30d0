import type { Messages } from '../../messages';
import type { HandlerContext } from '../router';
import { writeTabState } from '../tab-state';

type Request = Messages['page/nothing']['request'];

/** The page shows no conversation (or refused to be read): remember why, keep the records. */
export async function handlePageNothing(request: Request, context: HandlerContext): Promise<{ ok: true }> {
  const origin = new URL(context.senderUrl).origin;
  await writeTabState(context.tabId!, { url: context.senderUrl, origin, updatedAt: Date.now(), conversationKey: null, problem: request.reason });
  return { ok: true };
}
