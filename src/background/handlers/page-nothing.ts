import type { Messages } from '../../messages';
import { gap } from '../../view/coverage';
import type { HandlerContext } from '../router';
import { alertRefusedReport } from '../refused-report';
import { reportCoverage } from '../tab-coverage';
import { bannerKept, fromSameDocument, readTabState, recordTabState, reportingPage } from '../tab-state';

type Request = Messages['page/nothing']['request'];

/** How the page-protocol content script words a disclosure it refused (page-protocol-watcher.ts). */
const REFUSED = 'refused: ';

/** The page shows no conversation (or refused to be read): remember why, keep the records. */
export async function handlePageNothing(request: Request, context: HandlerContext): Promise<{ ok: true }> {
  // The content script refused what the page disclosed: the state the page shows was not checked.
  if (request.reason.startsWith(REFUSED)) {
    const reason = request.reason.slice(REFUSED.length);
    await reportCoverage(context.tabId!, { url: context.senderUrl, document: context.document, gaps: [gap.refused(reason)] });
    await alertRefusedReport(context.tabId!, context.senderUrl, reason);
  }
  // One adapter finding nothing must not hide the conversation another adapter reads in the same tab.
  const current = await readTabState(context.tabId!);
  const page = reportingPage(context);
  if (fromSameDocument(current, page) && current?.conversationKey && current.adapter && current.adapter !== request.adapter)
    return { ok: true };
  // The banner of the conversation this document showed stays up (a page must not take it down by showing nothing).
  const bannerOf = bannerKept(current, page, request.adapter);
  await recordTabState(context.tabId!, page, {
    conversationKey: null,
    problem: request.reason,
    adapter: request.adapter,
    ...(bannerOf ? { bannerOf } : {}),
  });
  return { ok: true };
}
