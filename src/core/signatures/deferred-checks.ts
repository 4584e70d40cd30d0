// Checks done in one batch, around code that needs their answers synchronously.
// The adapters' verification code is synchronous (it runs before the trust
// core's synchronous planners), while WebCrypto and storage are asynchronous.
// So `CheckBatch.run(build)`:
// 1. runs `build` with checks answered from remembered outcomes (CheckMemory,
//    read whole the first time) where they are known; every other check is
//    noted and answered "valid", so that every check a real run could reach is
//    asked for. When nothing was unknown (an unchanged roster), that run's
//    result is the result.
// 2. Otherwise checks what was noted: the strict checks, then WebCrypto's
//    Ed25519 (or the portable equation), all at once; remembers the outcomes;
//    and runs `build` again with every answer known.
// Should the second run ask for anything the first did not, it is computed on
// the spot (checksNow's way): the verdicts never depend on the batch, only the
// time taken does.

import { checkPointNow, POINT_FAULTS, pointCheckOf, pointEngine, type PointEngine, type PointFault } from '../keys';
import type { KeyAlgorithm } from '../roster';
import { byteText } from './byte-text';
import { messageDigest, pointCheckId, signatureCheckId } from './check-id';
import { checksNow, type Checks } from './checks';
import type { NativeEd25519 } from './native-verify';
import { evaluatePortably } from './portable-verify';
import { wellShaped } from './request-key';
import type { SignatureRequest } from './signature-request';
import { strictEquation } from './strict-checks';

/**
 * Outcomes remembered across runs (and, in the background, across worker
 * stops). An outcome is a small number: for a key, 0 when valid, else 1 + the
 * index of its fault in POINT_FAULTS; for a signature, 0 when it verifies, 1
 * when not. Ids are check-id.ts's.
 */
export interface CheckMemory {
  /** Makes the outcomes of these ids readable with `get`, or every outcome when no ids are given. */
  load(ids?: readonly Uint8Array[]): Promise<void>;
  /** Whether every remembered outcome has been read (load() without ids completed). */
  readonly complete: boolean;
  get(id: Uint8Array): number | undefined;
  set(id: Uint8Array, outcome: number): void;
}

export interface CheckStats {
  /** Where the equations were evaluated. */
  path: 'webcrypto' | 'portable';
  /** Which engine checked the keys' points. */
  keyEngine: PointEngine;
  keys: { asked: number; remembered: number; computed: number };
  signatures: { asked: number; remembered: number; verified: number };
  /** How many times `build` ran: 1 when every answer was remembered (or, if asked, every provisional one proved right), else 2. */
  runs: 1 | 2;
  /** Time spent in the batch between the runs (checks and their ids), not in `build`. */
  batchMs: number;
  /** Checks the second run asked for that the first had not (computed on the spot; 0 expected). */
  unforeseen: number;
}

export class CheckBatch {
  constructor(
    private readonly native: NativeEd25519 | null,
    private readonly memory: CheckMemory | null,
  ) {}

  get path(): CheckStats['path'] {
    return this.native ? 'webcrypto' : 'portable';
  }

  /**
   * `finalWhenGuessedRight`: when every provisional answer of the first run proves right ("valid", as guessed), the
   * first run's result is the result: `build` is a function of its answers, so a second run would only repeat it. For
   * builders whose side effects do not depend on `provisionalAnswers` (Matrix's keeps a user's verdict only from a run
   * with final answers, so it runs twice).
   */
  async run<T>(build: (checks: Checks) => T, { finalWhenGuessedRight = false } = {}): Promise<{ value: T; stats: CheckStats }> {
    // The first batch after a worker start reads every remembered outcome at once.
    if (this.memory && !this.memory.complete) await this.memory.load();
    const answers = new AnswerTable();
    const first = new FirstRun(answers, this.memory);
    const value = build(first.checks);
    const stats: CheckStats = {
      path: this.path,
      keyEngine: pointEngine(),
      keys: { asked: answers.points.size + first.points.length, remembered: answers.points.size, computed: first.points.length },
      signatures: {
        asked: answers.signatureCount + first.signatures.length,
        remembered: answers.signatureCount,
        verified: first.signatures.length,
      },
      runs: 1,
      batchMs: 0,
      unforeseen: 0,
    };
    if (first.points.length === 0 && first.signatures.length === 0) return { value, stats };

    const started = performance.now();
    // The batch remembers the outcomes itself: no second, in-memory cache of them.
    const checkPoint = pointCheckOf(stats.keyEngine);
    let guessedRight = true;
    for (const { algorithm, point, id } of first.points) {
      const fault = checkPoint(algorithm, point);
      if (fault !== null) guessedRight = false;
      this.memory?.set(id, fault === null ? 0 : POINT_FAULTS.indexOf(fault) + 1);
      answers.setPoint(algorithm, point, fault);
    }
    const pending: Promise<void>[] = [];
    for (const { request, id, idBytes } of first.signatures) {
      const settle = (verdict: boolean) => {
        if (!verdict) guessedRight = false;
        answers.setSignature(id, verdict);
        this.memory?.set(idBytes, verdict ? 0 : 1);
      };
      const equation = strictEquation(request, (algorithm, point) => answers.point(algorithm, point));
      if (equation === null) settle(false);
      else if (this.native) pending.push(this.native.evaluate(equation).then(settle));
      else settle(evaluatePortably(equation));
    }
    await Promise.all(pending);
    stats.batchMs = performance.now() - started;
    if (finalWhenGuessedRight && guessedRight) return { value, stats };
    stats.runs = 2;
    return { value: build(answers.checks(first.scratch, () => stats.unforeseen++)), stats };
  }
}

