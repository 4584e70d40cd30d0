// The schema (schema.ts) as plain loops, for disclosures that pass it. A woken
// background validates a 1,000-member report before its code is optimized, and
// valibot's schema then costs it about five times what it costs a running one:
// each of some 20,000 values goes through a chain of schema objects, datasets
// and closures. These loops apply the same rules, with the schema's own
// predicates, and give the same output (fresh objects, known keys only, in the
// schema's order). They only ever say yes or "ask the schema": a disclosure they
// do not accept is parsed by the schema, which then names the fault. A
// differential test holds the two to the same verdicts and outputs.
import { PAGE_PROTOCOL_LIMITS as LIMITS, PAGE_PROTOCOL_VERSION } from './protocol';
import { codePointsAtMost, hasControlCharacter, isCanonicalBase64, LONE_SURROGATE, MAX_KEY_TEXT_LENGTH, type SchemaOutput } from './schema';

type Participant = SchemaOutput['participants'][number];
type Device = Participant['devices'][number];
type PublicKey = Participant['identityKey'];
type Conversation = NonNullable<SchemaOutput['conversation']>;

/** Marks a value the schema would refuse: the caller then asks the schema why. */
class Refused extends Error {}
const REFUSED = new Refused();

/** An object as valibot's object() takes it, and not an array (schema.ts refuses arrays first). */
function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw REFUSED;
  return value as Record<string, unknown>;
}

/** A value the schema reads under `key`: one missing (`key in` fails) is refused, as the schema refuses it. */
function field(object: Record<string, unknown>, key: string): unknown {
  if (!(key in object)) throw REFUSED;
  return object[key];
}

function text(value: unknown, max: number): string {
  if (typeof value !== 'string' || !codePointsAtMost(value, max)) throw REFUSED;
  return value;
}

function id(value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length < 1 || !codePointsAtMost(value, max)) throw REFUSED;
  if (hasControlCharacter(value) || LONE_SURROGATE.test(value)) throw REFUSED;
  return value;
}

function base64(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_KEY_TEXT_LENGTH || !isCanonicalBase64(value)) throw REFUSED;
  return value;
}

function boolean(value: unknown): boolean {
  if (typeof value !== 'boolean') throw REFUSED;
  return value;
}

function array(value: unknown, max: number): unknown[] {
  if (!Array.isArray(value) || value.length > max) throw REFUSED;
  return value;
}

function publicKey(value: unknown): PublicKey {
  const object = record(value);
  const algorithm = field(object, 'algorithm');
  if (algorithm !== 'ed25519' && algorithm !== 'curve25519') throw REFUSED;
  return { algorithm, key: base64(field(object, 'key')) };
}

function device(value: unknown): Device {
  const object = record(value);
  const deviceId = id(field(object, 'id'), LIMITS.maxDeviceIdLength);
  const key = publicKey(field(object, 'key'));
  const signature = field(object, 'signature');
  return {
    id: deviceId,
    key,
    signature: signature === null ? null : base64(signature),
    encryptedTo: boolean(field(object, 'encryptedTo')),
  };
}

function participant(value: unknown): Participant {
  const object = record(value);
  const participantId = id(field(object, 'id'), LIMITS.maxParticipantIdLength);
  const name = text(field(object, 'name'), LIMITS.maxNameLength);
  const identityKey = publicKey(field(object, 'identityKey'));
  const shown = boolean(field(object, 'shown'));
  const listed = array(field(object, 'devices'), LIMITS.maxDevicesPerParticipant);
  const devices = new Array<Device>(listed.length);
  for (let i = 0; i < listed.length; i++) devices[i] = device(listed[i]);
  return { id: participantId, name, identityKey, shown, devices };
}

function conversation(value: unknown): Conversation | null {
  if (value === null) return null;
  const object = record(value);
  const conversationId = id(field(object, 'id'), LIMITS.maxConversationIdLength);
  const title = text(field(object, 'title'), LIMITS.maxTitleLength);
  const kind = field(object, 'kind');
  if (kind !== 'direct' && kind !== 'group') throw REFUSED;
  return { id: conversationId, title, kind };
}

function disclosure(value: unknown): SchemaOutput {
  const object = record(value);
  if (field(object, 'version') !== PAGE_PROTOCOL_VERSION) throw REFUSED;
  const messenger = text(field(object, 'messenger'), LIMITS.maxMessengerLength);
  const account = id(field(object, 'account'), LIMITS.maxParticipantIdLength);
  // Optional: absent, or null, or a device id; left out of the output when absent, as the schema leaves it.
  const hasAccountDevice = 'accountDevice' in object;
  const accountDevice =
    hasAccountDevice && object.accountDevice !== undefined && object.accountDevice !== null
      ? id(object.accountDevice, LIMITS.maxDeviceIdLength)
      : (object.accountDevice as null | undefined);
  const shownConversation = conversation(field(object, 'conversation'));
  const listed = array(field(object, 'participants'), LIMITS.maxParticipants);
  const participants = new Array<Participant>(listed.length);
  for (let i = 0; i < listed.length; i++) participants[i] = participant(listed[i]);
  return {
    version: PAGE_PROTOCOL_VERSION,
    messenger,
    account,
    ...(hasAccountDevice ? { accountDevice } : {}),
    conversation: shownConversation,
    participants,
  };
}

/** The schema's output for `json` when the schema accepts it; null when it may not (then run the schema). */
export function fastDisclosure(json: unknown): SchemaOutput | null {
  try {
    return disclosure(json);
  } catch (error) {
    if (error === REFUSED) return null;
    throw error;
  }
}
