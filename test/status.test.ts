import assert from 'node:assert/strict';
import { request } from 'undici';
import type { AgentStats } from '../src/sources/internal/index.js';
import { startStatusEndpoint } from '../src/status.js';

const stats: AgentStats = {
  sent: 42, dropped: 1, discarded: {}, queued: 3, posts: 2, postErrors: 0, postBytes: 512, postDurationMs: 9,
  lastBatchPoints: 21, spoolDropped: 0, spoolCorrupt: 0, collectors: {},
};

describe('status endpoint', () => {
  it('answers /health with ok and /status with the agent\'s counters; anything else is 404', async () => {
    const endpoint = await startStatusEndpoint('127.0.0.1:0', () => stats, '9.8.7');
    try {
      const health = await request(`http://${endpoint.address}/health`);
      assert.equal(health.statusCode, 200);
      assert.equal(await health.body.text(), 'ok\n');
      const status = await request(`http://${endpoint.address}/status`);
      const body = await status.body.json() as Record<string, unknown>;
      assert.equal(body.version, '9.8.7');
      assert.equal(body.sent, 42);
      assert.equal(body.queued, 3);
      const other = await request(`http://${endpoint.address}/config`);
      await other.body.dump();
      assert.equal(other.statusCode, 404);
    } finally {
      await endpoint.close();
    }
  });
});
