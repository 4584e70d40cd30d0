import type { DeviceVouch as Vouch } from '../core/roster';
import { t } from '../ui/i18n';

/**
 * A device's verdict. A signature by an identity key that just changed (not yet
 * accepted or verified) vouches only for whoever holds that key: never shown as plain good news.
 */
export function DeviceVouch({ vouch, newIdentity }: { vouch: Vouch; newIdentity: boolean }) {
  if (vouch === 'signed' && newIdentity) return <span class="chip warning">{t('vouch_signed_newIdentity')}</span>;
  return <span class={`chip ${vouch === 'signed' ? 'ok' : 'critical'}`}>{t(`vouch_${vouch.replace(/-/g, '_')}`)}</span>;
}
