// One small form per attack. Each posts to the attack API and reports errors inline.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { post, type ConsoleState } from './api';

function useAction(onDone: () => void): [string | null, (path: string, body: Record<string, unknown>) => void] {
  const [error, setError] = useState<string | null>(null);
  const run = (path: string, body: Record<string, unknown>) => {
    setError(null);
    post(path, body).then(onDone, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return [error, run];
}

function Card({
  title,
  help,
  error,
  onSubmit,
  children,
}: {
  title: string;
  help: string;
  error: string | null;
  onSubmit: () => void;
  children: ComponentChildren;
}) {
  return (
    <form
      class="card attack"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{title}</h3>
      <p class="muted small">{help}</p>
      {children}
      <button type="submit" class="danger">
        Apply
      </button>
      {error ? <p class="error small">{error}</p> : null}
    </form>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} required>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

interface FormProps {
  state: ConsoleState;
  onDone: () => void;
}

const userOptions = (state: ConsoleState) => state.users.map((u) => ({ value: u.id, label: `${u.name} (@${u.id})` }));
const conversationOptions = (state: ConsoleState) =>
  state.conversations.map((c) => ({ value: c.id, label: `${c.title || c.members.map((m) => `@${m}`).join(' & ')} (${c.id})` }));

export function GhostDeviceForm({ state, onDone }: FormProps) {
  const [user, setUser] = useState('');
  const [signedBy, setSignedBy] = useState('none');
  const [error, run] = useAction(onDone);
  return (
    <Card
      title="Ghost device"
      help="List one more device for a user; the server holds its key and reads what is encrypted to it."
      error={error}
      onSubmit={() => run('/attack/ghost-device', { user, signedBy })}
    >
      <Select label="User" value={user} options={userOptions(state)} onChange={setUser} />
      <Select
        label="Signature"
        value={signedBy}
        options={[
          { value: 'none', label: 'none' },
          { value: 'server', label: 'by the server’s key' },
        ]}
        onChange={setSignedBy}
      />
    </Card>
  );
}

export function SwapIdentityForm({ state, onDone }: FormProps) {
  const [user, setUser] = useState('');
  const [error, run] = useAction(onDone);
  return (
    <Card
      title="Swap identity key"
      help="Serve everyone but the user a new identity key and device keys the server holds (a man in the middle)."
      error={error}
      onSubmit={() => run('/attack/swap-identity', { user })}
    >
      <Select label="User" value={user} options={userOptions(state)} onChange={setUser} />
    </Card>
  );
}

function MembershipForm({ state, onDone, kind }: FormProps & { kind: 'add-hidden-participant' | 'remove-participant' }) {
  const [conversation, setConversation] = useState('');
  const [user, setUser] = useState('');
  const [error, run] = useAction(onDone);
  const adding = kind === 'add-hidden-participant';
  return (
    <Card
      title={adding ? 'Add a hidden participant' : 'Remove a participant'}
      help={
        adding
          ? 'Add someone that members’ screens do not show; their clients encrypt to them anyway.'
          : 'Drop someone from a conversation on the server’s own initiative.'
      }
      error={error}
      onSubmit={() => run(`/attack/${kind}`, { conversation, user })}
    >
      <Select label="Conversation" value={conversation} options={conversationOptions(state)} onChange={setConversation} />
      <Select label="User" value={user} options={userOptions(state)} onChange={setUser} />
    </Card>
  );
}

export const HiddenParticipantForm = (props: FormProps) => <MembershipForm {...props} kind="add-hidden-participant" />;
export const RemoveParticipantForm = (props: FormProps) => <MembershipForm {...props} kind="remove-participant" />;

export function PuppetForm({ onDone }: FormProps) {
  const [user, setUser] = useState('');
  const [error, run] = useAction(onDone);
  return (
    <Card
      title="Puppet account"
      help="Create an account whose keys the server holds, to add as a hidden participant."
      error={error}
      onSubmit={() => run('/attack/puppet', { user })}
    >
      <label>
        User id
        <input value={user} onInput={(e) => setUser(e.currentTarget.value)} placeholder="ops" required />
      </label>
    </Card>
  );
}

export function InjectForm({ state, onDone }: FormProps) {
  const [conversation, setConversation] = useState('');
  const [as, setAs] = useState('');
  const [text, setText] = useState('');
  const [error, run] = useAction(onDone);
  return (
    <Card
      title="Write as someone"
      help="Send a message in a user’s name. Works once their identity is swapped (or for a puppet)."
      error={error}
      onSubmit={() => run('/attack/inject', { conversation, as, text })}
    >
      <Select label="Conversation" value={conversation} options={conversationOptions(state)} onChange={setConversation} />
      <Select label="As" value={as} options={userOptions(state)} onChange={setAs} />
      <label>
        Text
        <input value={text} onInput={(e) => setText(e.currentTarget.value)} required />
      </label>
    </Card>
  );
}
