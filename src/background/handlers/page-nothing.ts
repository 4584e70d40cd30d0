import type { Messages } from '../../messages';
import type { HandlerContext } from '../router';
import { readTabState, recordTabState, reportingPage } from '../tab-state';

type Request = Messages['page/nothing']['request'];

/** The page shows no conversation (or refused to be read): remember why, keep the records. */
export async function handlePageNothing(request: Request, context: HandlerContext): Promise<{ ok: true }> {
  // One adapter finding nothing must not hide the conversation another adapter reads in the same tab.
  const current = await readTabState(context.tabId!);
  const sameDocument =
    current?.document && context.document
      ? current.document === context.document
      : current?.url.split('#')[0] === context.senderUrl.split('#')[0];
  if (sameDocument && current?.conversationKey && current.adapter && current.adapter !== request.adapter) return { ok: true };
  await recordTabState(context.tabId!, reportingPage(context), {
    conversationKey: null,
    problem: request.reason,
    adapter: request.adapter,
  });
  return { ok: true };
}
