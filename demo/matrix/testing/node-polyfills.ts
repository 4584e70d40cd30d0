// matrix-js-sdk 43 targets Node 22 and browsers of 2024 on: it calls
// `Promise.withResolvers` (ES2024), which Node 20 lacks. This adds the
// standard method where missing; import it before the SDK. Browsers have it
// (Chromium 119+, Firefox 121+), so the web client needs nothing.

interface WithResolvers {
  withResolvers?<T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
}

const PromiseWith = Promise as unknown as WithResolvers;
if (typeof PromiseWith.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    },
  });
}
