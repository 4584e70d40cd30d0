// The sites KeyWatch may read, as the browser reports them, and a way to add or
// give back one. A broad grant (every https site) is said plainly, at the top:
// the user must not believe KeyWatch reads less than it may.
import { useEffect, useState } from 'preact/hooks';
import { declaredOrigins } from '../adapters/reader-scripts';
import { manifestHosts } from '../platform/runtime';
import { grantedOrigins, onHostPermissionsChanged, removeOrigins, requestOrigins, withheldDeclaredOrigins } from '../platform/scripting';
import { t } from '../ui/i18n';
import { grantScope, isBroad, type GrantScope } from './grant-scope';
import { matchPatternFor } from './match-pattern';

function scopeText(scope: GrantScope): string {
  switch (scope.kind) {
    case 'every-site':
      return t('optionsGrantEverySite');
    case 'every-site-of-scheme':
      return t('optionsGrantEverySiteOfScheme', scope.scheme);
    case 'domain-and-subdomains':
      return t('optionsGrantDomain', scope.domain, scope.scheme);
    case 'site':
      return scope.origin;
    case 'pattern':
      return scope.pattern;
  }
}

function broadWarning(pattern: string, scope: GrantScope): string {
  return scope.kind === 'every-site-of-scheme' ? t('optionsGrantBroadScheme', scope.scheme, pattern) : t('optionsGrantBroadAll', pattern);
}

export function GrantedSites() {
  const manifest = manifestHosts();
  const declared = declaredOrigins(manifest);
  const [address, setAddress] = useState('');
  const [granted, setGranted] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [withheld, setWithheld] = useState<string[]>([]);
  // The broadest grants first, then by pattern.
  const order = (p: string) => (isBroad(grantScope(p)) ? 0 : 1);
  const refresh = () => {
    void withheldDeclaredOrigins(manifest.host_permissions ?? []).then(setWithheld, () => undefined);
    void grantedOrigins().then((all) => setGranted([...new Set(all)].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))));
  };
  useEffect(() => {
    refresh();
    onHostPermissionsChanged(refresh);
  }, []);

  const grant = async (event: Event) => {
    event.preventDefault();
    const pattern = matchPatternFor(address, manifest);
    if (!pattern) return setMessage(t('optionsGrantBadAddress'));
    const ok = await requestOrigins([pattern]).catch(() => false);
    setMessage(t(ok ? 'optionsGrantGranted' : 'optionsGrantRefused', pattern));
    refresh();
  };
  const giveBack = async (pattern: string) => {
    const ok = await removeOrigins([pattern]).catch(() => false);
    setMessage(t(ok ? 'optionsGrantRemoved' : 'optionsGrantRemoveFailed', pattern));
    refresh();
  };

  return (
    <section aria-labelledby="granted-title" id="granted-sites">
      <h2 id="granted-title">{t('optionsGrantTitle')}</h2>
      {withheld.map((origin) => (
        <p key={origin} role="alert" class="notice" data-testid="withheld-site">
          {t('sitesWithheld', origin)}
        </p>
      ))}
      {granted
        .filter((pattern) => isBroad(grantScope(pattern)))
        .map((pattern) => (
          <p key={pattern} class="notice" data-testid="broad-grant">
            {broadWarning(pattern, grantScope(pattern))}
          </p>
        ))}
      <p class="muted small">{t('optionsGrantHint')}</p>
      <form onSubmit={grant}>
        <label>
          {t('optionsGrantAddress')}{' '}
          <input
            type="url"
            value={address}
            placeholder="https://chat.example.org"
            data-testid="grant-address"
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit" data-testid="grant-submit">
          {t('optionsGrantWatch')}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      <h3 class="sub">{t('optionsGrantListTitle')}</h3>
      <ul class="plain sites" data-testid="granted-sites">
        {granted.map((pattern) => (
          <li key={pattern} data-testid="granted-site" data-pattern={pattern}>
            <span class={isBroad(grantScope(pattern)) ? 'strong' : ''}>{scopeText(grantScope(pattern))}</span>{' '}
            <span class="mono small muted">{pattern}</span>{' '}
            {declared.has(pattern) ? (
              <span class="chip info">{t('optionsGrantBuiltIn')}</span>
            ) : (
              <button type="button" onClick={() => void giveBack(pattern)} data-testid="grant-remove">
                {t('optionsGrantRemove')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
