/**
 * A real Docker-compatible engine: Debian's podman serving the Docker Engine API (`podman system service`) on a
 * private unix socket, with its own storage, run and temp directories and containers.conf, so nothing of the host's
 * container setup is read or changed. No registry: the one image is imported from a tar of a static busybox rootfs.
 * Containers run with NetworkMode "none" (no bridge, no iptables rules on the host) and runc (crun fails on this
 * kernel's hybrid cgroups). Health checks run only when asked (`healthcheck`): without systemd podman has no timers.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readSync, closeSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'undici';
import { freshDir, hasCommand, shared, spawnDaemon, STATE_DIR, waitFor, type Daemon, type Server } from './harness.js';

const run = promisify(execFile);
const PODMAN = 'podman';
const RUNC = '/usr/sbin/runc';
/** busybox-static's binary: it must run in a rootfs without a libc. */
const BUSYBOX = '/bin/busybox';
export const TEST_IMAGE = 'localhost/rx-busybox:test';
const APPLETS = ['sh', 'sleep', 'true', 'false', 'cat', 'echo'];

export interface ContainerSpec {
  /** Command; default `sleep 3600`. */
  cmd?: readonly string[];
  labels?: Readonly<Record<string, string>>;
  memoryBytes?: number;
  /** Health check command run with CMD (e.g. ['false'] for one that always fails). */
  healthcheck?: readonly string[];
  /** Restart policy, e.g. { name: 'on-failure', maximumRetryCount: 2 }. */
  restart?: { name: string; maximumRetryCount?: number };
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface PodmanEngine extends Server {
  readonly socketPath: string;
  /** The socket as the collector's Endpoint key spells it. */
  readonly endpoint: string;
  /** A request to the engine's Docker API (unversioned paths, as the collector uses them). */
  api(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiAnswer>;
  /** Creates a container from the test image; resolves its ID. */
  create(name: string, spec?: ContainerSpec): Promise<string>;
  /** Creates and starts one. */
  run(name: string, spec?: ContainerSpec): Promise<string>;
  action(name: string, action: 'start' | 'stop' | 'pause' | 'unpause'): Promise<void>;
  remove(name: string): Promise<void>;
  inspect(name: string): Promise<Record<string, unknown>>;
  /** Runs the container's health check once (libpod's endpoint) and resolves the status it reports. */
  healthcheck(name: string): Promise<string>;
  /** Stops the API service (containers keep running) until `startService`. */
  stopService(): Promise<void>;
  startService(): Promise<void>;
}

/** True when the ELF file has no program interpreter, i.e. is statically linked (the path sits in the first page). */
function isStatic(file: string): boolean {
  const head = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.subarray(0, 4).toString('latin1') === '\x7fELF' && !head.includes('ld-linux');
}

export function podmanAvailable(): boolean {
  return hasCommand(PODMAN) && hasCommand(RUNC) && existsSync(BUSYBOX) && isStatic(BUSYBOX);
}

export function podman(): Promise<PodmanEngine> {
  return shared('podman', start);
}

function containersConf(dir: string): string {
  return `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
netns = "none"
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "${join(dir, 'events.log')}"

[network]
network_config_dir = "${join(dir, 'networks')}"
`;
}

function storageConf(dir: string): string {
  return `[storage]
driver = "vfs"
graphroot = "${join(dir, 'root')}"
runroot = "${join(dir, 'runroot')}"
`;
}

/** A rootfs of one static busybox and a few applet links, tarred for `podman import`. */
async function busyboxTar(dir: string): Promise<string> {
  const rootfs = join(dir, 'rootfs');
  for (const sub of ['bin', 'tmp', 'proc', 'sys', 'dev', 'etc']) mkdirSync(join(rootfs, sub), { recursive: true });
  copyFileSync(BUSYBOX, join(rootfs, 'bin', 'busybox'));
  for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
  const tar = join(dir, 'busybox.tar');
  await run('tar', ['-C', rootfs, '-cf', tar, '.']);
  return tar;
}

function createBody(spec: ContainerSpec): object {
  return {
    Image: TEST_IMAGE,
    Cmd: spec.cmd ?? ['sleep', '3600'],
    Labels: spec.labels ?? {},
    HostConfig: {
      NetworkMode: 'none',
      ...(spec.memoryBytes === undefined ? {} : { Memory: spec.memoryBytes }),
      ...(spec.restart === undefined ? {} : { RestartPolicy: { Name: spec.restart.name, MaximumRetryCount: spec.restart.maximumRetryCount ?? 0 } }),
    },
    ...(spec.healthcheck === undefined ? {} : {
      // one failure makes it unhealthy; the interval only matters to a scheduler podman does not have here
      Healthcheck: { Test: ['CMD', ...spec.healthcheck], Interval: 3_600_000_000_000, Timeout: 5_000_000_000, Retries: 1 },
    }),
  };
}

async function start(): Promise<PodmanEngine> {
  const stateDir = join(STATE_DIR, 'podman');
  const env = {
    ...process.env,
    CONTAINERS_CONF: join(stateDir, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(stateDir, 'storage.conf'),
  };
  const globalArgs = ['--root', join(stateDir, 'root'), '--runroot', join(stateDir, 'runroot'), '--tmpdir', join(stateDir, 'tmp')];
  // containers of a run that crashed outlive it (conmon is not our child): remove them before the storage goes
  if (existsSync(join(stateDir, 'storage.conf'))) {
    await run(PODMAN, [...globalArgs, 'rm', '--all', '--force', '--time', '0'], { env, timeout: 60_000 }).catch(() => undefined);
  }
  const dir = freshDir('podman');
  writeFileSync(env.CONTAINERS_CONF, containersConf(dir));
  writeFileSync(env.CONTAINERS_STORAGE_CONF, storageConf(dir));
  await run(PODMAN, [...globalArgs, 'import', await busyboxTar(dir), TEST_IMAGE], { env, timeout: 60_000 });

  const socketPath = join(dir, 'docker.sock');
  const pool = new Pool('http://localhost', { socketPath, connections: 4 });
  let daemon: Daemon | undefined;

  const api = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiAnswer> => {
    const answer = await pool.request({
      method, path,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await answer.body.text();
    try {
      // podman sends stats without a JSON content type, and /_ping as plain text
      return { status: answer.statusCode, body: JSON.parse(text) as unknown };
    } catch {
      return { status: answer.statusCode, body: text };
    }
  };
  const expect = async (what: string, method: 'GET' | 'POST' | 'DELETE', path: string, ok: readonly number[], body?: unknown): Promise<unknown> => {
    const answer = await api(method, path, body);
    if (!ok.includes(answer.status)) throw new Error(`podman: ${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const name = (container: string): string => encodeURIComponent(container);

  const startService = async (): Promise<void> => {
    if (daemon !== undefined) return;
    const running = spawnDaemon('podman', PODMAN, [...globalArgs, 'system', 'service', '--time=0', `unix://${socketPath}`], { env });
    daemon = running;
    await waitFor('podman API answering /_ping', async () => (await api('GET', '/_ping')).status === 200, 30_000)
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n${running.output()}`);
      });
  };
  const stopService = async (): Promise<void> => {
    await daemon?.stop(10_000);
    daemon = undefined;
  };
  await startService();

  const engine: PodmanEngine = {
    socketPath,
    endpoint: `unix://${socketPath}`,
    api,
    async create(container, spec = {}) {
      const body = await expect(`create ${container}`, 'POST', `/containers/create?name=${name(container)}`, [201, 200], createBody(spec));
      return (body as { Id: string }).Id;
    },
    async run(container, spec = {}) {
      const id = await engine.create(container, spec);
      await engine.action(container, 'start');
      return id;
    },
    async action(container, action) {
      await expect(`${action} ${container}`, 'POST', `/containers/${name(container)}/${action}${action === 'stop' ? '?t=0' : ''}`, [204, 304]);
    },
    async remove(container) {
      await expect(`remove ${container}`, 'DELETE', `/containers/${name(container)}?force=true`, [200, 204, 404]);
    },
    async inspect(container) {
      return await expect(`inspect ${container}`, 'GET', `/containers/${name(container)}/json`, [200]) as Record<string, unknown>;
    },
    async healthcheck(container) {
      const body = await expect(`healthcheck ${container}`, 'GET', `/v4.0.0/libpod/containers/${name(container)}/healthcheck`, [200]);
      return (body as { Status: string }).Status;
    },
    startService,
    stopService,
    async stop() {
      try {
        await startService();
        const list = await expect('list', 'GET', '/containers/json?all=1', [200]) as { Id: string }[];
        await Promise.all(list.map((entry) => engine.remove(entry.Id)));
      } finally {
        await stopService();
        await pool.destroy();
      }
    },
  };
  return engine;
}
