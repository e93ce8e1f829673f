/**
 * The contract every registered collector keeps, checked over the registry: its table documents every key and its
 * METRICS table every metric; a reading made the way the agent makes it (TOML → loadConfig → create) completes, sends
 * only the metrics and tag keys its table declares, with finite values; unsubscribing at once aborts it cleanly.
 * Each collector needs a case below, against a real server or a fixture tree: a new collector without one fails here.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, timeout, toArray } from 'rxjs';
import { stringify } from 'smol-toml';
import type { ConfiguredSource } from '../../src/config/agent.js';
import { loadConfig } from '../../src/config/load.js';
import { isValidName, type Datum } from '../../src/datum.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';
import type { RegisteredTable } from '../../src/table.js';
import { countingContext } from '../helpers/skips.js';
import { CEPH, cephAvailable, cephCluster } from '../servers/ceph.js';
import { freshDir, shared, unavailable } from '../servers/harness.js';
import { jvmToolsAvailable, testJvms } from '../servers/jvm.js';
import { mariadbAvailable, plainMariadb } from '../servers/mariadb.js';
import { startMongoStandIn } from '../servers/mongo/standIn.js';
import { nsdAvailable, nsdServers } from '../servers/nsd.js';
import { podman, podmanAvailable } from '../servers/podman.js';
import { postfix, postfixAvailable } from '../servers/postfix.js';
import { sharedTomcat, tomcatAvailable } from '../servers/tomcat.js';
import { unsubscribedAtOnce } from './unsubscribed.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const fixture = (path: string): string => fileURLToPath(new URL(path, FIXTURES));

/** A whole reading, however slow its server, must be over by then (JVM tools take a few seconds on a busy machine). */
const READING_BOUND_MS = 20_000;

type TableKeys = Record<string, unknown>;

/** How to get one real reading of a collector. */
interface ContractCase {
  /** Why what the case needs cannot be had on this machine; undefined when it can. */
  missing?: () => string | undefined;
  /** Starts (or reuses) the server and gives the table's keys; several for several `[[Table]]` instances. */
  keys: () => Promise<TableKeys | TableKeys[]>;
}

const mariadbKeys = async (): Promise<TableKeys> => {
  const server = await plainMariadb();
  return { Host: server.host, Port: server.port, User: server.user };
};
const needsMariadb = (): string | undefined => (mariadbAvailable() ? undefined : 'MariaDB is not installed (test/servers/install.sh)');

/** A proc root whose net/bonding/ holds every bonding fixture as a bond of its own. */
function bondingProcRoot(): string {
  const root = freshDir('contract-bonding');
  const bonds = join(root, 'net', 'bonding');
  mkdirSync(bonds, { recursive: true });
  for (const [index, file] of readdirSync(fixture('bonding/')).entries()) copyFileSync(fixture(`bonding/${file}`), join(bonds, `bond${index}`));
  return root;
}

/** One per registered table, keyed by its name. */
const CASES: Record<string, ContractCase> = {
  Docker: {
    missing: () => (podmanAvailable() ? undefined : 'podman, runc or a static busybox is not installed (test/servers/install.sh)'),
    keys: async () => {
      const engine = await podman();
      await engine.run('rx-contract').catch(() => undefined); // one running container, so per-container metrics come too
      return { Endpoint: engine.endpoint };
    },
  },
  Tomcat: {
    missing: () => (tomcatAvailable() ? undefined : 'Tomcat 10 is not installed (test/servers/install.sh)'),
    keys: async () => {
      const tomcat = await sharedTomcat();
      return { Url: tomcat.statusUrl, User: tomcat.user, Password: tomcat.password };
    },
  },
  HasIpAddr: { keys: () => Promise.resolve({ Ipv4: ['127.0.0.1', '192.0.2.1'], Ipv6: ['::1'] }) },
  Bonding: { keys: () => Promise.resolve({ ProcRoot: bondingProcRoot() }) },
  NetDev: {
    keys: () => Promise.resolve({ ProcRoot: fixture('netdev/server/proc'), SysRoot: fixture('netdev/server/sys'), Exclude: '' }),
  },
  Jvm: {
    missing: () => (jvmToolsAvailable() ? undefined : 'java, javac, jps or jstat not installed (openjdk-17-jdk-headless)'),
    keys: async () => ({ Command: `rxtest\\.run=${(await testJvms()).token}` }),
  },
  Megaraid: { keys: () => Promise.resolve({ megacli_command: fixture('megaraid/megacli-standin.sh') }) },
  Mongo: {
    // the replica set metrics come from a member, the balancer's from a mongos
    keys: async () => Promise.all((['primary', 'mongos'] as const).map(async (role) =>
      ({ Uri: (await shared(`contract-mongo-${role}`, () => startMongoStandIn({ role }))).url }))),
  },
  Postfix: {
    missing: () => (postfixAvailable() ? undefined : 'Postfix is not installed (test/servers/install.sh)'),
    keys: async () => {
      const mail = await postfix();
      return { ConfigDirectory: mail.configDirectory, LogFile: mail.logFile };
    },
  },
  Dns: {
    missing: () => (nsdAvailable() ? undefined : 'NSD is not installed (test/servers/install.sh)'),
    keys: async () => {
      const dns = await nsdServers();
      return { Zone: dns.zone, Resolvers: [`${dns.instances[0]?.address ?? ''}:${dns.port}`], Port: dns.port, QueryTimeout: 1, IPv6: false };
    },
  },
  Galera: { missing: needsMariadb, keys: mariadbKeys },
  Mysql: { missing: needsMariadb, keys: mariadbKeys },
  Ceph: {
    missing: () => (cephAvailable() ? undefined : 'ceph-mon, ceph-mgr, ceph-osd or ceph-common not installed (test/servers/install.sh)'),
    keys: async () => ({ ConfigFile: (await cephCluster()).conf, CephCommand: CEPH }),
  },
};

