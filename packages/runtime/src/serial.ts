/**
 * Runs async sections one at a time, in call order: two consumers in one service
 * (identity and audit) share state that must not change under an await.
 */
export type SerialQueue = <T>(section: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(section: () => Promise<T>) => {
    const run = tail.then(section, section);
    tail = run.catch(() => undefined);
    return run;
  };
}
