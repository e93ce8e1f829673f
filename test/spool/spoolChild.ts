/**
 * Run as a child process by spool.test.ts: appends batches, acknowledges some, then dies by SIGKILL without closing,
 * as a crashed agent would. Arguments: <dir> <batches> <acks>.
 */
import { openSpool } from '../../src/spool/spool.js';

const [dir, batches, acks] = process.argv.slice(2);
const spool = openSpool({ dir: String(dir) });
for (let i = 0; i < Number(batches); i += 1) {
  spool.append([{ metric: 'spool.child', timestamp: 1_700_000_000 + i, value: i, tags: { host: 'h' } }]);
}
for (let i = 0; i < Number(acks); i += 1) spool.ack();
process.kill(process.pid, 'SIGKILL');