/** The table as a config file names it, loaded through the agent's own path. */
async function configure(table: RegisteredTable, contract: ContractCase): Promise<readonly ConfiguredSource[]> {
  const given = await contract.keys();
  const instances = Array.isArray(given) ? given : [given];
  assert.ok(table.many || instances.length === 1, `[${table.table}] takes one table, the case gives ${instances.length}`);
  const document = table.many
    ? { [table.table]: instances.map((keys, index) => ({ Name: `contract${index}`, ...keys })) }
    : { [table.table]: instances[0] };
  const file = join(freshDir(`contract-${table.table}`), 'rx-collector.toml');
  writeFileSync(file, stringify(document));
  const { config, warnings } = loadConfig({ file, tables: SOURCE_TABLES, env: {} });
  assert.deepEqual(warnings, [], 'the case names only keys the table knows');
  assert.equal(config.sources.length, instances.length);
  return config.sources;
}

/** Every way a point breaks the table's declaration, as readable lines (empty: none). */
function undeclared(table: RegisteredTable, points: readonly Datum[]): string[] {
  const declared = new Map(table.metrics.map((meta) => [meta.metric, meta]));
  const problems = points.flatMap((point) => {
    const meta = declared.get(point.metric);
    if (meta === undefined) return [`${point.metric} is not in METRICS`];
    const allowed = meta.tags ?? [];
    const stray = Object.keys(point.tags).filter((key) => !allowed.includes(key));
    return [
      ...(stray.length === 0 ? [] : [`${point.metric} has tag(s) ${stray.join(', ')} beyond its declared [${allowed.join(', ')}]`]),
      ...(Number.isFinite(point.value) ? [] : [`${point.metric} has value ${String(point.value)}`]),
      ...(Number.isFinite(point.timestamp) && point.timestamp > 0 ? [] : [`${point.metric} has timestamp ${String(point.timestamp)}`]),
    ];
  });
  return [...new Set(problems)];
}

describe('collector contract, over the registry', () => {
  it('has a case for every registered collector, and none for a table the registry lacks', () => {
    const registered = SOURCE_TABLES.map((table) => table.table);
    assert.deepEqual(registered.filter((name) => !Object.hasOwn(CASES, name)), [], 'add a case to CASES in this file');
    assert.deepEqual(Object.keys(CASES).filter((name) => !registered.includes(name)), []);
  });

  for (const table of SOURCE_TABLES) {
    describe(`[${table.table}]`, function () {
      this.timeout(60_000);

      it('documents every key, and every metric with its rate, unit and description', () => {
        assert.notEqual(table.summary.trim(), '', 'summary');
        const schema = Object.entries<{ doc?: unknown }>(table.schema);
        assert.ok(schema.length > 0, 'schema has keys');
        for (const [key, entry] of schema) assert.ok(typeof entry.doc === 'string' && entry.doc.trim() !== '', `doc of ${key}`);
        assert.ok(table.metrics.length > 0, 'METRICS is not empty');
        const names = table.metrics.map((meta) => meta.metric);
        assert.deepEqual(names.filter((name, index) => names.indexOf(name) !== index), [], 'each metric once');
        for (const meta of table.metrics) {
          assert.ok(isValidName(meta.metric), `metric name ${meta.metric}`);
          assert.ok(['gauge', 'counter', 'rate'].includes(meta.rate), `rate of ${meta.metric}`);
          assert.equal(typeof meta.unit, 'string', `unit of ${meta.metric}`);
          assert.notEqual(meta.desc.trim(), '', `desc of ${meta.metric}`);
          for (const tag of meta.tags ?? []) assert.ok(isValidName(tag), `tag ${tag} of ${meta.metric}`);
        }
      });

      const contract = CASES[table.table];
      if (contract === undefined) return;

      describe('reading', () => {
        let configured: readonly ConfiguredSource[] = [];
        before(async function () {
          const reason = contract.missing?.();
          if (reason !== undefined) unavailable(this, reason);
          configured = await configure(table, contract);
        });

        it('completes in bounded time, sending only declared metrics and tags, with finite values', async () => {
          for (const each of configured) {
            const source = each.create(countingContext());
            try {
              const readings = await lastValueFrom(source.collect().pipe(toArray(), timeout(READING_BOUND_MS)));
              assert.ok(readings.length > 0, `${each.name}: the reading emitted`);
              const points = readings.flat();
              assert.ok(points.length > 0, `${each.name}: the case's server gives the reading something to send`);
              assert.deepEqual(undeclared(table, points), [], each.name);
              const described = new Set(source.metadata.map((meta) => meta.metric));
              assert.deepEqual([...new Set(points.map((point) => point.metric))].filter((metric) => !described.has(metric)), [],
                `${each.name}: the source's metadata describes what it sent`);
            } finally {
              await source.close?.();
            }
          }
        });

        it('sends nothing and fails nothing when unsubscribed at once', async () => {
          for (const each of configured) {
            const source = each.create(countingContext());
            try {
              const leftovers = await unsubscribedAtOnce(source.collect());
              assert.deepEqual(leftovers, { received: [], errors: [], unhandled: [] }, each.name);
            } finally {
              await source.close?.();
            }
          }
        });
      });
    });
  }
});
