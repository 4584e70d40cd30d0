import { parseDisclosure } from '../../adapters/page-protocol/parse';
import { toSnapshot } from '../../adapters/page-protocol/to-snapshot';
import type { Messages } from '../../messages';
import { gap } from '../../view/coverage';
import type { HandlerContext } from '../router';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { alertRefusedReport } from '../refused-report';
import { reportCoverage, whilePending } from '../tab-coverage';
import { recordTabState, reportingPage } from '../tab-state';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** A content script's report: validated again here, verified, then remembered. */
export function handlePageDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  return whilePending(context.tabId!, () => takeDisclosure(request, context));
}

async function takeDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  const tabId = context.tabId!;
  const page = reportingPage(context);
  const origin = page.origin;
  const tabState = (conversationKey: string | null, problem: string | null, accountDevice: string | null = null) =>
    recordTabState(tabId, page, { conversationKey, problem, adapter: 'page-protocol', accountDevice });
  const skipped = request.skipped > 0 ? [gap.statesSkipped(request.skipped)] : [];
  const parsed = parseDisclosure(request.text);
  if (!parsed.ok) {
    log.refused(`disclosure from ${origin}: ${parsed.reason}`, context.sender);
    await reportCoverage(tabId, { url: context.senderUrl, gaps: [...skipped, gap.refused(parsed.reason)] });
    await alertRefusedReport(tabId, context.senderUrl, parsed.reason);
    await tabState(null, parsed.reason);
    return { ok: false, reason: parsed.reason };
  }
  const snapshot = toSnapshot(parsed.disclosure, origin);
  // One more occurrence of the conversation's problem alert, counted there (rules/snapshot-problem.ts).
  if (request.skipped > 0) snapshot.unread = { states: request.skipped };
  const outcome = await ingestSnapshot(snapshot).catch(async (error: unknown) => {
    // Read and checked, but not remembered: the standing must not rest on it.
    const reason = `what the page showed could not be stored: ${error instanceof Error ? error.message : String(error)}`;
    await reportCoverage(tabId, { url: context.senderUrl, gaps: [...skipped, gap.writeFailed('the trust store', reason)] });
    await alertRefusedReport(tabId, context.senderUrl, reason);
    throw error;
  });
  if (!outcome.ok) {
    // Over a limit of the store, its own alert says so; any other refusal counts in the conversation's problem alert.
    const refused = outcome.overLimit ? gap.overLimit(origin, outcome.reason) : gap.refused(outcome.reason);
    await reportCoverage(tabId, { url: context.senderUrl, gaps: [...skipped, refused] });
    if (!outcome.overLimit) await alertRefusedReport(tabId, context.senderUrl, outcome.reason);
    await tabState(null, outcome.reason);
    return { ok: false, reason: outcome.reason };
  }
  await reportCoverage(tabId, {
    url: context.senderUrl,
    read: { conversationKey: outcome.conversationKey, reader: { adapter: 'page-protocol' } },
    gaps: skipped,
  });
  await tabState(outcome.conversationKey, null, parsed.disclosure.accountDevice ?? null);
  return { ok: true, banner: outcome.banner };
}
