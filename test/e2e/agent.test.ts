/**
 * The whole agent as users run it: the built CLI as a child process, its configuration in a file, its datapoints read
 * back from a real VictoriaMetrics and from a receiver that enforces Bosun's contract.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { startBosunReceiver, type BosunReceiver } from '../sinks/bosunReceiver.js';
import { assertBuilt, CLI, runAgent } from './agent.js';

const LINE = /^([\w\-./]+)\{([^}]*)\} (\d+) (-?[\d.e+-]+)$/;

describe('e2e: the rx-collector CLI', function () {
  this.timeout(60_000);
  before(() => assertBuilt());

  it('with no configuration prints the host collectors\' datapoints to stdout and exits 0 (--once)', async () => {
    const run = await runAgent({ args: ['--once'] });
    assert.equal(run.exitCode, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.ok(lines.every((line) => LINE.test(line)), `every line is metric{tags} timestamp value:\n${lines.slice(0, 5).join('\n')}`);
    const metrics = new Set(lines.map((line) => LINE.exec(line)?.[1]));
    for (const metric of ['rx-collector.version', 'rs-collector.version', 'linux.net.bytes', 'rx-collector.rss']) {
      assert.ok(metrics.has(metric), `${metric} printed`);
    }
    const nowSeconds = Date.now() / 1000;
    const timestamp = Number(LINE.exec(lines[0] ?? '')?.[3]);
    assert.ok(Math.abs(timestamp - nowSeconds) < 60, 'timestamps are Unix seconds');
  });

  it('ends quietly with exit 0 when the reader of its stdout goes away (rx-collector --print | head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-collector-pipe-'));
    writeFileSync(join(dir, 'rx.toml'), 'Sink = "stdout"\nFreq = 1\n[NetDev]\n');
    const child = spawn(process.execPath, [CLI, '-c', join(dir, 'rx.toml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
    if (code === 'still running') child.kill('SIGKILL');
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
  });

  it('a bad value exits 78 with one line naming the key, the value and what is expected, no stack trace', async () => {
    const run = await runAgent({ config: 'Freq = "often"\n' });
    assert.equal(run.exitCode, 78);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /Freq.*"often"/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('a Host with a query string exits 78 naming Host, at --check and at start alike', async () => {
    const config = 'Host = "http://bosun.example:8070/?x=1"\n';
    for (const args of [['--check'], []]) {
      const run = await runAgent({ config, args, runMs: 10_000 });
      assert.equal(run.exitCode, 78, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /Host: must not have a query string/);
    }
  });

  it('a duration beyond what a timer can hold exits 78 naming the key, at --check and at start alike', async () => {
    for (const [key, text] of [['Freq', 'Freq = 3000000'], ['Timeout', 'Timeout = 3000000'], ['NetDev.Freq', '[NetDev]\nFreq = 1e7']]) {
      for (const args of [['--check'], []]) {
        const run = await runAgent({ config: `Sink = "stdout"\n${text}\n`, args, runMs: 10_000 });
        assert.equal(run.exitCode, 78, `${text} ${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`^rx-collector: config: ${key.replace('.', '\\.')}: must be at most 2147483 seconds`));
      }
    }
  });

  it('a StatusAddress already in use exits 78 with one line naming the key', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runAgent({ config: `Sink = "stdout"\nStatusAddress = "127.0.0.1:${port}"\n`, runMs: 10_000 });
      assert.equal(run.exitCode, 78, run.stderr);
      assert.match(run.stderr, new RegExp(`StatusAddress: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it('--check prints the effective configuration with secrets masked', async () => {
    const run = await runAgent({
      config: 'Host = "https://admin:hunter2@bosun.example:8070"\nAccessToken = "tok-secret"\n[[Galera]]\nPassword = "toor"\n',
      args: ['--check'],
    });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /bosun\.example/);
    for (const secret of ['hunter2', 'tok-secret', 'toor']) assert.doesNotMatch(run.stdout + run.stderr, new RegExp(secret));
  });

  describe('shipping to a real VictoriaMetrics', () => {
    let vm: VictoriaMetrics;
    before(async function () {
      vm = await freshVictoriaMetrics(this);
    });

    it('runs a few intervals, stops on SIGTERM with exit 0, and everything it sent is there', async () => {
      const config = [
        `Host = "${vm.opentsdbUrl}"`, 'Sink = "opentsdb"', 'Hostname = "e2e-host"', 'Freq = 1', 'FlushInterval = 0.5',
        '[Tags]', 'dc = "test"', '[HasIpAddr]', 'Ipv4 = ["127.0.0.1", "10.255.255.254"]',
      ].join('\n');
      const run = await runAgent({ config, runMs: 4_000 });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.ok((run.stopMs ?? Infinity) < 11_000, `stopped within the bound (${run.stopMs} ms)`);
      const version = await vm.series('rx-collector.version');
      assert.equal(version.length, 1);
      assert.deepEqual(version[0]?.metric, { __name__: 'rx-collector.version', host: 'e2e-host', dc: 'test' });
      assert.ok((version[0]?.values.length ?? 0) >= 3, `one version point per interval (${version[0]?.values.length})`);
      assert.equal(version[0]?.values[0], 1000, 'version 0.1.0 as 0·1000000 + 1·1000 + 0');
      const bound = await vm.series('os.net.has_ipv4s');
      const byAddress = Object.fromEntries(bound.map((series) => [series.metric.ipv4, series.values.at(-1)]));
      assert.deepEqual(byAddress, { '127.0.0.1': 1, '10.255.255.254': 0 });
      const sent = await vm.series('rx-collector.datapoints.sent');
      assert.ok((sent[0]?.values.at(-1) ?? 0) > 0, 'the agent counts what it delivered');
    });
  });

  describe('shipping to a Bosun-contract receiver', () => {
    let bosun: BosunReceiver;
    before(async () => { bosun = await startBosunReceiver(); });
    after(() => bosun.close());

    it('sends datapoints and metadata (rate, unit, desc) for every metric it sends', async () => {
      const run = await runAgent({
        config: `Host = "${bosun.url}"\nFreq = 1\nFlushInterval = 0.5\n[NetDev]\n`,
        until: () => bosun.points.some((p) => p.metric === 'rx-collector.version') && bosun.metadataPosts.length > 0,
        runMs: 15_000,
      });
      assert.equal(run.exitCode, 0, run.stderr);
      const described = new Set(bosun.metadataPosts.flat().map((entry) => entry.Metric));
      const sentMetrics = new Set(bosun.points.map((p) => p.metric));
      assert.deepEqual([...sentMetrics].filter((metric) => !described.has(metric)), [], 'every metric sent has metadata');
      const rssMeta = bosun.metadataPosts.flat().filter((entry) => entry.Metric === 'rx-collector.rss');
      assert.deepEqual(Object.fromEntries(rssMeta.map((entry) => [entry.Name, entry.Value])),
        { rate: 'gauge', unit: 'bytes', desc: 'Resident set size of the agent process.' });
      assert.ok(bosun.points.every((p) => Number.isInteger(p.timestamp) && p.tags.host !== undefined));
    });

    it('SIGHUP reloads: a collector added to the file starts, new global tags apply, the process stays up', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rx-collector-hup-'));
      const file = join(dir, 'rx.toml');
      const base = `Host = "${bosun.url}"\nFreq = 1\nFlushInterval = 0.5\nHostname = "hup"\n`;
      writeFileSync(file, base);
      const child = spawn(process.execPath, [CLI, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        await waitUntil(() => bosun.points.some((p) => p.tags.host === 'hup'), 10_000);
        assert.ok(!bosun.points.some((p) => p.tags.host === 'hup' && p.metric === 'os.net.has_ipv4s'));
        writeFileSync(file, `${base}[Tags]\nreloaded = "yes"\n[HasIpAddr]\nIpv4 = ["127.0.0.1"]\n`);
        child.kill('SIGHUP');
        await waitUntil(() => bosun.points.some((p) => p.tags.host === 'hup' && p.metric === 'os.net.has_ipv4s'), 10_000);
        await waitUntil(() => bosun.points.some((p) => p.tags.host === 'hup' && p.metric === 'rx-collector.version'
          && p.tags.reloaded === 'yes'), 10_000);
        assert.match(stderr, /configuration reloaded/);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('e2e: spool across restarts', function () {
  this.timeout(60_000);
  let bosun: BosunReceiver;
  before(async () => {
    assertBuilt();
    bosun = await startBosunReceiver();
  });
  after(() => bosun.close());

  it('keeps what a dead receiver did not take at SIGTERM, and delivers it first after the next start', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'rx-collector-spool-'));
    const common = `Freq = 1\nFlushInterval = 0.2\nHostname = "spooler"\nSpoolDir = "${spoolDir}"\n`;
    const first = await runAgent({ config: `Host = "http://127.0.0.1:9"\n${common}`, runMs: 2_500 });
    assert.equal(first.exitCode, 0, first.stderr);
    const spooled = /"points":(\d+).*undelivered datapoints spooled/.exec(first.stderr);
    assert.ok(spooled !== null, `the first run says it spooled points:\n${first.stderr}`);
    const spooledPoints = Number(spooled[1]);

    const firstRunVersions = (): number => bosun.points.filter((p) => p.metric === 'rx-collector.version'
      && p.tags.host === 'spooler' && p.timestamp <= startedSecond).length;
    const startedSecond = Math.floor(Date.now() / 1000);
    const second = await runAgent({
      config: `Host = "${bosun.url}"\n${common}`,
      until: () => firstRunVersions() >= 2,
      runMs: 15_000,
    });
    assert.equal(second.exitCode, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`"points":${spooledPoints}.*replaying spooled datapoints`));
    assert.ok(firstRunVersions() >= 2, 'the first run\'s readings arrived after the restart');
  });
});
