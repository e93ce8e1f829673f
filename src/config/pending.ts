/**
 * A collector whose file or program was missing at load (MissingResourceError): it runs like any other, but each
 * reading first tries again to prepare the real source and fails with the same error while the resource is absent.
 * So the breaker, /status and the internal metrics show it failing, its schedule retries it, and it starts by itself
 * once the file appears; the other collectors never notice.
 */
import { defer, type Observable } from 'rxjs';
import type { Datum, MetricMeta } from '../datum.js';
import type { Source, SourceContext } from '../source.js';

export function pendingSource(name: string, metadata: readonly MetricMeta[], prepare: () => (context: SourceContext) => Source,
  context: SourceContext): Source {
  let real: Source | undefined;
  return {
    name,
    get metadata() {
      return real?.metadata ?? metadata;
    },
    collect(): Observable<Datum[]> {
      return defer(() => {
        if (real === undefined) {
          const created = prepare()(context);
          context.log.info({}, 'the missing resource is there now: collector started');
          real = created;
        }
        return real.collect();
      });
    },
    close: async () => {
      await real?.close?.();
    },
  };
}
