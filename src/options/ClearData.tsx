import { useState } from 'preact/hooks';
import { send } from '../send';
import { t } from '../ui/i18n';

/** Forgetting everything, behind two steps: open the confirmation, then type the word. */
export function ClearData() {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const word = t('optionsClearWord');
  const ready = typed.trim().toLocaleLowerCase() === word.toLocaleLowerCase();

  const clear = async () => {
    const reply = await send('records/clear', { confirm: 'clear-all-data' });
    if (!reply.ok) return setFailure(reply.reason);
    location.reload();
  };

  return (
    <div class="card danger">
      <h3>{t('optionsClearTitle')}</h3>
      <p class="small muted">{t('optionsClearHint')}</p>
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} data-testid="clear-start">
          {t('optionsClearStart')}
        </button>
      ) : (
        <div role="group" aria-labelledby="clear-confirm-label">
          <p id="clear-confirm-label">
            <strong>{t('optionsClearConfirm', word)}</strong>
          </p>
          <input
            type="text"
            aria-labelledby="clear-confirm-label"
            value={typed}
            autoComplete="off"
            onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
            data-testid="clear-word"
          />{' '}
          <button type="button" class="danger" disabled={!ready} onClick={() => void clear()} data-testid="clear-confirm">
            {t('optionsClearButton')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              setTyped('');
            }}
          >
            {t('cancel')}
          </button>
        </div>
      )}
      {failure && <p role="alert">{failure}</p>}
    </div>
  );
}
