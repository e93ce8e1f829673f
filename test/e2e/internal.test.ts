/**
 * rs-collector.stats.samples as a Bosun user sees it: the built agent sending to a receiver that enforces Bosun's
 * contract. rs-collector sent, with every flush, the number of datapoints it sent in that interval; never a 0 at start.
 */
import assert from 'node:assert/strict';
import { startBosunReceiver, type BosunReceiver } from '../sinks/bosunReceiver.js';
import { assertBuilt, runAgent } from './agent.js';

describe('e2e: rs-collector.stats.samples', function () {
  this.timeout(60_000);
  let bosun: BosunReceiver;
  before(async () => {
    assertBuilt();
    bosun = await startBosunReceiver();
  });
  after(() => bosun.close());

  it('counts the datapoints sent since the previous internal reading, and is not sent at the first', async () => {
    const samples = () => bosun.points.filter((point) => point.metric === 'rs-collector.stats.samples');
    const run = await runAgent({
      config: `Host = "${bosun.url}"\nFreq = 1\nFlushInterval = 0.2\nJitter = 0\n[NetDev]\n`,
      until: () => samples().length >= 3,
      runMs: 20_000,
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const versions = bosun.points.filter((point) => point.metric === 'rx-collector.version').map((point) => point.timestamp);
    const first = Math.min(...versions);
    assert.ok(samples().every((point) => point.timestamp > first), 'no samples point from the first internal reading');
    assert.ok(samples().length >= 3);
    // Each interval of a second sent the host's NetDev points and the agent's own: never 0, never more than arrived.
    for (const point of samples()) assert.ok(point.value > 0, `samples ${point.value} at ${point.timestamp}`);
    const total = samples().reduce((sum, point) => sum + point.value, 0);
    assert.ok(total <= bosun.points.length, `${total} counted, ${bosun.points.length} received`);
  });
});
