// The operator console: what a malicious Courier server can do, one click each.

import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { fetchSnapshot, post, type Snapshot } from './api';
import { GhostDeviceForm, HiddenParticipantForm, InjectForm, PuppetForm, RemoveParticipantForm, SwapIdentityForm } from './forms';

const REFRESH_MS = 1500;

function Console() {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    fetchSnapshot().then(
      (s) => {
        setSnapshot(s);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (!snapshot) return <main class="console">{error ? <p class="error">{error}</p> : <p>Loading…</p>}</main>;
  const { state, attacks, intercepted } = snapshot;
  const props = { state, onDone: refresh };
  return (
    <main class="console">
      <h1>Courier operator console</h1>
      <p class="muted">
        What a malicious server can do to its users. Open <a href="/">Courier</a> in two browser profiles, start a conversation, then apply
        an attack here.
      </p>
      {error ? <p class="error">{error}</p> : null}
      <section class="attack-grid">
        <GhostDeviceForm {...props} />
        <SwapIdentityForm {...props} />
        <HiddenParticipantForm {...props} />
        <RemoveParticipantForm {...props} />
        <PuppetForm {...props} />
        <InjectForm {...props} />
      </section>
      <section>
        <h2>Active attacks</h2>
        {attacks.length === 0 ? <p class="muted">None: every client is served the honest directory.</p> : null}
        <ul class="attack-list">
          {attacks.map((a) => (
            <li key={a.id}>
              <code>{a.id}</code> <strong>{a.kind}</strong> {String(a.user ?? '')} {a.conversation ? `in ${String(a.conversation)}` : ''}
              <button type="button" onClick={() => void post('/attack/undo', { id: a.id }).then(refresh)}>
                Undo
              </button>
            </li>
          ))}
        </ul>
        {attacks.length > 1 ? (
          <button type="button" onClick={() => void post('/attack/undo-all').then(refresh)}>
            Undo all
          </button>
        ) : null}
      </section>
      <section>
        <h2>Messages the server can read</h2>
        {intercepted.length === 0 ? <p class="muted">None yet.</p> : null}
        <ul class="intercepted">
          {intercepted.map((m) => (
            <li key={`${m.conversation}/${m.seq}`}>
              <span class="muted small">
                {m.conversation} #{m.seq} from @{m.sender.user}, read as @{m.readAs.user}/{m.readAs.device} ({m.readAs.source})
              </span>
              <p>{m.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

render(<Console />, document.getElementById('app')!);
