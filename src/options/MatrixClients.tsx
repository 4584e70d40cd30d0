// Lets the user point KeyWatch at a Matrix web client other than app.element.io
// (a self-hosted Element, for example). The browser asks the user to grant
// access to that address; the background then watches its pages.
import { useEffect, useState } from 'preact/hooks';
import { grantedOrigins, requestOrigins } from '../platform/scripting';
import { t } from '../ui/i18n';
import { matchPatternFor } from './match-pattern';

export function MatrixClients() {
  const [address, setAddress] = useState('');
  const [granted, setGranted] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => void grantedOrigins().then((all) => setGranted(all.filter((o) => !o.includes('*://*') && o !== 'https://*/*')));
  useEffect(refresh, []);
  const grant = async (event: Event) => {
    event.preventDefault();
    const pattern = matchPatternFor(address);
    if (!pattern) return setMessage(t('optionsMatrixBadAddress'));
    const ok = await requestOrigins([pattern]).catch(() => false);
    setMessage(t(ok ? 'optionsMatrixGranted' : 'optionsMatrixRefused', pattern));
    refresh();
  };
  return (
    <section aria-labelledby="matrix-title" id="matrix">
      <h2 id="matrix-title">{t('optionsMatrixTitle')}</h2>
      <p class="muted small">{t('optionsMatrixHint')}</p>
      <form onSubmit={grant}>
        <label>
          {t('optionsMatrixAddress')}{' '}
          <input
            type="url"
            value={address}
            placeholder="https://chat.example.org"
            data-testid="matrix-address"
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit">{t('optionsMatrixWatch')}</button>
      </form>
      {message && <p role="status">{message}</p>}
      <ul class="plain">
        {granted.map((origin) => (
          <li key={origin} class="mono small">
            {origin}
          </li>
        ))}
      </ul>
    </section>
  );
}
