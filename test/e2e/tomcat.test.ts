import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, freshDir, unavailable } from '../servers/harness.js';
import { SESSION_PAGE, sharedTomcat, TEST_APP, tomcatAvailable, type TomcatServer } from '../servers/tomcat.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { parseStatusXml } from '../../src/sources/tomcat/index.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [[Tomcat]] through the agent into VictoriaMetrics', function () {
  this.timeout(120_000);
  let vm: VictoriaMetrics;
  let tomcat: TomcatServer;

  before(async function () {
    this.timeout(120_000);
    if (!tomcatAvailable()) unavailable(this, 'tomcat10 or tomcat10-admin missing (test/servers/install.sh installs them)');
    [vm, tomcat] = await Promise.all([freshVictoriaMetrics(this), sharedTomcat()]);
  });

  it('stores the server\'s own figures; a Tomcat that is not there fails only its own table', async () => {
    const passwordFile = join(freshDir('tomcat-e2e'), 'tomcat.password');
    writeFileSync(passwordFile, `${tomcat.password}\n`);
    await tomcat.get(SESSION_PAGE, 2);
    const nobody = await freePort();
    const run = await runAgent({
      config: [
        ...toVictoriaMetrics(vm),
        '',
        '[[Tomcat]]',
        'Name = "e2e"',
        `Url = "${tomcat.statusUrl}"`,
        `User = "${tomcat.user}"`,
        `PasswordFile = "${passwordFile}"`,
        '',
        '[[Tomcat]]',
        'Name = "down"',
        `Url = "http://127.0.0.1:${nobody}/manager/status?XML=true"`,
        `User = "${tomcat.user}"`,
        'Password = "irrelevant-secret"',
      ].join('\n'),
      runMs: 5_000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    ok(run.stderr.includes('tomcat.down') && run.stderr.includes('ECONNREFUSED'), run.stderr);
    ok(!`${run.stdout}${run.stderr}`.includes('irrelevant-secret') && !`${run.stdout}${run.stderr}`.includes(tomcat.password),
      'no password in the output');

    const page = parseStatusXml(await tomcat.statusXml());
    const connector = `http-nio-127.0.0.1-${tomcat.port}`;
    const last = async (metric: string): Promise<Record<string, number | undefined>> =>
      Object.fromEntries((await vm.series(metric)).map((series) =>
        [`${series.metric.name}/${series.metric.connector ?? series.metric.pool ?? series.metric.app ?? '-'}`, series.values.at(-1)]));

    deepStrictEqual(await last('tomcat.jvm.memory.max'),
      { 'e2e/-': page.values.find((value) => value.metric === 'tomcat.jvm.memory.max')?.value });
    deepStrictEqual(await last('tomcat.connector.threads.max'), { [`e2e/${connector}`]: 25 });
    const tenured = page.values.find((value) => value.metric === 'tomcat.jvm.memorypool.max' && value.tags.pool === 'Tenured_Gen');
    strictEqual((await last('tomcat.jvm.memorypool.max'))['e2e/Tenured_Gen'], tenured?.value);
    ok(((await last('tomcat.app.sessions.active'))[`e2e/localhost/${TEST_APP}`] ?? 0) >= 2, 'the sessions the test opened');

    // nothing but the agent hit the connector while it ran: two requests per reading (the XML and the complete page)
    const requests = (await vm.series('tomcat.connector.requests'))[0]?.values ?? [];
    ok(requests.length >= 3, `several readings at Freq = 1: ${JSON.stringify(requests)}\n${run.stderr}`);
    const steps = requests.slice(1).map((value, index) => value - (requests[index] ?? 0));
    ok(steps.every((step) => step >= 0 && step % 2 === 0) && steps.some((step) => step === 2), `steps ${JSON.stringify(steps)}`);
    deepStrictEqual((await vm.seriesMatching('tomcat\\..*')).filter((series) => series.metric.name !== 'e2e'), []);
  });
});
