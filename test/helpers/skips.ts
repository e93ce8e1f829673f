/** A source context that counts what the source reports as skipped, as the pipeline does. */
import type { Logger } from '../../src/log.js';
import { sourceContext, type SourceContext } from '../../src/source.js';

export interface CountingContext extends SourceContext {
  /** Fields or records reported through `skip` so far. */
  readonly skipped: number;
}

export function countingContext(log?: Logger): CountingContext {
  let skipped = 0;
  const base = sourceContext(log === undefined ? {} : { log });
  return {
    log: base.log,
    skip(count, why, detail) {
      skipped += count;
      base.skip(count, why, detail);
    },
    get skipped() {
      return skipped;
    },
  };
}
