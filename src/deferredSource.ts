/**
 * A source made at its first reading rather than when the pipeline starts. The registry's collectors are loaded this
 * way (their modules and drivers are imported only when a configured table reads for the first time), and so is a
 * collector whose file was missing at load (config/pending.ts). While making it fails, each reading fails with that
 * error and the next one tries again, so the operators retry it on its schedule like any failing reading.
 */
import { defer, from, mergeMap, type Observable } from './rx.js';
import type { Datum, MetricMeta } from './datum.js';
import type { Source } from './source.js';

/**
 * `name` and `metadata` stand in until the real source is made; from then on its own are reported (a source's
 * metadata may grow at run time).
 */
export function deferredSource(name: string, metadata: readonly MetricMeta[], make: () => Source | Promise<Source>): Source {
  let made: Promise<Source> | undefined;
  let real: Source | undefined;
  let closed = false;
  const ready = (): Promise<Source> => {
    made ??= Promise.resolve().then(make).then((source) => {
      real = source;
      // closed while it was being made: nothing will read it, so it is closed at once
      if (closed) void closeQuietly(source);
      return source;
    }, (error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
  const deferred: Source = {
    get name() {
      return real?.name ?? name;
    },
    get metadata() {
      return real?.metadata ?? metadata;
    },
    collect(): Observable<Datum[]> {
      return defer(() => (real === undefined ? from(ready()).pipe(mergeMap((source) => source.collect())) : real.collect()));
    },
    async close() {
      closed = true;
      await real?.close?.();
    },
  };
  makers.set(deferred, ready);
  return deferred;
}

const makers = new WeakMap<Source, () => Promise<Source>>();

/**
 * The source behind a deferred one, made now if it is not yet (through every deferral: a pending source's real one
 * may itself be deferred); any other source as it is. For a caller that wants the real source without reading it.
 */
export async function madeSource(source: Source): Promise<Source> {
  const make = makers.get(source);
  return make === undefined ? source : madeSource(await make());
}

async function closeQuietly(source: Source): Promise<void> {
  await source.close?.().catch(() => undefined);
}
