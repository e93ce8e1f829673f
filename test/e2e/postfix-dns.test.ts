import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { unavailable, waitFor } from '../servers/harness.js';
import { nsdAvailable, nsdServers, type NsdServers } from '../servers/nsd.js';
import { postfix, postfixAvailable, type PostfixServer } from '../servers/postfix.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [Postfix] and [[Dns]] through the agent into VictoriaMetrics', function () {
  this.timeout(120_000);
  let vm: VictoriaMetrics;
  let mail: PostfixServer;
  let dns: NsdServers;

  before(async function () {
    if (!postfixAvailable()) unavailable(this, 'Postfix is not installed (test/servers/install.sh)');
    if (!nsdAvailable()) unavailable(this, 'NSD is not installed (test/servers/install.sh)');
    [vm, mail, dns] = await Promise.all([freshVictoriaMetrics(this), postfix(), nsdServers()]);
  });

  it('stores the queue shape, the mail counters and every server\'s SOA serial as the servers report them', async () => {
    const deliveredBefore = mail.logCount(/status=sent/);
    const config = [
      ...toVictoriaMetrics(vm),
      '',
      '[Postfix]',
      `ConfigDirectory = "${mail.configDirectory}"`,
      `LogFile = "${mail.logFile}"`,
      '',
      '[[Dns]]',
      'Name = "test-zone"',
      `Zone = "${dns.zone}"`,
      `Resolvers = ["${dns.instances[0]?.address ?? ''}:${dns.port}"]`,
      `Port = ${dns.port}`,
      'QueryTimeout = 0.5',
      'IPv6 = false',
    ].join('\n');
    // The statistics start at the end of the log at the agent's first reading: mail goes out once that reading has
    // arrived in VictoriaMetrics, and the agent runs on until the deliveries are logged and two more readings shipped.
    let sending: Promise<void> | undefined;
    let deliveredAt: number | undefined;
    const run = await runAgent({
      config,
      runMs: 40_000,
      until: async () => {
        if (sending === undefined) {
          if ((await vm.series('postfix.queue.length')).length === 0) return false;
          sending = (async () => {
            await mail.send('nobody@localhost');
            await mail.send('nobody@localhost');
            await waitFor('both deliveries logged', () => mail.logCount(/status=sent/) >= deliveredBefore + 2, 20_000);
            deliveredAt = Date.now();
          })();
          // awaited after the run; handled now so a failure is reported there, not as an unhandled rejection
          sending.catch(() => undefined);
        }
        return deliveredAt !== undefined && Date.now() - deliveredAt > 2_500;
      },
    });
    await sending;
    strictEqual(run.exitCode, 0, run.stderr);

    const last = async (metric: string, tags: Record<string, string> = {}) => {
      const series = (await vm.series(metric)).filter((one) => Object.entries(tags).every(([key, value]) => one.metric[key] === value));
      strictEqual(series.length, 1, `${metric} ${JSON.stringify(tags)}: one series expected, got ${series.length}`);
      return series[0]?.values.at(-1);
    };

    strictEqual(await last('postfix.messages.delivered'), 2);
    strictEqual(await last('postfix.messages.received'), 2);
    const queue = await mail.postqueue();
    for (const name of ['deferred', 'hold', 'maildrop']) {
      strictEqual(await last('postfix.queue.length', { queue: name }), queue.filter((entry) => entry.queue_name === name).length, name);
    }
    const buckets = await vm.series('postfix.queues.deferred');
    deepStrictEqual(buckets.map((series) => series.metric.bucket).sort(), ['10', '1280', '1280p', '160', '20', '320', '40', '5', '640', '80']);
    ok(buckets.every((series) => typeof series.metric.host === 'string' && series.metric.host !== ''));

    for (const instance of dns.instances) {
      const tags = { zone: dns.zone, nameserver: instance.name, address: instance.address };
      strictEqual(await last('dns.soa.serial', tags), await dns.serialOf(instance), instance.name);
      strictEqual(await last('dns.soa.failed', tags), 0);
    }
    strictEqual(await last('dns.soa.in_agreement', { zone: dns.zone }), 0);
    strictEqual(await last('dns.soa.distinct_serials', { zone: dns.zone }), 3);
  });
});
