import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isValidName } from '../../../src/datum.js';
import {
  METRICS, parseCompleteStatus, parseStatusXml, StatusPageError, tagValue, type ParsedPage,
} from '../../../src/sources/tomcat/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/tomcat/${name}`, import.meta.url), 'utf8');

/** `metric{tag=value,…}` → value, for comparing whole pages at a glance. */
function byKey(page: ParsedPage): Record<string, number> {
  return Object.fromEntries(page.values.map((value) => {
    const tags = Object.entries(value.tags).map(([key, tag]) => `${key}=${tag}`).join(',');
    return [`${value.metric}{${tags}}`, value.value];
  }));
}

describe('Tomcat status page parsing', () => {
  describe('the XML status page (Tomcat 10.1, Serial GC)', () => {
    const page = parseStatusXml(fixture('tomcat-status.xml'));
    const values = byKey(page);

    it('reads JVM memory in bytes', () => {
      strictEqual(values['tomcat.jvm.memory.free{}'], 108396920);
      strictEqual(values['tomcat.jvm.memory.total{}'], 129761280);
      strictEqual(values['tomcat.jvm.memory.max{}'], 129761280);
    });

    it('reads every memory pool, names cleaned to tag values, and sends no max for a pool without a limit', () => {
      deepStrictEqual(Object.keys(values).filter((key) => key.startsWith('tomcat.jvm.memorypool.used')), [
        'tomcat.jvm.memorypool.used{pool=Eden_Space}',
        'tomcat.jvm.memorypool.used{pool=Survivor_Space}',
        'tomcat.jvm.memorypool.used{pool=Tenured_Gen}',
        'tomcat.jvm.memorypool.used{pool=CodeCache}',
        'tomcat.jvm.memorypool.used{pool=Compressed_Class_Space}',
        'tomcat.jvm.memorypool.used{pool=Metaspace}',
      ]);
      strictEqual(values['tomcat.jvm.memorypool.used{pool=Tenured_Gen}'], 7099456);
      strictEqual(values['tomcat.jvm.memorypool.committed{pool=Metaspace}'], 20512768);
      strictEqual(values['tomcat.jvm.memorypool.max{pool=CodeCache}'], 50331648);
      strictEqual(values['tomcat.jvm.memorypool.max{pool=Metaspace}'], undefined, 'usageMax -1 means no limit');
    });

    it('reads the connector without its quotes, times in seconds', () => {
      const connector = 'connector=http-nio-127.0.0.1-8080';
      deepStrictEqual(Object.fromEntries(Object.entries(values).filter(([key]) => key.includes(connector))), {
        [`tomcat.connector.threads.max{${connector}}`]: 200,
        [`tomcat.connector.threads.current{${connector}}`]: 10,
        [`tomcat.connector.threads.busy{${connector}}`]: 1,
        [`tomcat.connector.requests{${connector}}`]: 11,
        [`tomcat.connector.errors{${connector}}`]: 8,
        [`tomcat.connector.processing_time{${connector}}`]: 0.649,
        [`tomcat.connector.max_time{${connector}}`]: 0.523,
        [`tomcat.connector.bytes_sent{${connector}}`]: 16688,
        [`tomcat.connector.bytes_received{${connector}}`]: 0,
      });
    });

    it('skips nothing on a complete page, and every value is a known metric with valid tags', () => {
      deepStrictEqual(page.skipped, []);
      const known = new Set(METRICS.map((meta) => meta.metric));
      for (const value of page.values) {
        ok(known.has(value.metric), value.metric);
        ok(Object.values(value.tags).every(isValidName), JSON.stringify(value.tags));
      }
      strictEqual(page.values.length, 3 + 6 * 3 - 1 + 9);
    });
  });

  describe('the XML status page of a Tomcat on G1', () => {
    it('reads G1\'s pools, the code heaps\' quoted names cleaned', () => {
      const page = parseStatusXml(fixture('status-g1.xml'));
      deepStrictEqual(page.values.filter((value) => value.metric === 'tomcat.jvm.memorypool.used').map((value) => value.tags.pool), [
        'G1_Eden_Space', 'G1_Old_Gen', 'G1_Survivor_Space', 'CodeHeap_non-nmethods', 'CodeHeap_non-profiled_nmethods',
        'CodeHeap_profiled_nmethods', 'Compressed_Class_Space', 'Metaspace',
      ]);
      deepStrictEqual(page.skipped, []);
    });
  });

  describe('a malformed XML status page', () => {
    const broken = `<?xml version="1.0" encoding="utf-8"?><status><jvm><memory free='12' total='x' />
      <memorypool name='Eden Space' usageUsed='5' usageCommitted='' usageMax='7'/><memorypool usageUsed='1'/></jvm>
      <connector name='"ajp-nio-8009"'><threadInfo maxThreads="10" currentThreadCount="2" currentThreadsBusy="0"/></connector>
      <connector><threadInfo maxThreads="1"/></connector>
      <connector name='"http-nio-8080"'><threadInfo maxThreads="5" currentThreadCount="1" currentThreadsBusy="1"/>
      <requestInfo requestCount="3" errorCount="-" processingTime="1500" maxTime="700" bytesReceived="0" bytesSent="1e3"/>
      </connector></status>`;
    const page = parseStatusXml(broken);

    it('keeps every value that can be read', () => {
      deepStrictEqual(byKey(page), {
        'tomcat.jvm.memory.free{}': 12,
        'tomcat.jvm.memorypool.used{pool=Eden_Space}': 5,
        'tomcat.jvm.memorypool.max{pool=Eden_Space}': 7,
        'tomcat.connector.threads.max{connector=ajp-nio-8009}': 10,
        'tomcat.connector.threads.current{connector=ajp-nio-8009}': 2,
        'tomcat.connector.threads.busy{connector=ajp-nio-8009}': 0,
        'tomcat.connector.threads.max{connector=http-nio-8080}': 5,
        'tomcat.connector.threads.current{connector=http-nio-8080}': 1,
        'tomcat.connector.threads.busy{connector=http-nio-8080}': 1,
        'tomcat.connector.requests{connector=http-nio-8080}': 3,
        'tomcat.connector.processing_time{connector=http-nio-8080}': 1.5,
        'tomcat.connector.max_time{connector=http-nio-8080}': 0.7,
        'tomcat.connector.bytes_received{connector=http-nio-8080}': 0,
      });
    });

    it('names every field it skipped', () => {
      deepStrictEqual(page.skipped, [
        'jvm.memory.total = "x"',
        'jvm.memory.max (missing)',
        'memorypool "Eden_Space".usageCommitted = ""',
        'jvm.memorypool without a usable name',
        'connector "ajp-nio-8009" requestInfo (no requestInfo element)',
        'connector without a usable name',
        'connector "http-nio-8080" requestInfo.errorCount = "-"',
        'connector "http-nio-8080" requestInfo.bytesSent = "1e3"',
      ]);
    });

    it('reads an empty <status/> as a page with nothing to send', () => {
      deepStrictEqual(parseStatusXml('<status></status>'), {
        values: [], skipped: ['jvm.memory (no memory element)'],
      });
    });

    it('rejects what is not the XML status page with a reason', () => {
      throws(() => parseStatusXml('<status><jvm><memory free="1"/></jvm>'), (error: unknown) =>
        error instanceof StatusPageError && /not well-formed XML/.test(error.message));
      throws(() => parseStatusXml(fixture('status-all.html')), StatusPageError);
      throws(() => parseStatusXml('<?xml version="1.0"?><html><body>proxy error</body></html>'), (error: unknown) =>
        error instanceof StatusPageError && /no <status> element.*\?XML=true/.test(error.message));
      throws(() => parseStatusXml(''), StatusPageError);
    });
  });

  describe('the complete status page (HTML)', () => {
    it('reads the sessions of each application, tagged host/path', () => {
      const page = parseCompleteStatus(fixture('status-all.html'));
      deepStrictEqual(byKey(page), {
        'tomcat.app.sessions.active{app=localhost/rxtest}': 2,
        'tomcat.app.sessions.created{app=localhost/rxtest}': 2,
        'tomcat.app.sessions.rejected{app=localhost/rxtest}': 0,
        'tomcat.app.sessions.expired{app=localhost/rxtest}': 0,
        'tomcat.app.sessions.active{app=localhost/manager}': 0,
        'tomcat.app.sessions.created{app=localhost/manager}': 0,
        'tomcat.app.sessions.rejected{app=localhost/manager}': 0,
        'tomcat.app.sessions.expired{app=localhost/manager}': 0,
      });
      deepStrictEqual(page.skipped, []);
    });

    it('skips a figure it cannot find, and rejects a page without an application list', () => {
      const page = parseCompleteStatus('<h1>Application list</h1><a name="0.0"><h1>localhost&#47;</h1></a>'
        + '<p>Active sessions: 4 Session count: x Expired sessions: 1</p>');
      deepStrictEqual(byKey(page), { 'tomcat.app.sessions.active{app=localhost/}': 4, 'tomcat.app.sessions.expired{app=localhost/}': 1 });
      deepStrictEqual(page.skipped, ['app "localhost/" Session count (missing)', 'app "localhost/" Rejected session creations (missing)']);
      throws(() => parseCompleteStatus('<html>404</html>'), StatusPageError);
    });
  });

  it('cleans names to tag values: quotes dropped, spaces to _, other characters removed', () => {
    strictEqual(tagValue('"http-nio-127.0.0.1-8080"'), 'http-nio-127.0.0.1-8080');
    strictEqual(tagValue("CodeHeap 'non-profiled nmethods'"), 'CodeHeap_non-profiled_nmethods');
    strictEqual(tagValue('""'), '');
    strictEqual(tagValue(undefined), '');
  });
});
