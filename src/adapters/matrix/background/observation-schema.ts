// The shape of a 'page/matrix-observed' request, checked by the background's router
// before any handler runs. Meaning (room ids, user ids, the body's JSON) is
// checked again by the handler.
import * as v from 'valibot';
import { MAX_FORWARDED_CHARS, MAX_REF_LENGTH, OBSERVATION_KINDS, type MatrixObservation } from '../shared/observation';

const ref = v.nullable(v.pipe(v.string(), v.maxLength(MAX_REF_LENGTH)));

export const MatrixObservationSchema: v.GenericSchema<unknown, MatrixObservation> = v.object({
  kind: v.picklist(OBSERVATION_KINDS),
  roomId: ref,
  complete: v.boolean(),
  asOfEarlierSync: v.optional(v.boolean()),
  body: v.pipe(v.string(), v.maxLength(MAX_FORWARDED_CHARS)),
  openRoom: ref,
  clientUserId: ref,
  clientDeviceId: ref,
  lastRoomId: ref,
  excludeInsecureDevices: v.boolean(),
  skipped: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
});
