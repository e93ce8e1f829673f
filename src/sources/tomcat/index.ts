/**
 * The Tomcat source: the manager webapp's status page (`/manager/status?XML=true`, role `manager-status`) for JVM
 * memory, memory pools and each connector's threads and request counters, and, unless switched off, the complete status
 * page (`/manager/status/all`) for each web application's sessions. client.ts does the HTTP, parse.ts reads the pages,
 * metrics.ts is the metric table.
 */
import type { Observable } from '../../rx.js';
import { nowSeconds, type Datum } from '../../datum.js';
import { fromAbortable } from '../abortable.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { StatusClient, type TomcatTlsOptions } from './client.js';
import { METRICS, NAME_TAG } from './metrics.js';
import { parseCompleteStatus, parseStatusXml, type ParsedPage } from './parse.js';
import { TOMCAT_DEFAULTS } from './defaults.js';

export { TOMCAT_DEFAULTS } from './defaults.js';

export { StatusClient, StatusRequestError, type StatusClientOptions, type TomcatTlsOptions } from './client.js';
export { METRICS, type StatusElement, type StatusMetric } from './metrics.js';
export { parseCompleteStatus, parseStatusXml, StatusPageError, tagValue, type ParsedPage, type StatusValue } from './parse.js';

export interface TomcatOptions {
  /** The XML status page: `http(s)://host:port/manager/status?XML=true`. */
  url?: string;
  user?: string;
  password?: string;
  /** The instance's name (`Name` of a `[[Tomcat]]` table), sent as tag `name`. */
  name?: string;
  /**
   * Also read the complete status page for per-application sessions (one more request per reading). Its address is
   * the status page's path with `/all` appended and no query.
   */
  sessions?: boolean;
  /** TLS settings for an https Url. */
  tls?: TomcatTlsOptions;
}

export interface TomcatSource extends Source {
  close(): Promise<void>;
}

/** The complete status page of a status page URL: `/manager/status?XML=true` → `/manager/status/all`. */
export function completeStatusPath(url: URL): string {
  return `${url.pathname.replace(/\/+$/, '')}/all`;
}

export function createTomcatSource(options: TomcatOptions = {}, context: Partial<SourceContext> = {}): TomcatSource {
  const { skip } = sourceContext(context);
  const url = new URL(options.url ?? TOMCAT_DEFAULTS.url);
  const sessions = options.sessions ?? TOMCAT_DEFAULTS.sessions;
  const named = options.name !== undefined && options.name !== '';
  const client = new StatusClient({
    origin: url.origin,
    ...(options.user === undefined ? {} : { user: options.user, password: options.password ?? '' }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const statusPath = `${url.pathname}${url.search}`;
  const allPath = completeStatusPath(url);

  const report = (page: ParsedPage, path: string): void => {
    if (page.skipped.length > 0) skip(page.skipped.length, 'unreadable fields on the status page skipped', { path, fields: page.skipped });
  };

  const read = async (signal: AbortSignal): Promise<Datum[]> => {
    // the XML page first: its request counters then include the previous reading's complete-status request
    const status = parseStatusXml(await client.get(statusPath, signal));
    const apps = sessions ? parseCompleteStatus(await client.get(allPath, signal)) : { values: [], skipped: [] };
    report(status, statusPath);
    report(apps, allPath);
    const timestamp = nowSeconds();
    const extra: Record<string, string> = named ? { [NAME_TAG]: options.name ?? '' } : {};
    return [...status.values, ...apps.values].map((value) => ({
      metric: value.metric, value: value.value, timestamp, tags: { ...value.tags, ...extra },
    }));
  };

  return {
    name: named ? `tomcat/${options.name}` : 'tomcat',
    metadata: METRICS,
    collect: (): Observable<Datum[]> => fromAbortable(read),
    close: () => client.close(),
  };
}
