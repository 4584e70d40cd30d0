// Sign in or register (the password stays in this page: the test API passes it again when cross-signing needs it).

import { useState } from 'preact/hooks';
import type { ClientSession } from '../session';
import { MATRIX_CLIENT_TEST_IDS as T } from './test-ids';

export function Login({ session }: { session: ClientSession }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (how: 'login' | 'register') => async () => {
    setBusy(true);
    setError(null);
    try {
      if (how === 'login')
        await session.login(user.startsWith('@') ? user : `@${user}:${new URL(session.homeserverUrl).hostname}`, password);
      else await session.register(user.replace(/^@/, '').split(':')[0]!, password);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="login"
      data-testid={T.loginForm}
      onSubmit={(e) => {
        e.preventDefault();
        void act('login')();
      }}
    >
      <h1>Matrix test client</h1>
      <p class="muted">Homeserver: {session.homeserverUrl}</p>
      <label>
        User
        <input data-testid={T.loginUser} value={user} onInput={(e) => setUser(e.currentTarget.value)} autocomplete="username" required />
      </label>
      <label>
        Password
        <input
          data-testid={T.loginPassword}
          type="password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          autocomplete="current-password"
          required
        />
      </label>
      <div class="actions">
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <button type="button" disabled={busy} onClick={act('register')}>
          Register
        </button>
      </div>
      {error && <p class="error">{error}</p>}
    </form>
  );
}