const pointKey = (algorithm: KeyAlgorithm, point: Uint8Array) => `${algorithm}|${byteText(point)}`;

/** The digest of a message, computed once per message object in a run. */
function digestOf(message: Uint8Array, scratch: WeakMap<object, unknown>): Uint8Array {
  const known = scratch.get(message);
  if (known instanceof Uint8Array) return known;
  const digest = messageDigest(message);
  scratch.set(message, digest);
  return digest;
}

/** The first run's checks: remembered answers where known; the rest noted and answered "valid". */
class FirstRun {
  readonly points: Array<{ algorithm: KeyAlgorithm; point: Uint8Array; id: Uint8Array }> = [];
  readonly signatures: Array<{ request: SignatureRequest; id: string; idBytes: Uint8Array }> = [];
  readonly scratch = new WeakMap<object, unknown>();
  private readonly noted = new Set<string>();

  constructor(
    private readonly answers: AnswerTable,
    private readonly memory: CheckMemory | null,
  ) {}

  readonly checks: Checks = {
    scratch: this.scratch,
    provisionalAnswers: 0,
    point: (algorithm, point) => {
      const key = pointKey(algorithm, point);
      const known = this.answers.points.get(key);
      if (known !== undefined) return known;
      if (this.noted.has(key)) return this.guess(null);
      const id = pointCheckId(algorithm, point);
      const outcome = recall(this.memory, id, POINT_FAULTS.length);
      if (outcome !== undefined) {
        const fault = outcome === 0 ? null : POINT_FAULTS[outcome - 1]!;
        this.answers.points.set(key, fault);
        return fault;
      }
      this.noted.add(key);
      this.points.push({ algorithm, point: point.slice(), id });
      return this.guess(null);
    },
    signature: (request) => {
      if (!wellShaped(request)) return checksNow.signature(request);
      const idBytes = signatureCheckId(request, digestOf(request.message, this.scratch));
      const id = byteText(idBytes);
      const known = this.answers.signature(id);
      if (known !== undefined) return known;
      if (this.noted.has(id)) return this.guess(true);
      const outcome = recall(this.memory, idBytes, 1);
      if (outcome !== undefined) {
        this.answers.setSignature(id, outcome === 0);
        return outcome === 0;
      }
      this.noted.add(id);
      this.signatures.push({ request, id, idBytes });
      return this.guess(true);
    },
  };

  /** A provisional answer: counted, so a caller knows what it built with it is not final. */
  private guess<T>(answer: T): T {
    (this.checks as { provisionalAnswers: number }).provisionalAnswers++;
    return answer;
  }
}

/** A remembered outcome, if it is one this code could have written. */
function recall(memory: CheckMemory | null, id: Uint8Array, maxOutcome: number): number | undefined {
  const outcome = memory?.get(id);
  return outcome !== undefined && Number.isInteger(outcome) && outcome >= 0 && outcome <= maxOutcome ? outcome : undefined;
}

/** Every answer of a batch: keys by algorithm and bytes, signatures by id. */
class AnswerTable {
  readonly points = new Map<string, PointFault | null>();
  private readonly signatures = new Map<string, boolean>();

  get signatureCount(): number {
    return this.signatures.size;
  }

  setPoint(algorithm: KeyAlgorithm, point: Uint8Array, fault: PointFault | null): void {
    this.points.set(pointKey(algorithm, point), fault);
  }

  setSignature(id: string, verdict: boolean): void {
    this.signatures.set(id, verdict);
  }

  signature(id: string): boolean | undefined {
    return this.signatures.get(id);
  }

  point(algorithm: KeyAlgorithm, point: Uint8Array): PointFault | null {
    const known = this.points.get(pointKey(algorithm, point));
    return known !== undefined ? known : checkPointNow(algorithm, point);
  }

  /** The second run's checks: every answer known; anything else computed on the spot. */
  checks(scratch: WeakMap<object, unknown>, unforeseen: () => void): Checks {
    return {
      scratch,
      point: (algorithm, point) => {
        const known = this.points.get(pointKey(algorithm, point));
        if (known !== undefined) return known;
        unforeseen();
        return checksNow.point(algorithm, point);
      },
      signature: (request) => {
        // An ill-shaped request is refused at once, by the strict checks.
        if (!wellShaped(request)) return checksNow.signature(request);
        const known = this.signatures.get(byteText(signatureCheckId(request, digestOf(request.message, scratch))));
        if (known !== undefined) return known;
        unforeseen();
        return checksNow.signature(request);
      },
    };
  }
}
