// The account: its keys (in KeyWatch's printed form), linking another browser, signing out.

import { useState } from 'preact/hooks';
import type { ClientController } from '../browser/controller';
import { encodeLinkCode } from '../core/account';
import type { CourierSession } from '../core/session';
import { Dialog } from './dialog';
import { KeyPrint } from './fingerprint';

export function AccountDialog({
  controller,
  session,
  onClose,
}: {
  controller: ClientController;
  session: CourierSession;
  onClose: () => void;
}) {
  const [linkCode, setLinkCode] = useState<string | null>(null);
  const { state, account } = session;
  const me = state.users.find((u) => u.id === state.me.user)!;
  return (
    <Dialog title="Your account" onClose={onClose}>
      <p>
        <strong>{me.name}</strong> <span class="muted">@{me.id}</span>
      </p>
      <div class="key">
        <span class="label">Identity key</span>
        <KeyPrint kind="identity" base64Key={me.identityKey} />
      </div>
      <h3>Devices</h3>
      <ul class="devices">
        {me.devices.map((d) => (
          <li key={d.id} class="key">
            <span class="label">
              {d.id}
              {d.id === account.device ? ' (this browser)' : ''}
            </span>
            <KeyPrint kind="device" base64Key={d.key} />
          </li>
        ))}
      </ul>
      <h3>Link another browser</h3>
      <p class="muted small">
        The link code holds your identity key. Anyone who has it can add devices to your account: paste it only into your own browser.
      </p>
      {linkCode ? (
        <textarea readOnly rows={4} value={linkCode} onFocus={(e) => e.currentTarget.select()} aria-label="Link code" />
      ) : (
        <button type="button" onClick={() => setLinkCode(encodeLinkCode(account))}>
          Show link code
        </button>
      )}
      <h3>Sign out</h3>
      <p class="muted small">Removes this browser from your account and deletes its keys here.</p>
      <button type="button" class="danger" onClick={() => void controller.signOut()}>
        Sign out of this browser
      </button>
    </Dialog>
  );
}
