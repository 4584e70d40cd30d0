import { useEffect, useState } from 'preact/hooks';

/**
 * A value computed by code loaded on demand: the popup's list must not wait for
 * the hashing code, which only the person and group views need. The value is
 * returned only for the inputs it was computed from: the render in which the
 * inputs change, before any effect runs, already shows nothing rather than a
 * value of the earlier inputs (a safety number beside another key).
 */
export function useLazyValue<T>(compute: (() => Promise<T>) | null, inputs: unknown[]): T | null {
  const [computed, setComputed] = useState<{ inputs: unknown[]; value: T } | null>(null);
  useEffect(() => {
    if (!compute) return;
    let current = true;
    void compute().then((value) => {
      if (current) setComputed({ inputs, value });
    });
    return () => {
      current = false;
    };
  }, inputs);
  return compute && computed && sameInputs(computed.inputs, inputs) ? computed.value : null;
}

function sameInputs(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
