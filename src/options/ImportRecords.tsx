import { useState } from 'preact/hooks';
import type { ConflictChoice, ImportPreview } from '../core/records-file';
import { send } from '../send';
import { onFileChosen } from '../ui/file-input';
import { t, tn } from '../ui/i18n';
import { ImportReview } from './ImportReview';

type ImportState =
  | { step: 'idle' }
  | { step: 'reading' }
  | {
      step: 'review';
      text: string;
      fileName: string;
      preview: ImportPreview;
      decisions: Record<string, ConflictChoice>;
      /** The user confirmed the alerts it closes, the verifications it adds and the trust it changes. */
      confirmed: boolean;
      /** The preview is being made again for the decisions just changed: nothing to apply until it is in. */
      checking: boolean;
    }
  | { step: 'done'; preview: ImportPreview }
  | { step: 'refused'; reason: string };

/**
 * Import: the background checks the file and says what it would do; nothing
 * changes until the user has seen that, decided every conflict, and confirmed
 * the alerts it would close and the verifications it would add.
 */
export function ImportRecords() {
  const [state, setState] = useState<ImportState>({ step: 'idle' });

  const choose = async (file: File) => {
    setState({ step: 'reading' });
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return setState({ step: 'refused', reason: String(error) });
    }
    const reply = await send('records/import-preview', { text });
    setState(
      reply.ok
        ? { step: 'review', text, fileName: file.name, preview: reply.preview, decisions: {}, confirmed: false, checking: false }
        : { step: 'refused', reason: reply.reason },
    );
  };

  /** What a conflict's decision adds or closes depends on it: the review is made again, and confirmed again. */
  const decide = async (id: string, choice: ConflictChoice) => {
    if (state.step !== 'review') return;
    const decisions = { ...state.decisions, [id]: choice };
    setState({ ...state, decisions, confirmed: false, checking: true });
    const reply = await send('records/import-preview', { text: state.text, decisions });
    setState((now) =>
      now.step !== 'review' || now.text !== state.text || now.decisions !== decisions
        ? now
        : reply.ok
          ? // Whatever was confirmed meanwhile was the list on screen then, not this one: confirmed again.
            { ...now, preview: reply.preview, checking: false, confirmed: false }
          : { step: 'refused', reason: reply.reason },
    );
  };

  const apply = async () => {
    if (state.step !== 'review' || state.checking) return;
    const reply = await send('records/import-apply', {
      text: state.text,
      decisions: state.decisions,
      confirmed: state.confirmed ? state.preview.confirmation : null,
    });
    setState(reply.ok ? { step: 'done', preview: reply.preview } : { step: 'refused', reason: reply.reason });
  };

  const undecided = state.step === 'review' ? state.preview.conflicts.filter((c) => !state.decisions[c.id]).length : 0;
  const unconfirmed = state.step === 'review' && state.preview.confirmation !== null && !state.confirmed;
  return (
    <div class="card">
      <h3>{t('optionsImportTitle')}</h3>
      <p class="small muted">{t('optionsImportHint')}</p>
      <label for="records-file">{t('optionsImportChoose')}</label>{' '}
      <input
        id="records-file"
        type="file"
        accept=".json,application/json"
        data-testid="import-input"
        onChange={onFileChosen((file) => void choose(file))}
      />
      {state.step === 'reading' && <p role="status">{t('optionsImportReading')}</p>}
      {state.step === 'refused' && (
        <p role="alert" class="notice" data-testid="import-refused">
          {t('optionsImportRefused', state.reason)}
        </p>
      )}
      {state.step === 'done' && (
        <p role="status" data-testid="import-done">
          {t(
            'optionsImportDone',
            state.preview.contacts.added + state.preview.contacts.updated,
            state.preview.conversations.added + state.preview.conversations.updated,
            state.preview.alerts.added + state.preview.alerts.updated,
          )}
        </p>
      )}
      {state.step === 'review' && (
        <>
          <p class="small mono">{state.fileName}</p>
          <ImportReview
            preview={state.preview}
            decisions={state.decisions}
            onDecide={(id, choice) => void decide(id, choice)}
            confirmed={state.confirmed}
            onConfirm={(confirmed) => setState((now) => (now.step === 'review' && !now.checking ? { ...now, confirmed } : now))}
          />
          {undecided > 0 && (
            <p class="small" role="status">
              {tn('optionsImportUndecided', undecided)}
            </p>
          )}
          {unconfirmed && (
            <p class="small" role="status" data-testid="import-unconfirmed">
              {t('optionsImportUnconfirmed')}
            </p>
          )}
          <div class="row">
            <button
              type="button"
              class="primary"
              disabled={undecided > 0 || unconfirmed || (state.step === 'review' && state.checking)}
              onClick={() => void apply()}
              data-testid="import-apply"
            >
              {t('optionsImportApply')}
            </button>
            <button type="button" onClick={() => setState({ step: 'idle' })} data-testid="import-cancel">
              {t('cancel')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
