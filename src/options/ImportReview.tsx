import type { ConflictChoice, ImportCounts, ImportPreview } from '../core/records-file';
import { t } from '../ui/i18n';
import { PageText } from '../ui/PageText';
import { formatTime, keyLabel } from './format';
import { ImportEffects } from './ImportEffects';

const countsText = (c: ImportCounts) => t('optionsImportCounts', c.added, c.updated, c.unchanged);

/**
 * What an import will do: counts, every alert it would close, every
 * verification it would add and every trust state it would change (to confirm as a whole), the records of the file it
 * refuses, and a decision for each contact whose key differs.
 */
export function ImportReview({
  preview,
  decisions,
  onDecide,
  confirmed,
  onConfirm,
}: {
  preview: ImportPreview;
  decisions: Record<string, ConflictChoice>;
  onDecide: (id: string, choice: ConflictChoice) => void;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
}) {
  return (
    <div class="review" data-testid="import-review">
      <p>{t('optionsImportFrom', formatTime(preview.exportedAt))}</p>
      <ul class="small">
        <li>
          {t('optionsImportContacts')} {countsText(preview.contacts)}
        </li>
        <li>
          {t('optionsImportConversations')} {countsText(preview.conversations)}
        </li>
        <li>
          {t('optionsImportAlerts')} {countsText(preview.alerts)}
        </li>
        {preview.other.added + preview.other.updated > 0 && (
          <li>
            {t('optionsImportOther')} {countsText(preview.other)}
          </li>
        )}
      </ul>
      <ImportEffects
        closed={preview.alertsClosed}
        verifications={preview.verificationsAdded}
        trustChanged={preview.trustChanged}
        confirmed={confirmed}
        onConfirm={onConfirm}
      />
      {preview.refused.length > 0 && (
        <details class="small" data-testid="import-refused-items" open>
          <summary class="notice">{t('optionsImportRefusedItems', preview.refused.length)}</summary>
          <ul class="plain">
            {preview.refused.map((r) => (
              <li key={r.key} data-testid="import-refused-item" data-key={r.key}>
                <span class="mono">{r.key}</span>: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.sitesTurnedOff.length > 0 && <p class="notice">{t('optionsImportSitesOff', preview.sitesTurnedOff.join(', '))}</p>}
      {preview.skipped.length > 0 && <p class="small muted">{t('optionsImportSkipped', preview.skipped.length)}</p>}
      {preview.conflicts.length > 0 && (
        <>
          <h4>{t('optionsImportConflicts', preview.conflicts.length)}</h4>
          <p class="small">{t('optionsImportConflictsHint')}</p>
          {preview.conflicts.map((c) => (
            <fieldset key={c.id} class="conflict" data-testid="conflict" data-id={c.contactId}>
              <legend>
                <PageText text={c.name} />{' '}
                <span class="muted mono small">
                  <PageText text={c.contactId} /> · {c.origin}
                </span>
              </legend>
              {(['mine', 'theirs'] as const).map((side) => {
                const s = side === 'mine' ? c.mine : c.theirs;
                return (
                  <label key={side} class="choice">
                    <input
                      type="radio"
                      name={`conflict-${c.id}`}
                      checked={decisions[c.id] === side}
                      onChange={() => onDecide(c.id, side)}
                      data-testid={`conflict-${side}`}
                    />{' '}
                    {t(side === 'mine' ? 'optionsKeepMine' : 'optionsTakeTheirs')}: <span class="mono">{keyLabel(s.key)}</span>{' '}
                    <span class={`chip ${s.trust === 'verified' ? 'ok' : 'info'}`}>{t(`trust_${s.trust.replace(/-/g, '_')}`)}</span>{' '}
                    <span class="muted small">{t('optionsLastSeenAt', formatTime(s.lastSeen))}</span>
                  </label>
                );
              })}
            </fieldset>
          ))}
        </>
      )}
    </div>
  );
}
