import { useState } from 'preact/hooks';
import { isSiteEnabled, type SettingsRecord } from '../core/settings/site-settings';
import { send } from '../send';
import { t } from '../ui/i18n';

/** KeyWatch on or off, per site. Off: the site's pages are not read, remembered, or warned about. */
export function SitesSection({ sites, settings }: { sites: string[]; settings: SettingsRecord }) {
  const [failure, setFailure] = useState<string | null>(null);
  const toggle = async (origin: string, enabled: boolean) => {
    const reply = await send('settings/site', { origin, enabled });
    setFailure(reply.ok ? null : reply.reason);
  };
  return (
    <section aria-labelledby="sites-title" id="sites">
      <h2 id="sites-title">{t('optionsSitesTitle')}</h2>
      <p class="muted small">{t('optionsSitesHint')}</p>
      {sites.length === 0 ? (
        <p class="muted">{t('optionsNoSites')}</p>
      ) : (
        <ul class="plain sites" data-testid="sites">
          {sites.map((origin) => {
            const on = isSiteEnabled(settings, origin);
            return (
              <li key={origin} data-testid="site" data-origin={origin} data-enabled={String(on)}>
                <label>
                  <input
                    type="checkbox"
                    role="switch"
                    checked={on}
                    onChange={(e) => void toggle(origin, (e.currentTarget as HTMLInputElement).checked)}
                    data-testid="site-toggle"
                  />{' '}
                  <span class="mono">{origin}</span>{' '}
                  <span class={`chip ${on ? 'ok' : 'warning'}`}>{t(on ? 'optionsSiteOn' : 'optionsSiteOff')}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {failure && <p role="alert">{failure}</p>}
    </section>
  );
}
