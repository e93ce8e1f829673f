/**
 * The command line as rs-collector and Telegraf users reach for it, through the built CLI: rs-collector's own files
 * load unchanged, DontSend = true sends nothing, a missing file fails only its collector and recovers, --strict,
 * --list, --collector, --sample-config, --show-config, --once's exit code and the text log format.
 */
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBosunReceiver, type BosunReceiver } from '../sinks/bosunReceiver.js';
import { freePort } from '../servers/harness.js';
import { assertBuilt, runAgent } from './agent.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const RS_EXAMPLE = join(FIXTURES, 'rs-collector', 'examples-rs-collector.conf');
const RS_PACKAGED = join(FIXTURES, 'rs-collector', 'deb-etc-rs-collector.conf');
const MEGACLI_STAND_IN = join(FIXTURES, 'megaraid', 'megacli-standin.sh');
const MEGACLI_OUTPUT = join(FIXTURES, 'megaraid', 'ldpdinfo-two-adapters.txt');
const LINE = /^([\w\-./]+)\{([^}]*)\} (\d+) (-?[\d.e+-]+)$/;

const warningsOf = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('warning: '));
const metricsOf = (stdout: string): Set<string> =>
  new Set(stdout.split('\n').map((line) => LINE.exec(line)?.[1]).filter((metric): metric is string => metric !== undefined));

