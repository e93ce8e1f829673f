/**
 * Three real authoritative name servers (NSD) on 127.0.0.11-13, one port, serving one test zone whose NS records point
 * at them. Each instance has its own zone file, so each can carry a different SOA serial; tests change a serial
 * (edit + SIGHUP), freeze an instance (SIGSTOP) or stop and restart it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, waitFor, type Daemon, type Server } from './harness.js';

const NSD = '/usr/sbin/nsd';
export const TEST_ZONE = 'rx-test.example';

export interface NsdInstance {
  /** The NS host name, e.g. ns1.rx-test.example. */
  readonly name: string;
  readonly address: string;
  /** The serial this instance serves now. */
  readonly serial: number;
  /** Rewrites the zone file with `serial` and has NSD reload it; resolves once the instance answers with it. */
  setSerial(serial: number): Promise<void>;
  /** SIGSTOP: the instance stops answering (queries time out) until `thaw`. */
  freeze(): void;
  thaw(): void;
  /** Stops the process (queries are refused by the kernel) until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface NsdServers extends Server {
  readonly zone: string;
  readonly port: number;
  readonly instances: readonly NsdInstance[];
  /** Asks one instance for the zone's SOA serial (what the server itself says). */
  serialOf(instance: NsdInstance): Promise<number>;
}

export const nsdAvailable = (): boolean => hasCommand(NSD);

export const INITIAL_SERIALS = [2026112501, 2026112502, 2026112503] as const;

export function nsdServers(): Promise<NsdServers> {
  return shared('nsd', start);
}

function zoneFile(serial: number, addresses: readonly string[]): string {
  const ns = addresses.map((_, index) => `@ IN NS ns${index + 1}.${TEST_ZONE}.`);
  const glue = addresses.map((address, index) => `ns${index + 1} IN A ${address}`);
  return [
    `$ORIGIN ${TEST_ZONE}.`,
    '$TTL 60',
    `@ IN SOA ns1.${TEST_ZONE}. hostmaster.${TEST_ZONE}. ${serial} 3600 600 86400 60`,
    ...ns, ...glue, 'www IN A 127.0.0.80', '',
  ].join('\n');
}

function nsdConf(dir: string, address: string, port: number): string {
  return `server:
  ip-address: ${address}@${port}
  port: ${port}
  do-ip6: no
  username: ""
  chroot: ""
  database: ""
  zonesdir: "${dir}"
  pidfile: "${join(dir, 'nsd.pid')}"
  xfrdfile: "${join(dir, 'xfrd.state')}"
  zonelistfile: "${join(dir, 'zone.list')}"
  xfrdir: "${dir}"
  logfile: "${join(dir, 'nsd.log')}"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
zone:
  name: "${TEST_ZONE}"
  zonefile: "${join(dir, 'zone')}"
`;
}

/** NSD answers from forked server processes: freezing only the parent would change nothing. */
function signalTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  const children = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((entry) => {
    try {
      // the parent PID is the second field after the parenthesised command name
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
  for (const child of children) signalTree(Number(child), signal);
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function askSerial(address: string, port: number): Promise<number> {
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`${address}:${port}`]);
  return (await resolver.resolveSoa(TEST_ZONE)).serial;
}

async function start(): Promise<NsdServers> {
  const root = freshDir('nsd');
  const port = await freePort();
  const addresses = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
  const instances = addresses.map((address, index) => {
    const dir = join(root, `ns${index + 1}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'nsd.conf');
    writeFileSync(conf, nsdConf(dir, address, port));
    let serial: number = INITIAL_SERIALS[index] ?? 1;
    writeFileSync(join(dir, 'zone'), zoneFile(serial, addresses));
    let daemon: Daemon | undefined;

    const instance = {
      name: `ns${index + 1}.${TEST_ZONE}`,
      address,
      get serial() {
        return serial;
      },
      /** Starts the instance unless it is already running. */
      async start() {
        if (daemon !== undefined && daemon.child.exitCode === null && daemon.child.signalCode === null) return;
        const running = spawnDaemon(`nsd-ns${index + 1}`, NSD, ['-d', '-c', conf]);
        daemon = running;
        await waitFor(`nsd ns${index + 1} answering`, async () => (await askSerial(address, port)) === serial, 15_000)
          .catch((error: unknown) => {
            throw new Error(`${(error as Error).message}\n${running.output()}`);
          });
      },
      async stop() {
        await daemon?.stop(5_000);
        daemon = undefined;
      },
      freeze: () => signalTree(daemon?.pid, 'SIGSTOP'),
      thaw: () => signalTree(daemon?.pid, 'SIGCONT'),
      async setSerial(next: number) {
        serial = next;
        writeFileSync(join(dir, 'zone'), zoneFile(serial, addresses));
        daemon?.kill('SIGHUP');
        await waitFor(`ns${index + 1} serving serial ${next}`, async () => (await askSerial(address, port)) === next, 15_000);
      },
    };
    return instance;
  });
  await Promise.all(instances.map((instance) => instance.start()));
  return {
    zone: TEST_ZONE,
    port,
    instances,
    serialOf: (instance) => askSerial(instance.address, port),
    async stop() {
      for (const instance of instances) instance.thaw();
      await Promise.all(instances.map((instance) => instance.stop()));
    },
  };
}
