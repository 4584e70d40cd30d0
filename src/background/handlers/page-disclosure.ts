import { NO_CONVERSATION, parseDisclosure } from '../../adapters/page-protocol/parse';
import { toSnapshot } from '../../adapters/page-protocol/to-snapshot';
import type { Messages } from '../../messages';
import type { HandlerContext } from '../router';
import { rememberChecks, runChecked } from '../checked';
import { ingestSnapshot } from '../ingest';
import { log } from '../log';
import { recordTabState } from '../tab-state';
import { handlePageNothing } from './page-nothing';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** A content script's report: validated again here, verified, then remembered. */
export async function handlePageDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  const tabId = context.tabId!;
  // The origin comes from the browser's record of the sender, never from the page.
  const origin = new URL(context.senderUrl).origin;
  const tabState = (conversationKey: string | null, problem: string | null, accountDevice: string | null = null) =>
    recordTabState(tabId, { url: context.senderUrl, origin }, { conversationKey, problem, adapter: 'page-protocol', accountDevice });
  // The content script only read the text: this is where it is parsed and validated.
  const parsed = parseDisclosure(request.text);
  if (!parsed.ok) {
    if (parsed.reason !== NO_CONVERSATION) log.refused(`disclosure from ${origin}: ${parsed.reason}`, context.sender);
    // As when the page discloses nothing: remembered for the tab, unless another adapter reads a conversation there.
    const problem = parsed.reason === NO_CONVERSATION ? NO_CONVERSATION : `refused: ${parsed.reason}`;
    await handlePageNothing({ adapter: 'page-protocol', reason: problem }, context);
    return { ok: false, reason: parsed.reason };
  }
  const { value: snapshot } = await runChecked((checks) => toSnapshot(parsed.disclosure, origin, checks));
  if (request.skipped > 0) {
    snapshot.problems.push(`the page changed ${request.skipped} time(s) faster than KeyWatch could read it; those states were not checked`);
  }
  const outcome = await ingestSnapshot(snapshot);
  void rememberChecks();
  if (!outcome.ok) {
    await tabState(null, outcome.reason);
    return outcome;
  }
  await tabState(outcome.conversationKey, null, parsed.disclosure.accountDevice ?? null);
  return { ok: true, banner: outcome.banner };
}
