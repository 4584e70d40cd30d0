// Checks done in one batch, before the code that needs them runs for real.
// The adapters' verification code is synchronous (it runs before the trust
// core's synchronous planners), while WebCrypto and storage are asynchronous.
// So `CheckBatch.run(build)` runs `build` twice:
// 1. with checks that only take note of every key and signature asked for and
//    answer "valid", so that every check a real run could reach is asked for;
// 2. after the batch: answers from remembered outcomes (CheckMemory) and, for
//    the rest, from the strict checks followed by WebCrypto (or the portable
//    equation), then `build` again with checks answered from that table.
// Should the second run ask for anything the first did not, it is computed on
// the spot (checksNow's way): the verdicts never depend on the batch, only the
// time taken does.

import { checkPointNow, POINT_FAULTS, type PointFault } from '../keys';
import type { KeyAlgorithm } from '../roster';
import { byteText } from './byte-text';
import { pointCheckId, signatureCheckId } from './check-id';
import { checksNow, type Checks } from './checks';
import type { NativeEd25519 } from './native-verify';
import { evaluatePortably } from './portable-verify';
import type { SignatureRequest } from './signature-request';
import { strictEquation } from './strict-checks';
import { exactRequestKey, wellShaped } from './request-key';

/**
 * Outcomes remembered across runs (and, in the background, across worker
 * stops). An outcome is a small number: for a key, 0 when valid, else 1 + the
 * index of its fault in POINT_FAULTS; for a signature, 0 when it verifies, 1
 * when not. Ids are byteText of check-id.ts's ids.
 */
export interface CheckMemory {
  /** Makes the outcomes of these ids readable with `get` (loading them if needed). */
  load(ids: readonly string[]): Promise<void>;
  get(id: string): number | undefined;
  set(id: string, outcome: number): void;
}

export interface CheckStats {
  /** Where the equations were evaluated. */
  path: 'webcrypto' | 'portable';
  keys: { asked: number; remembered: number; computed: number };
  signatures: { asked: number; remembered: number; verified: number };
  /** Time spent in the batch (ids, memory, checks), not in the two runs of `build`. */
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

  async run<T>(build: (checks: Checks) => T): Promise<{ value: T; stats: CheckStats }> {
    const asked = new AskedChecks();
    build(asked.checks);
    const started = performance.now();
    const answers = new AnswerTable();
    const stats: CheckStats = {
      path: this.path,
      keys: { asked: asked.points.size, remembered: 0, computed: 0 },
      signatures: { asked: asked.signatures.size, remembered: 0, verified: 0 },
      batchMs: 0,
      unforeseen: 0,
    };
    const points = [...asked.points.values()].map((p) => ({ ...p, id: byteText(pointCheckId(p.algorithm, p.point)) }));
    const signatures = [...asked.signatures.values()].map((request) => ({
      request,
      id: wellShaped(request) ? byteText(signatureCheckId(request)) : null,
    }));
    if (this.memory) await this.memory.load([...points.map((p) => p.id), ...signatures.flatMap((s) => (s.id === null ? [] : [s.id]))]);

    for (const { algorithm, point, id } of points) {
      const remembered = this.recall(id, POINT_FAULTS.length);
      let fault: PointFault | null;
      if (remembered !== undefined) {
        fault = remembered === 0 ? null : POINT_FAULTS[remembered - 1]!;
        stats.keys.remembered++;
      } else {
        fault = checkPointNow(algorithm, point);
        this.memory?.set(id, fault === null ? 0 : POINT_FAULTS.indexOf(fault) + 1);
        stats.keys.computed++;
      }
      answers.setPoint(algorithm, point, fault);
    }

    const pending: Promise<void>[] = [];
    for (const { request, id } of signatures) {
      const remembered = id === null ? undefined : this.recall(id, 1);
      if (remembered !== undefined) {
        answers.setSignature(request, remembered === 0);
        stats.signatures.remembered++;
        continue;
      }
      stats.signatures.verified++;
      const settle = (verdict: boolean) => {
        answers.setSignature(request, verdict);
        if (id !== null) this.memory?.set(id, verdict ? 0 : 1);
      };
      const equation = strictEquation(request, (algorithm, point) => answers.point(algorithm, point));
      if (equation === null) settle(false);
      else if (this.native) pending.push(this.native.evaluate(equation).then(settle));
      else settle(evaluatePortably(equation));
    }
    await Promise.all(pending);
    stats.batchMs = performance.now() - started;

    const value = build(answers.checks(() => stats.unforeseen++));
    return { value, stats };
  }

  /** A remembered outcome, if it is one this code could have written. */
  private recall(id: string, maxOutcome: number): number | undefined {
    const outcome = this.memory?.get(id);
    return outcome !== undefined && Number.isInteger(outcome) && outcome >= 0 && outcome <= maxOutcome ? outcome : undefined;
  }
}

const pointKey = (algorithm: KeyAlgorithm, point: Uint8Array) => `${algorithm}|${byteText(point)}`;

/** Exactly what a signature check covers (only for a well-shaped request). */
const signatureKey = (request: SignatureRequest) => exactRequestKey(request)!;

/** The first run's checks: every question noted, every answer "valid". */
class AskedChecks {
  readonly points = new Map<string, { algorithm: KeyAlgorithm; point: Uint8Array }>();
  readonly signatures = new Map<string, SignatureRequest>();
  readonly checks: Checks = {
    point: (algorithm, point) => {
      this.points.set(pointKey(algorithm, point), { algorithm, point: point.slice() });
      return null;
    },
    signature: (request) => {
      if (wellShaped(request)) this.signatures.set(signatureKey(request), request);
      return true;
    },
  };
}

/** The batch's answers; anything not in them is computed on the spot. */
class AnswerTable {
  private readonly points = new Map<string, PointFault | null>();
  private readonly signatures = new Map<string, boolean>();

  setPoint(algorithm: KeyAlgorithm, point: Uint8Array, fault: PointFault | null): void {
    this.points.set(pointKey(algorithm, point), fault);
  }

  setSignature(request: SignatureRequest, verdict: boolean): void {
    this.signatures.set(signatureKey(request), verdict);
  }

  point(algorithm: KeyAlgorithm, point: Uint8Array): PointFault | null {
    const known = this.points.get(pointKey(algorithm, point));
    return known !== undefined ? known : checkPointNow(algorithm, point);
  }

  checks(unforeseen: () => void): Checks {
    return {
      point: (algorithm, point) => {
        const known = this.points.get(pointKey(algorithm, point));
        if (known !== undefined) return known;
        unforeseen();
        return checksNow.point(algorithm, point);
      },
      signature: (request) => {
        // An ill-shaped request is refused at once, by the strict checks.
        if (!wellShaped(request)) return checksNow.signature(request);
        const known = this.signatures.get(signatureKey(request));
        if (known !== undefined) return known;
        unforeseen();
        return checksNow.signature(request);
      },
    };
  }
}
