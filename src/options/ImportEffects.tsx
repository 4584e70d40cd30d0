import { PageText } from '../ui/PageText';
import type { AddedVerification, ClosedAlert, TrustChange } from '../core/records-file';
import { alertText } from '../ui/alert-text';
import { t } from '../ui/i18n';
import { methodText } from '../ui/method-text';
import { formatTime, keyLabel } from './format';

const trustText = (trust: TrustChange['from']) => t(`trust_${trust.replace(/-/g, '_')}`);

/**
 * What an import would decide for the user, item by item: every alert open here
 * that it would close, every verification it would add, every contact whose
 * trust it would change. Nothing of it happens unless the user confirms this
 * whole list (the checkbox below it).
 */
export function ImportEffects({
  closed,
  verifications,
  trustChanged,
  confirmed,
  onConfirm,
}: {
  closed: ClosedAlert[];
  verifications: AddedVerification[];
  trustChanged: TrustChange[];
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
}) {
  if (closed.length === 0 && verifications.length === 0 && trustChanged.length === 0) return null;
  return (
    <div class="effects" data-testid="import-effects">
      {closed.length > 0 && (
        <>
          <h4>{t('optionsImportClosesTitle', closed.length)}</h4>
          <ul class="plain small" data-testid="import-closes">
            {closed.map(({ alert, by }) => (
              <li key={alert.id} data-testid="import-close" data-id={alert.id} data-by={by}>
                <span class={`chip ${alert.severity}`}>{t(`severity_${alert.severity}`)}</span> <bdi>{alertText(alert).summary}</bdi>
                <br />
                <span class="muted">
                  {alert.origin} · {t(by === 'verification' ? 'optionsImportClosedByVerification' : 'optionsImportClosedByAcknowledgement')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {verifications.length > 0 && (
        <>
          <h4>{t('optionsImportVerificationsTitle', verifications.length)}</h4>
          <ul class="plain small" data-testid="import-verifications">
            {verifications.map((x) => (
              <li
                key={`${x.origin}|${x.account}|${x.contactId}|${x.method}|${x.at}|${x.key.key}`}
                data-testid="import-verification"
                data-contact={x.contactId}
                data-now={String(x.verifiesNow)}
              >
                <PageText text={x.name} />{' '}
                <span class="muted mono">
                  <PageText text={x.contactId} /> · {x.origin}
                </span>
                <br />
                <span class="mono">{keyLabel(x.key)}</span> · {t('optionsVerifiedBy', formatTime(x.at), methodText(x.method))}
                {x.verifiesNow && (
                  <>
                    {' '}
                    <span class="chip ok">{t('optionsImportVerifiesNow')}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {trustChanged.length > 0 && (
        <>
          <h4>{t('optionsImportTrustTitle', trustChanged.length)}</h4>
          <ul class="plain small" data-testid="import-trust-changes">
            {trustChanged.map((c) => (
              <li
                key={`${c.origin}|${c.account}|${c.contactId}`}
                data-testid="import-trust-change"
                data-contact={c.contactId}
                data-from={c.from}
                data-to={c.to}
              >
                <PageText text={c.name} />{' '}
                <span class="muted mono">
                  <PageText text={c.contactId} /> · {c.origin}
                </span>
                <br />
                {c.key && <span class="mono">{keyLabel(c.key)}</span>}
                {c.key && ' · '}
                {t('optionsImportTrustFromTo', trustText(c.from), trustText(c.to))}
              </li>
            ))}
          </ul>
        </>
      )}
      <label class="choice strong">
        <input
          type="checkbox"
          checked={confirmed}
          onChange={(e) => onConfirm((e.currentTarget as HTMLInputElement).checked)}
          data-testid="import-confirm"
        />{' '}
        {t('optionsImportConfirmEffects')}
      </label>
    </div>
  );
}
