// Sign-up (pick a user id and a name) and linking this browser to an existing account.

import { useState } from 'preact/hooks';
import type { ClientController } from '../browser/controller';
import { USER_ID_PATTERN } from '../../shared/limits';
import { Notice } from './notice';
import { COURIER_TEST_IDS as T } from './test-ids';

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/^(register|link-device): /, '') : String(error);
}

export function SignUp({ controller, notice }: { controller: ClientController; notice: string | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describe(e));
      setBusy(false);
    }
  };

  // Values are read from the form when it is submitted, so autofill and scripted input count too.
  const onSignUp = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const id = String(form.get('user') ?? '')
      .trim()
      .toLowerCase();
    const name = String(form.get('name') ?? '').trim();
    if (!USER_ID_PATTERN.test(id)) {
      setError('A user id is 1–32 characters: lowercase letters, digits, dot, dash or underscore.');
      return;
    }
    void run(() => controller.signUp(id, name || id));
  };

  const onLink = (event: SubmitEvent) => {
    event.preventDefault();
    void run(() => controller.link(String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '')));
  };

  return (
    <Notice title="Welcome to Courier">
      {notice ? <p class="info">{notice}</p> : null}
      <p class="muted">Messages are end-to-end encrypted: your keys are made in this browser and never leave it.</p>
      <form class="stack" data-testid={T.signupForm} onSubmit={onSignUp}>
        <label>
          User id
          <input name="user" data-testid={T.signupUser} placeholder="alice" autocomplete="username" required maxLength={32} />
        </label>
        <label>
          Your name
          <input name="name" data-testid={T.signupName} placeholder="Alice" maxLength={64} />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Create account
        </button>
      </form>
      {error ? (
        <p class="error" role="alert" data-testid={T.signupError}>
          {error}
        </p>
      ) : null}
      <details class="link-device">
        <summary>Already have an account? Link this browser</summary>
        <form class="stack" data-testid={T.linkForm} onSubmit={onLink}>
          <label>
            Link code from your other browser (Account → Link another browser)
            <textarea name="code" data-testid={T.linkCode} rows={3} required />
          </label>
          <button type="submit" disabled={busy}>
            Link this browser
          </button>
        </form>
      </details>
    </Notice>
  );
}
