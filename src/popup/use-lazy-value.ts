import { useEffect, useState } from 'preact/hooks';

/**
 * A value computed by code loaded on demand: the popup's list must not wait for
 * the hashing code, which only the person and group views need.
 */
export function useLazyValue<T>(compute: (() => Promise<T>) | null, deps: unknown[]): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    setValue(null);
    if (!compute) return;
    let current = true;
    void compute().then((v) => {
      if (current) setValue(v);
    });
    return () => {
      current = false;
    };
  }, deps);
  return value;
}
