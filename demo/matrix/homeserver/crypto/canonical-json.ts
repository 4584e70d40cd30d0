// Matrix canonical JSON (client-server spec, appendix "Signing JSON"): keys
// sorted by code point, no whitespace, integers only. The homeserver has its
// own encoder on purpose: what it signs is then checked by the real client and
// by KeyWatch's verifier, two implementations other than this one.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON has integers only, not ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`no canonical JSON for a ${typeof value}`);
}

/** The text a signature covers: the object without its `signatures` and `unsigned` members. */
export function signedText(object: Record<string, unknown>): string {
  const { signatures: _signatures, unsigned: _unsigned, ...rest } = object;
  return canonicalJson(rest);
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
