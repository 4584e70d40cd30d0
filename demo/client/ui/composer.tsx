// Writing a message: Enter sends, Shift+Enter starts a new line.

import { useState } from 'preact/hooks';
import type { CourierSession } from '../core/session';
import { LIMITS } from '../../shared/limits';
import { COURIER_TEST_IDS as T } from './test-ids';

export function Composer({ session, conversationId }: { session: CourierSession; conversationId: string }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    if (text.trim() === '' || sending) return;
    setSending(true);
    setError(null);
    try {
      await session.send(conversationId, text);
      setText('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      class="composer"
      data-testid={T.composer}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {error ? <p class="error small">Not sent: {error}</p> : null}
      <div class="row">
        <textarea
          data-testid={T.composerInput}
          aria-label="Message"
          placeholder="Write a message"
          rows={2}
          maxLength={LIMITS.textLength}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" class="primary" data-testid={T.sendButton} disabled={sending || text.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
