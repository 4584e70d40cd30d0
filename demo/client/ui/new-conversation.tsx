// Starting a conversation: direct (one user id) or group (a title and user ids).

import { useState } from 'preact/hooks';
import type { CourierSession } from '../core/session';
import { LIMITS, USER_ID_PATTERN } from '../../shared/limits';
import { Dialog } from './dialog';
import { hashFor } from './route';
import { COURIER_TEST_IDS as T } from './test-ids';

function parseUserIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.replace(/^@/, '').toLowerCase())
    .filter(Boolean);
}

export function NewConversation({ session, onClose }: { session: CourierSession; onClose: () => void }) {
  const [kind, setKind] = useState<'direct' | 'group'>('direct');
  const [members, setMembers] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: Event) => {
    event.preventDefault();
    const ids = parseUserIds(members);
    const bad = ids.find((id) => !USER_ID_PATTERN.test(id));
    if (ids.length === 0 || bad !== undefined) return setError(bad ? `“${bad}” is not a user id.` : 'Name at least one person.');
    if (kind === 'direct' && ids.length !== 1) return setError('A direct conversation is with one person.');
    if (kind === 'group' && title.trim() === '') return setError('A group needs a title.');
    setBusy(true);
    try {
      const id = kind === 'direct' ? await session.createDirect(ids[0]!) : await session.createGroup(title.trim(), ids);
      location.hash = hashFor(id);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^create-conversation: /, '') : String(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New conversation" onClose={onClose}>
      <form class="stack" data-testid={T.newChatForm} onSubmit={create}>
        <fieldset class="kind" data-testid={T.newChatKind}>
          <label>
            <input type="radio" name="kind" value="direct" checked={kind === 'direct'} onChange={() => setKind('direct')} /> Direct
          </label>
          <label>
            <input type="radio" name="kind" value="group" checked={kind === 'group'} onChange={() => setKind('group')} /> Group
          </label>
        </fieldset>
        {kind === 'group' ? (
          <label>
            Title
            <input
              data-testid={T.newChatTitle}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
              maxLength={LIMITS.titleLength}
            />
          </label>
        ) : null}
        <label>
          {kind === 'direct' ? 'User id' : 'User ids (separated by spaces or commas)'}
          <input
            data-testid={T.newChatMembers}
            value={members}
            onInput={(e) => setMembers(e.currentTarget.value)}
            placeholder={kind === 'direct' ? 'bob' : 'bob, carol'}
            required
          />
        </label>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          Start
        </button>
      </form>
    </Dialog>
  );
}
