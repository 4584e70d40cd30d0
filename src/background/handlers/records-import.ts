// Importing a records file. The preview and the import each parse the file
// and plan against the store as it is at that moment; the import refuses if a
// conflict is left without the user's decision (one may have appeared since
// the preview), or if what it would close or verify is not exactly the list
// the user confirmed. The merge is applied as one plan inside the serialized queue.
import { parseRecordsFile, planImport } from '../../core/records-file';
import { conversationKey, parseStorageKey } from '../../core/trust';
import type { Messages } from '../../messages';
import { refreshBadge } from '../badge';
import { refreshBanners } from '../banners';
import { log } from '../log';
import { settleNotifications } from '../notifications';
import { applyPlan, planWithStore, planWrite, serialized, storeWrites } from '../store';
import { forgetReadsOf } from '../tab-coverage';

type PreviewReply = Messages['records/import-preview']['response'];
type ApplyReply = Messages['records/import-apply']['response'];

export async function handleImportPreview(request: Messages['records/import-preview']['request']): Promise<PreviewReply> {
  const parsed = parseRecordsFile(request.text, Date.now());
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  const plan = await planWithStore((read) => planImport(read, parsed.file, request.decisions ?? {}, Date.now()));
  return plan.ok ? { ok: true, preview: plan.preview, undecided: plan.undecided } : { ok: false, reason: plan.reason };
}

export async function handleImportApply(request: Messages['records/import-apply']['request']): Promise<ApplyReply> {
  const parsed = parseRecordsFile(request.text, Date.now());
  if (!parsed.ok) return { ok: false, reason: parsed.error.message };
  const result = await serialized(async () => {
    const plan = await planWrite((read) => planImport(read, parsed.file, request.decisions, Date.now()));
    if (!plan.ok) return plan;
    if (plan.undecided.length > 0) {
      return {
        ok: false as const,
        reason: `import refused: ${plan.undecided.length} conflict(s) still need your decision; nothing was changed`,
      };
    }
    if (plan.preview.confirmation !== null && plan.preview.confirmation !== request.confirmed) {
      return {
        ok: false as const,
        reason:
          'import refused: the alerts it would close, the verifications it would add and the trust it would change were not confirmed, or changed since you reviewed them; review the file again. Nothing was changed.',
      };
    }
    // A roster taken from the file is not what any open page showed: no tab reads it as fresh (no "everyone
    // verified") until its page is read again. Forgotten before the write, not after: a worker stopped between the two
    // must not leave a tab reading the file's roster as what its page showed (applying the file again would not
    // repair it: nothing would be left to import). This write is the queue's next (storeWrites).
    await forgetReadsOf(rostersReplaced([...Object.keys(plan.writes), ...plan.deletes]), storeWrites() + 1);
    // An import is not bounded by the limits of what pages may add (the user chose it), but counted at once:
    // planWrite adds what it changes to the usage records, in the same set.
    await applyPlan({ writes: plan.writes, deletes: plan.deletes });
    return plan;
  });
  if (!result.ok) {
    log.refused(result.reason, 'extension-page');
    return { ok: false, reason: result.reason };
  }
  log.info(`records imported: ${Object.keys(result.writes).length} record(s) written`);
  await Promise.all([refreshBadge(), refreshBanners(), settleNotifications()]);
  return { ok: true, preview: result.preview };
}

/** The conversations whose stored roster these keys change. */
function rostersReplaced(keys: readonly string[]): Set<string> {
  const replaced = new Set<string>();
  for (const key of keys) {
    const where = parseStorageKey(key);
    if (where.kind === 'roster-chunk') replaced.add(conversationKey(where.origin, where.account, where.conversationId));
  }
  return replaced;
}
