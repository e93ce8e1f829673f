/**
 * A collector whose file or program was missing at load (MissingResourceError): it runs like any other, but each
 * reading first tries again to prepare the real source and fails with the same error while the resource is absent.
 * So the breaker, /status and the internal metrics show it failing, its schedule retries it, and it starts by itself
 * once the file appears; the other collectors never notice.
 */
import type { MetricMeta } from '../datum.js';
import { deferredSource } from '../deferredSource.js';
import type { Source, SourceContext } from '../source.js';

export function pendingSource(name: string, metadata: readonly MetricMeta[], prepare: () => (context: SourceContext) => Source,
  context: SourceContext): Source {
  return deferredSource(name, metadata, () => {
    const created = prepare()(context);
    context.log.info({}, 'the missing resource is there now: collector started');
    return created;
  });
}
