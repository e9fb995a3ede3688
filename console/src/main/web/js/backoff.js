// The live-refresh schedule: every 2 s while things change; after a few polls without a change,
// or after an error, the delay doubles up to 30 s; a change or a user action resets it. Pure.

export const BASE_DELAY_MS = 2000;
export const MAX_DELAY_MS = 30000;
/** Polls without a change before the delay starts to grow. */
export const QUIET_POLLS = 5;

export class Backoff {
  constructor({ base = BASE_DELAY_MS, max = MAX_DELAY_MS, quietPolls = QUIET_POLLS } = {}) {
    this.base = base;
    this.max = max;
    this.quietPolls = quietPolls;
    this.reset();
  }

  /** Back to polling every base ms (a change, or the user did something). */
  reset() {
    this.delay = this.base;
    this.unchanged = 0;
    return this.delay;
  }

  /** The delay before the next poll, given how the last one went: 'changed', 'unchanged' or 'error'. */
  next(outcome) {
    if (outcome === 'changed') return this.reset();
    if (outcome === 'error') {
      this.delay = Math.min(this.max, this.delay * 2);
      return this.delay;
    }
    this.unchanged++;
    if (this.unchanged >= this.quietPolls) this.delay = Math.min(this.max, this.delay * 2);
    return this.delay;
  }
}
