/**
 * Run as a child process by spool.property.test.ts and killed by SIGKILL at a random moment: appends batches and
 * acknowledges the head now and then, as fast as it can, reporting on stdout each operation after it returned
 * ("a <n>" appended batch n, "k <n>" acknowledged batch n). Stdout to a pipe is synchronous on Linux, so every line the
 * parent read describes an operation that completed. Arguments: <dir> <ack probability> <seed> <first>: batches are
 * numbered on from the spool's head, or from <first> (the parent's next number) when the last life acknowledged all.
 */
import { openSpool } from '../../src/spool/spool.js';

const [dir = '', ackProbability = '0.5', seedText = '1', firstText = '0'] = process.argv.slice(2);
let seed = Number(seedText) >>> 0;
/** A small deterministic generator, so a failing seed replays. */
const random = (): number => {
  seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};

const spool = openSpool({ dir, sync: 'never', segmentBytes: 4096 });
let next = spool.batches === 0 ? Number(firstText) : Number(spool.peek()?.[0]?.value) + spool.batches;
process.stdout.write('ready\n');
function step(): void {
  for (let i = 0; i < 5; i += 1) {
    if (random() < Number(ackProbability) && spool.batches > 0) {
      const head = spool.head();
      if (head !== undefined) {
        spool.ack(head.id);
        process.stdout.write(`k ${head.points[0]?.value}\n`);
      }
    } else {
      const size = 1 + Math.floor(random() * 20);
      spool.append(Array.from({ length: size }, (_, j) => ({ metric: 'spool.prop', timestamp: 1_700_000_000 + next,
        value: j === 0 ? next : next + j / 100, tags: { host: 'h' } })));
      process.stdout.write(`a ${next}\n`);
      next += 1;
    }
  }
  setTimeout(step, 1);
}
step();
