/**
 * Every metric the Tomcat source sends, and where each comes from: an attribute of an element of the manager's XML
 * status page (`jvm/memory`, `jvm/memorypool`, `connector/threadInfo`, `connector/requestInfo`), or a figure of one
 * application on the complete status page (`/manager/status/all`, HTML: the XML page has no per-application part).
 * Bosun's metadata and the README's table come from this list; parse.ts reads the values by it.
 */
import type { MetricMeta } from '../../datum.js';

/** Where a value sits: the element of the status page and the attribute (or, for `app`, the label) that holds it. */
export type StatusElement = 'memory' | 'memorypool' | 'threadInfo' | 'requestInfo' | 'app';

export interface StatusMetric extends MetricMeta {
  readonly element: StatusElement;
  readonly attribute: string;
  /** Divisor from the page's unit to `unit` (1000 for milliseconds → seconds). */
  readonly divideBy?: number;
}

export const NAME_TAG = 'name';
const JVM_TAGS = [NAME_TAG] as const;
const POOL_TAGS = ['pool', NAME_TAG] as const;
const CONNECTOR_TAGS = ['connector', NAME_TAG] as const;
const APP_TAGS = ['app', NAME_TAG] as const;
const MS_PER_SECOND = 1000;

function metric(element: StatusElement, attribute: string, name: string, rate: MetricMeta['rate'], unit: string,
  desc: string, divideBy?: number): StatusMetric {
  const tags = element === 'memory' ? JVM_TAGS : element === 'memorypool' ? POOL_TAGS : element === 'app' ? APP_TAGS
    : CONNECTOR_TAGS;
  return { metric: `tomcat.${name}`, rate, unit, desc, tags, element, attribute, ...(divideBy === undefined ? {} : { divideBy }) };
}

export const METRICS: readonly StatusMetric[] = [
  metric('memory', 'free', 'jvm.memory.free', 'gauge', 'bytes', 'Free heap of the JVM Tomcat runs in (Runtime.freeMemory).'),
  metric('memory', 'total', 'jvm.memory.total', 'gauge', 'bytes', 'Heap the JVM has reserved now (Runtime.totalMemory).'),
  metric('memory', 'max', 'jvm.memory.max', 'gauge', 'bytes', 'Most heap the JVM will reserve (Runtime.maxMemory, -Xmx).'),
  metric('memorypool', 'usageUsed', 'jvm.memorypool.used', 'gauge', 'bytes',
    'Memory used in one JVM memory pool; the pools (tag pool) depend on the garbage collector.'),
  metric('memorypool', 'usageCommitted', 'jvm.memorypool.committed', 'gauge', 'bytes',
    'Memory committed to one JVM memory pool.'),
  metric('memorypool', 'usageMax', 'jvm.memorypool.max', 'gauge', 'bytes',
    'Most memory the pool may use; not sent for a pool without a limit (Tomcat shows -1).'),
  metric('threadInfo', 'maxThreads', 'connector.threads.max', 'gauge', 'threads',
    'Most request-processing threads the connector may start (maxThreads).'),
  metric('threadInfo', 'currentThreadCount', 'connector.threads.current', 'gauge', 'threads',
    'Request-processing threads the connector has now.'),
  metric('threadInfo', 'currentThreadsBusy', 'connector.threads.busy', 'gauge', 'threads',
    'Request-processing threads busy with a request now (the status request itself is one of them).'),
  metric('requestInfo', 'requestCount', 'connector.requests', 'counter', 'requests',
    'Requests the connector has finished since Tomcat started (the status requests of earlier readings included).'),
  metric('requestInfo', 'errorCount', 'connector.errors', 'counter', 'errors',
    'Finished requests answered with a status of 400 or more.'),
  metric('requestInfo', 'processingTime', 'connector.processing_time', 'counter', 'seconds',
    'Time spent processing requests, summed over all requests.', MS_PER_SECOND),
  metric('requestInfo', 'maxTime', 'connector.max_time', 'gauge', 'seconds', 'Longest time one request took.', MS_PER_SECOND),
  metric('requestInfo', 'bytesSent', 'connector.bytes_sent', 'counter', 'bytes', 'Bytes sent in answers (bodies).'),
  metric('requestInfo', 'bytesReceived', 'connector.bytes_received', 'counter', 'bytes',
    'Bytes received in request bodies.'),
  metric('app', 'Active sessions', 'app.sessions.active', 'gauge', 'sessions',
    'Sessions open now in one web application (tag app: host/context path); from the complete status page.'),
  metric('app', 'Session count', 'app.sessions.created', 'counter', 'sessions',
    'Sessions the application has created since it started.'),
  metric('app', 'Rejected session creations', 'app.sessions.rejected', 'counter', 'sessions',
    'Sessions not created because the application had maxActiveSessions open.'),
  metric('app', 'Expired sessions', 'app.sessions.expired', 'counter', 'sessions',
    'Sessions that ended by timing out.'),
];

export const metricsOf = (element: StatusElement): readonly StatusMetric[] =>
  METRICS.filter((each) => each.element === element);
