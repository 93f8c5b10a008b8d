/**
 * The value of `promise` if it fulfils within `ms`, else undefined (also when it rejects: the
 * caller still holds the promise and reports the failure where it reports the slow answer).
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      () => (clearTimeout(timer), resolve(undefined)),
    );
  });
}
