import { parseDisclosure } from '../../adapters/page-protocol/parse';
import { toSnapshot } from '../../adapters/page-protocol/to-snapshot';
import type { Messages } from '../../messages';
import type { HandlerContext } from '../router';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { recordTabState, reportingPage } from '../tab-state';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** A content script's report: validated again here, verified, then remembered. */
export async function handlePageDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  const tabId = context.tabId!;
  const page = reportingPage(context);
  const origin = page.origin;
  const tabState = (conversationKey: string | null, problem: string | null, accountDevice: string | null = null) =>
    recordTabState(tabId, page, { conversationKey, problem, adapter: 'page-protocol', accountDevice });
  const parsed = parseDisclosure(request.text);
  if (!parsed.ok) {
    log.refused(`disclosure from ${origin}: ${parsed.reason}`, context.sender);
    await tabState(null, parsed.reason);
    return { ok: false, reason: parsed.reason };
  }
  const snapshot = toSnapshot(parsed.disclosure, origin);
  if (request.skipped > 0) {
    snapshot.problems.push(`the page changed ${request.skipped} time(s) faster than KeyWatch could read it; those states were not checked`);
  }
  const outcome = await ingestSnapshot(snapshot);
  if (!outcome.ok) {
    await tabState(null, outcome.reason);
    return outcome;
  }
  await tabState(outcome.conversationKey, null, parsed.disclosure.accountDevice ?? null);
  return { ok: true, banner: outcome.banner };
}
