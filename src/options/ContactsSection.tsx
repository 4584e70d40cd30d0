import { useMemo, useState } from 'preact/hooks';
import type { AlertRecord, ContactRecord } from '../core/trust';
import { t, tn } from '../ui/i18n';
import { isolated } from '../core/display/page-text';
import { alertText } from '../ui/alert-text';
import { PageText } from '../ui/PageText';
import { showsAsYou } from '../ui/shows-as-you';
import { trustTone } from '../ui/trust-tone';
import { ContactHistory } from './ContactHistory';
import { contactStanding, type ContactStanding } from './contact-standing';
import { formatTime } from './format';

const PAGE = 100;
const contactId = (c: { origin: string; account: string; contactId: string }) => `${c.origin}|${c.account}|${c.contactId}`;

/** Every contact and key KeyWatch has seen; each opens to its history. */
export function ContactsSection({ contacts, alerts }: { contacts: ContactRecord[]; alerts: AlertRecord[] }) {
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE);
  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? contacts.filter((c) => `${c.name} ${c.contactId} ${c.origin}`.toLowerCase().includes(needle)) : contacts;
  }, [contacts, filter]);
  const alertsByContact = useMemo(() => {
    const map = new Map<string, AlertRecord[]>();
    for (const a of alerts) {
      if (a.contactId === null) continue;
      const id = contactId({ origin: a.origin, account: a.account, contactId: a.contactId });
      const list = map.get(id);
      if (list) list.push(a);
      else map.set(id, [a]);
    }
    return map;
  }, [alerts]);

  return (
    <section aria-labelledby="contacts-title" id="contacts">
      <h2 id="contacts-title">{tn('optionsContacts', contacts.length)}</h2>
      {contacts.length === 0 ? (
        <p class="muted">{t('optionsNoContacts')}</p>
      ) : (
        <>
          <label class="filter">
            {t('optionsFilter')}{' '}
            <input
              type="search"
              value={filter}
              onInput={(e) => {
                setFilter((e.currentTarget as HTMLInputElement).value);
                setShown(PAGE);
              }}
              data-testid="contact-filter"
            />
          </label>
          <ul class="plain contacts" data-testid="contacts">
            {matching.slice(0, shown).map((c) => (
              <ContactRow key={contactId(c)} contact={c} alerts={alertsByContact.get(contactId(c)) ?? []} />
            ))}
          </ul>
          {matching.length > shown && (
            <button type="button" onClick={() => setShown(shown + PAGE)}>
              {tn('optionsShowMore', matching.length - shown)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The account holder themself reads "You" (ui/shows-as-you.ts); an open critical alert colours either. */
function TrustLabel({ contact: c, standing }: { contact: ContactRecord; standing: ContactStanding }) {
  if (showsAsYou(c.contactId === c.account, standing.trust)) {
    return (
      <span class={`chip ${standing.worstOpen === 'critical' ? 'critical' : 'self'}`} data-testid="contact-trust">
        {t('youChip')}
      </span>
    );
  }
  return (
    <span class={`chip ${trustTone(standing.trust, standing.worstOpen)}`} data-testid="contact-trust">
      {t(`trust_${standing.trust.replace(/-/g, '_')}`)}
    </span>
  );
}

/** One contact; its history is built only once opened (a store may hold thousands). */
function ContactRow({ contact: c, alerts }: { contact: ContactRecord; alerts: AlertRecord[] }) {
  const [open, setOpen] = useState(false);
  const standing = contactStanding(c, alerts);
  return (
    <li data-testid="contact" data-id={c.contactId} data-trust={standing.trust}>
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <strong>
            <PageText text={c.name} />
          </strong>{' '}
          <span class="muted mono small">
            <PageText text={c.contactId} />
          </span>{' '}
          <TrustLabel contact={c} standing={standing} />{' '}
          <span class="muted small">
            {c.origin} · {t('optionsAs', isolated(c.account))} · {tn('optionsKeysCount', c.keys.length)} ·{' '}
            {t('optionsFirstSeenAt', formatTime(c.firstSeen))}
          </span>
          {standing.identityProblem && (
            <span class="small notice" data-testid="contact-identity-problem">
              <br />
              <bdi>{alertText(standing.identityProblem).summary}</bdi>
            </span>
          )}
        </summary>
        {open && <ContactHistory contact={c} alerts={alerts} />}
      </details>
    </li>
  );
}
