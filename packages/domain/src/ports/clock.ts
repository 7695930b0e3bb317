/** The only way the engine learns the time; tests and replays pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that returns `start` and advances by `stepMs` on each call: deterministic tests. */
export function steppingClock(start: Date, stepMs = 1000): Clock {
  let t = start.getTime();
  return {
    now() {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
}
