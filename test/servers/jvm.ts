/**
 * Two small, idle, real JVMs for the jvm source: the same main class, told apart by a system property, both carrying a
 * per-run token so a regex never matches a JVM some other test (Tomcat, say) or an earlier run started.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { freshDir, hasCommand, shared, spawnDaemon, waitFor, type Server } from './harness.js';

const run = promisify(execFile);
const MAIN_CLASS = 'RxCollectorTestJvm';
const SOURCE = fileURLToPath(new URL(`../fixtures/jvm/${MAIN_CLASS}.java`, import.meta.url));

export interface TestJvm {
  readonly pid: number;
  /** The value of its `-Drxtest.app=` property: 'alpha' or 'beta'. */
  readonly app: string;
}

export interface TestJvms extends Server {
  /** Appears on both JVMs' command lines (`-Drxtest.run=<token>`) and on no other JVM's. */
  readonly token: string;
  readonly mainClass: string;
  readonly alpha: TestJvm;
  readonly beta: TestJvm;
}

export const jvmToolsAvailable = (): boolean => ['java', 'javac', 'jps', 'jstat'].every(hasCommand);

export function testJvms(): Promise<TestJvms> {
  return shared('jvm', start);
}

/** What `jstat -gc <pid>` prints, run by the test itself to compare with the source's datapoints. */
export async function jstatGc(pid: number): Promise<Map<string, string>> {
  const { stdout } = await run('jstat', ['-gc', String(pid)], { timeout: 10_000 });
  const [header = '', row = ''] = stdout.trim().split('\n');
  const cells = row.trim().split(/\s+/);
  return new Map(header.trim().split(/\s+/).map((name, index) => [name, cells[index] ?? '']));
}

async function start(): Promise<TestJvms> {
  const dir = freshDir('jvm');
  copyFileSync(SOURCE, join(dir, `${MAIN_CLASS}.java`));
  await run('javac', ['-d', dir, join(dir, `${MAIN_CLASS}.java`)], { timeout: 60_000 });
  const token = randomBytes(4).toString('hex');
  const launch = (app: string) => spawnDaemon(`jvm-${app}`, 'java', [
    '-Xmx32m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Drxtest.run=${token}`, `-Drxtest.app=${app}`,
    '-cp', dir, MAIN_CLASS,
  ]);
  const daemons = [launch('alpha'), launch('beta')];
  try {
    await Promise.all(daemons.map((daemon) => waitFor(`test JVM ${daemon.pid}`, async () => {
      if (!daemon.output().includes('ready')) return false;
      const { stdout } = await run('jps', ['-q'], { timeout: 10_000 });
      return stdout.split('\n').includes(String(daemon.pid));
    }, 30_000, 200)));
  } catch (error) {
    await Promise.all(daemons.map((daemon) => daemon.stop(2_000)));
    throw new Error(`${(error as Error).message}\n${daemons.map((daemon) => daemon.output()).join('\n')}`);
  }
  const [alpha, beta] = daemons as [typeof daemons[0], typeof daemons[0]];
  return {
    token,
    mainClass: MAIN_CLASS,
    alpha: { pid: alpha.pid, app: 'alpha' },
    beta: { pid: beta.pid, app: 'beta' },
    async stop() {
      await Promise.all(daemons.map((daemon) => daemon.stop(5_000)));
    },
  };
}
