// Top level: which screen the controller's phase calls for.

import type { ClientController } from '../browser/controller';
import { useController } from './hooks';
import { Messenger } from './messenger';
import { SignUp } from './sign-up';
import { Notice } from './notice';

export function App({ controller }: { controller: ClientController }) {
  const phase = useController(controller);
  if (phase.kind === 'loading') return <Notice title="Courier">Opening…</Notice>;
  if (phase.kind === 'signed-out') return <SignUp controller={controller} notice={phase.notice} />;
  if (phase.kind === 'ready') return <Messenger controller={controller} session={phase.session} />;
  if (phase.kind === 'connecting') {
    return (
      <Notice title={`Connecting as @${phase.account.user}…`}>
        {phase.error ? <p class="muted">Not yet: {phase.error}. Trying again shortly.</p> : null}
      </Notice>
    );
  }
  if (phase.kind === 'lost') {
    return (
      <Notice title="This account is gone from the server">
        <p>
          The server does not know @{phase.account.user} any more ({phase.message}). Courier keeps accounts in memory only, so restarting it
          forgets them.
        </p>
        <button type="button" onClick={() => void controller.startOver()}>
          Start over with a new account
        </button>
      </Notice>
    );
  }
  return (
    <Notice title="Courier cannot open its storage">
      <p>{phase.message}</p>
      <button type="button" onClick={() => void controller.startOver()}>
        Clear this browser’s Courier data
      </button>
    </Notice>
  );
}
