/**
 * What each SpoolSync mode costs: batches of BatchSize-like size appended and acknowledged through the real spool in a
 * temporary directory on the disk the agent would use (TMPDIR), timed per batch. `interval` and `never` differ only in
 * the background fsync; `batch` pays an fsync on every append and every acknowledgement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Datum } from '../src/datum.js';
import { openSpool, SPOOL_SYNC_MODES } from '../src/spool/spool.js';
import { report } from './results.js';

const BATCHES = Number(process.env.SPOOL_BATCHES ?? 400);
const POINTS = 100;
const timestamp = Math.floor(Date.now() / 1000);
const batch: Datum[] = Array.from({ length: POINTS }, (_, i) =>
  ({ metric: `linux.net.bytes`, timestamp, value: i * 1234.5, tags: { host: 'bench', iface: `eth${i % 300}`, direction: 'in' } }));

const figures: Record<string, number> = { batches: BATCHES, pointsPerBatch: POINTS };
for (const sync of SPOOL_SYNC_MODES) {
  const dir = mkdtempSync(join(process.env.SPOOL_BENCH_DIR ?? tmpdir(), 'rx-spool-bench-'));
  const spool = openSpool({ dir, sync, syncIntervalMs: 1000 });
  const started = performance.now();
  for (let i = 0; i < BATCHES; i += 1) {
    spool.append(batch);
    spool.head();
    spool.ack();
  }
  const elapsedMs = performance.now() - started;
  spool.close();
  rmSync(dir, { recursive: true, force: true });
  figures[`${sync}.msPerBatch`] = Number((elapsedMs / BATCHES).toFixed(3));
  figures[`${sync}.pointsPerSecond`] = Math.round((BATCHES * POINTS) / (elapsedMs / 1000));
}
report('spool', figures);
