import { NO_CONVERSATION, parseDisclosure } from '../../adapters/page-protocol/parse';
import { toSnapshot } from '../../adapters/page-protocol/to-snapshot';
import type { BannerAlert, Messages, Ok, Refusal } from '../../messages';
import { gap, notTakenIn } from '../../view/coverage';
import type { HandlerContext } from '../router';
import { loadRememberedChecks, rememberChecks, runChecked } from '../checked';
import { disclosureText } from '../disclosure-bases';
import { ingestSnapshot, readAheadOfReport } from '../ingest';
import { takeCarriedCopySoon } from '../store';
import { log } from '../log';
import { recordWholeAsked } from '../metrics';
import { alertRefusedReport } from '../refused-report';
import { reportCoverage, whilePending } from '../tab-coverage';
import { recordTabState, reportingPage } from '../tab-state';
import { handlePageNothing } from './page-nothing';
import { refreshOtherBanners } from '../banners';

type Request = Messages['page/disclosure']['request'];
type Response = Messages['page/disclosure']['response'];

/** A content script's report: validated again here, verified, then remembered. */
export function handlePageDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  return whilePending(context.tabId!, () => takeDisclosure(request, context));
}

/**
 * Starts reading what a report's handler will need from what this worker remembers (the checks' outcomes, the carried
 * copy of the store), as a report arrives, before its handler runs (main.ts, readyFor): a woken worker's storage reads
 * them while the store is made ready and the text is parsed. Only reads, of KeyWatch's own records; each happens once
 * per worker. A handler that ran without it would only wait longer: the checks and the store read what they lack.
 */
export function readAheadOfDisclosure(): void {
  loadRememberedChecks();
  takeCarriedCopySoon();
}

async function takeDisclosure(request: Request, context: HandlerContext): Promise<Response> {
  // Sent as a change against a text this worker no longer holds: asked for whole (the reads begun as the report
  // arrived go on meanwhile).
  const sent = await disclosureText(context.tabId!, context.document, request);
  if (!('text' in sent)) {
    void recordWholeAsked(sent.reason);
    return sent;
  }
  const reply = await takeText(sent.text, request, context);
  return sent.held ? { ...reply, held: sent.held } : reply;
}

async function takeText(text: string, request: Request, context: HandlerContext): Promise<Ok<{ banner: BannerAlert[] }> | Refusal> {
  const tabId = context.tabId!;
  const page = reportingPage(context);
  const origin = page.origin;
  const tabState = (conversationKey: string | null, problem: string | null, accountDevice: string | null = null) =>
    recordTabState(tabId, page, { conversationKey, problem, adapter: 'page-protocol', accountDevice });
  const skipped = request.skipped > 0 ? [gap.statesSkipped(request.skipped)] : [];
  // The content script only read the text: this is where it is parsed and validated.
  const parsed = parseDisclosure(text);
  if (!parsed.ok) {
    if (parsed.reason !== NO_CONVERSATION) log.refused(`disclosure from ${origin}: ${parsed.reason}`, context.sender);
    if (skipped.length > 0) await reportCoverage(tabId, { url: context.senderUrl, document: context.document, gaps: skipped });
    // As when the page discloses nothing: remembered for the tab (a refusal counted and shown there),
    // unless another adapter reads a conversation in it.
    const problem = parsed.reason === NO_CONVERSATION ? NO_CONVERSATION : `refused: ${parsed.reason}`;
    await handlePageNothing({ adapter: 'page-protocol', reason: problem }, context);
    return { ok: false, reason: parsed.reason };
  }
  // A woken worker checks the signatures while storage reads what the ingest will need: it pays the longer of the two, not both.
  const { account, conversation, participants } = parsed.disclosure;
  const readAhead = readAheadOfReport({ messenger: origin, account, conversation, participants });
  // The snapshot is a function of the checks' answers alone: when every new check proves valid, one run of it is enough.
  const { value: snapshot } = await runChecked((checks) => toSnapshot(parsed.disclosure, origin, checks), { finalWhenGuessedRight: true });
  // One more occurrence of the conversation's problem alert, counted there (rules/snapshot-problem.ts).
  if (request.skipped > 0) snapshot.unread = { states: request.skipped };
  const outcome = await ingestSnapshot(snapshot, readAhead).catch(async (error: unknown) => {
    // Read and checked, but not remembered: the standing must not rest on it.
    const reason = `what the page showed could not be stored: ${error instanceof Error ? error.message : String(error)}`;
    await reportCoverage(tabId, {
      url: context.senderUrl,
      document: context.document,
      gaps: [...skipped, notTakenIn(origin, { reason, writeFailed: true })],
    });
    await alertRefusedReport(tabId, context.senderUrl, reason);
    throw error;
  });
  void rememberChecks();
  if (!outcome.ok) {
    // Over a limit of the store, its own alert says so; any other refusal counts in the conversation's problem alert.
    await reportCoverage(tabId, { url: context.senderUrl, document: context.document, gaps: [...skipped, notTakenIn(origin, outcome)] });
    if (!outcome.overLimit) await alertRefusedReport(tabId, context.senderUrl, outcome.reason);
    await tabState(null, outcome.reason);
    if (outcome.raisedCritical) refreshOtherBanners(tabId);
    return { ok: false, reason: outcome.reason };
  }
  await reportCoverage(tabId, {
    url: context.senderUrl,
    document: context.document,
    read: { conversationKey: outcome.conversationKey, reader: { adapter: 'page-protocol' }, takenIn: outcome.takenIn },
    gaps: skipped,
  });
  await tabState(outcome.conversationKey, null, parsed.disclosure.accountDevice ?? null);
  if (outcome.raisedCritical) refreshOtherBanners(tabId);
  return { ok: true, banner: outcome.banner };
}
