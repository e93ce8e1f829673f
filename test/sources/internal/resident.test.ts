import assert from 'node:assert/strict';
import { residentSet } from '../../../src/sources/internal/resident.js';

describe('residentSet', () => {
  it('reads the resident set from statm in bytes, as Node measures it, reading after reading', () => {
    const resident = residentSet();
    try {
      for (let reading = 0; reading < 3; reading += 1) {
        const ours = resident.bytes();
        const node = process.memoryUsage.rss();
        assert.ok(Math.abs(ours - node) < node * 0.05, `statm ${ours} bytes, Node ${node}`);
      }
    } finally {
      resident.close();
    }
  });

  it('falls back on Node\'s figure where statm cannot be read', () => {
    const resident = residentSet('/nonexistent/statm');
    const ours = resident.bytes();
    const node = process.memoryUsage.rss();
    assert.ok(ours > 10 * 1024 * 1024 && Math.abs(ours - node) < node * 0.05, `${ours} bytes, Node ${node}`);
    resident.close();
  });
});