describe('e2e: the CLI for rs-collector and Telegraf users', function () {
  this.timeout(60_000);
  before(() => assertBuilt());

  describe('rs-collector 0.1.8\'s own configuration files, unchanged', () => {
    it('examples/rs-collector.conf: --check exits 0, warning about its placeholder paths and its unknown key', async () => {
      const run = await runAgent({ args: ['-c', RS_EXAMPLE, '--check'] });
      assert.equal(run.exitCode, 0, run.stderr);
      const warnings = warningsOf(run.stderr);
      assert.deepEqual(warnings, [
        'warning: `Megaraid.id`: unknown key (ignored)',
        'warning: `Megaraid.megacli_command`: "/opt/MegaRAID/MegaCli/MegaCli64" does not exist: collector megaraid fails until it is there (retried on its schedule)',
        'warning: `Mongo[0].CaCert`: "Path to CA certificate" does not exist: collector mongo.replicaset01 fails until it is there (retried on its schedule)',
        'warning: `Galera.CaCert`: "Path to CA certificate" does not exist: collector galera fails until it is there (retried on its schedule)',
      ]);
      assert.match(run.stdout, /^DontSend = true$/m);
      assert.match(run.stdout, /^Sink = "stdout"$/m, 'DontSend = true: nothing goes to Host');
      assert.match(run.stdout, /^Hostname = "muffin"$/m);
      assert.doesNotMatch(run.stdout, /toor|secret/, 'passwords masked');
    });

    it('examples/rs-collector.conf: --check --strict turns its warnings into exit 78', async () => {
      const run = await runAgent({ args: ['-c', RS_EXAMPLE, '--check', '--strict'] });
      assert.equal(run.exitCode, 78);
      assert.match(run.stderr, /error \(--strict\): `Megaraid\.megacli_command`/);
      assert.equal(run.stdout, '');
    });

    it('distribution/deb/.../etc/rs-collector.conf: --check exits 0 without a warning', async () => {
      const run = await runAgent({ args: ['-c', RS_PACKAGED, '--check', '--strict'] });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Host = "localhost:8070"$/m);
      assert.match(run.stdout, /^Sink = "bosun"$/m);
      assert.match(run.stdout, /^hostgroup = "rs-collector-host"$/m);
    });

    it('a type error stays exit 78 at once, --strict or not', async () => {
      const run = await runAgent({ config: 'DontSend = "maybe"\n' });
      assert.equal(run.exitCode, 78);
      assert.equal(run.stderr.trim(), 'rx-collector: config: DontSend: must be true, false or a list of strings (got "maybe")');
    });

    it('an unknown table is a warning with the nearest known name; --strict makes it an error', async () => {
      const config = '[Galeraa]\nUser = "root"\n[NetDev]\nProcroot = "/proc"\n';
      const run = await runAgent({ config, args: ['--check'] });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.deepEqual(warningsOf(run.stderr), [
        'warning: `[Galeraa]`: unknown table (ignored); did you mean `[Galera]`?',
        'warning: `NetDev.Procroot`: unknown key (ignored); did you mean `NetDev.ProcRoot`?',
      ]);
      assert.equal((await runAgent({ config, args: ['--check', '--strict'] })).exitCode, 78);
    });
  });

  describe('DontSend = true', () => {
    let bosun: BosunReceiver;
    before(async () => { bosun = await startBosunReceiver(); });
    after(() => bosun.close());

    it('collects and prints, and sends nothing to Host (neither datapoints nor metadata)', async () => {
      const run = await runAgent({
        config: `Host = "${bosun.url}"\nDontSend = true\nFreq = 1\nFlushInterval = 0.2\n[NetDev]\n`,
        until: ({ stdout }) => metricsOf(stdout).has('linux.net.bytes') && metricsOf(stdout).has('rx-collector.version'),
        runMs: 15_000,
      });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.ok(metricsOf(run.stdout).has('linux.net.bytes'), 'datapoints on stdout');
      assert.match(run.stderr, /DontSend = true: datapoints are printed to stdout, nothing is sent to Host/);
      assert.equal(bosun.requests.length, 0, 'the receiver got no request at all');
    });

    it('a list under DontSend is still the metric filter (files written for this agent)', async () => {
      const run = await runAgent({ config: 'DontSend = ["linux.net.*"]\n[NetDev]\n', args: ['--once', '--print'] });
      assert.equal(run.exitCode, 0, run.stderr);
      const metrics = metricsOf(run.stdout);
      assert.ok(metrics.has('os.net.bytes') && !metrics.has('linux.net.bytes'), [...metrics].join(' '));
    });
  });

  it('a missing MegaCli fails only its collector, shows in /status, and the collector starts once the file appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-collector-missing-'));
    const megacli = join(dir, 'MegaCli64');
    const port = await freePort();
    const status = async (): Promise<{ collectors: Record<string, { errors: number; breakerState: number; lastError?: string }> }> =>
      await (await fetch(`http://127.0.0.1:${port}/status`)).json() as never;
    let seenFailing: { errors: number; breakerState: number; lastError?: string } | undefined;
    const run = await runAgent({
      config: [
        'Sink = "stdout"', 'Freq = 1', 'Jitter = 0', 'FlushInterval = 0.2', 'MaxRetries = 0', 'BreakerFailures = 2',
        'BreakerCooldown = 0.5', 'BreakerMaxCooldown = 1', `StatusAddress = "127.0.0.1:${port}"`,
        '[NetDev]', '[Megaraid]', `megacli_command = "${megacli}"`,
      ].join('\n'),
      env: { RX_MEGACLI_FIXTURE: MEGACLI_OUTPUT },
      until: async ({ stdout }) => {
        if (seenFailing === undefined) {
          if (!metricsOf(stdout).has('linux.net.bytes')) return false;
          const megaraid = (await status().catch(() => undefined))?.collectors.megaraid;
          if (megaraid === undefined || megaraid.breakerState !== 2) return false;
          seenFailing = megaraid;
          copyFileSync(MEGACLI_STAND_IN, megacli);
          chmodSync(megacli, 0o755);
          return false;
        }
        return [...metricsOf(stdout)].some((metric) => metric.startsWith('hw.storage.'));
      },
      runMs: 30_000,
    });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.ok(seenFailing !== undefined, `megaraid never showed as failing in /status:\n${run.stderr}`);
    assert.ok(seenFailing.errors >= 2);
    assert.equal(seenFailing.lastError, `\`Megaraid.megacli_command\`: ${JSON.stringify(megacli)} does not exist`);
    const startWarnings = run.stderr.split('\n').filter((line) => line.includes('fails until it is there'));
    assert.equal(startWarnings.length, 1, 'one line at start names the key and the path');
    assert.match(startWarnings[0] ?? '', /Megaraid\.megacli_command.*MegaCli64/);
    assert.ok([...metricsOf(run.stdout)].some((metric) => metric.startsWith('hw.storage.')), 'megaraid recovered');
    assert.match(run.stderr, /the missing resource is there now: collector started/);
  });

  describe('flags', () => {
    it('--list: every collector of this build, on or off in the loaded configuration, with what it reads', async () => {
      const run = await runAgent({ config: '[NetDev]\n[[Galera]]\nName = "a"\n[[Galera]]\nName = "b"\n', args: ['--list'] });
      assert.equal(run.exitCode, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.match(lines.find((line) => line.startsWith('[NetDev]')) ?? '', /^\[NetDev\] +on +Interface counters/);
      assert.match(lines.find((line) => line.startsWith('[[Galera]]')) ?? '', /^\[\[Galera\]\] +on \(2\) +Galera cluster state/);
      assert.match(lines.find((line) => line.startsWith('[Megaraid]')) ?? '', /^\[Megaraid\] +off +MegaRAID/);
      assert.match(lines.at(-1) ?? '', /^internal +on /);
    });

    it('--collector NAME runs only that collector (a table the file lacks runs with its defaults)', async () => {
      const run = await runAgent({ config: '[HasIpAddr]\nIpv4 = ["127.0.0.1"]\n', args: ['--collector', 'netdev', '--once', '--print'] });
      assert.equal(run.exitCode, 0, run.stderr);
      const metrics = [...metricsOf(run.stdout)];
      assert.ok(metrics.includes('linux.net.bytes'), metrics.join(' '));
      assert.deepEqual(metrics.filter((metric) => !/^(linux|os)\.net\./.test(metric)), [], 'nothing but netdev');
    });

    it('--collector with a name this build lacks is a usage error (64) with the nearest name', async () => {
      const run = await runAgent({ args: ['--collector', 'netdve', '--check'] });
      assert.equal(run.exitCode, 64);
      assert.match(run.stderr, /no collector "netdve" in this build; did you mean NetDev\?/);
    });

    it('--sample-config prints the complete commented example configuration (config/rx-collector.toml)', async () => {
      const run = await runAgent({ args: ['--sample-config'] });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.stdout, readFileSync(fileURLToPath(new URL('../../config/rx-collector.toml', import.meta.url)), 'utf8'));
    });

    it('--print shows the first datapoints at once, whatever Jitter and FlushInterval say', async () => {
      const run = await runAgent({
        config: 'Sink = "stdout"\nFreq = 60\nJitter = 60\nFlushInterval = 60\n[NetDev]\n',
        args: ['--print'],
        until: ({ stdout }) => metricsOf(stdout).has('linux.net.bytes'),
        runMs: 20_000,
      });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.ok(metricsOf(run.stdout).has('linux.net.bytes'), 'printed long before Jitter or FlushInterval (60 s) passed');
    });

    it('--show-config prints the effective configuration, then runs', async () => {
      const run = await runAgent({ config: 'Sink = "stdout"\n[NetDev]\n', args: ['--show-config', '--once'] });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.match(run.stdout, /^# rx-collector: effective configuration from /);
      assert.ok(metricsOf(run.stdout).has('linux.net.bytes'), 'and then the datapoints');
    });

    it('--once exits 75 and says how many datapoints were not delivered', async () => {
      const run = await runAgent({ config: 'Host = "http://127.0.0.1:9"\nMaxRetries = 0\n[NetDev]\n', args: ['--once'] });
      assert.equal(run.exitCode, 75, run.stderr);
      const said = /--once: (\d+) datapoints not delivered/.exec(run.stderr);
      assert.ok(said !== null && Number(said[1]) > 0, run.stderr);
    });

    it('LogFormat = "text" writes one plain line per log entry', async () => {
      const run = await runAgent({ config: 'LogFormat = "text"\nSink = "stdout"\n[NetDev]\n', args: ['--once'] });
      assert.equal(run.exitCode, 0, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.ok(lines.every((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z (INFO |WARN |ERROR|DEBUG) /.test(line)), run.stderr);
      assert.match(run.stderr, /INFO {2}starting version=\S+ file=\S+ collectors=\["netdev"\] sink=stdout/);
    });

    it('--help describes every flag the CLI accepts', async () => {
      const run = await runAgent({ args: ['--help'] });
      assert.equal(run.exitCode, 0);
      for (const flag of ['--config', '--check', '--strict', '--show-config', '--once', '--print', '--collector', '--list',
        '--sample-config', '--version', '--help']) {
        assert.match(run.stdout, new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm'), flag);
      }
    });
  });
});
