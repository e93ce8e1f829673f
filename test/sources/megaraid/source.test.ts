import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { isValidName } from '../../../src/datum.js';
import { createMegaraidSource } from '../../../src/sources/megaraid/index.js';
import { freshDir, waitFor, isAlive } from '../../servers/harness.js';
import { countingContext } from '../../helpers/skips.js';

const STAND_IN = fileURLToPath(new URL('../../fixtures/megaraid/megacli-standin.sh', import.meta.url));
const EVERY_STATE = fileURLToPath(new URL('../../fixtures/megaraid/ldpdinfo-every-state.txt', import.meta.url));

describe('megaraid source with a MegaCli stand-in', () => {
  let calls: string;
  const callLog = (): string[] => {
    try {
      return readFileSync(calls, 'utf8').trim().split('\n').filter((line) => line !== '');
    } catch {
      return [];
    }
  };

  beforeEach(() => {
    calls = join(freshDir('megaraid'), 'calls');
    process.env.RX_MEGACLI_CALLS = calls;
  });
  afterEach(() => {
    for (const name of ['RX_MEGACLI_CALLS', 'RX_MEGACLI_HANG', 'RX_MEGACLI_FIXTURE']) delete process.env[name];
  });

  it('asks every adapter by default and sends six metrics per drive', async () => {
    const counted = countingContext();
    const source = createMegaraidSource({ megacliCommand: STAND_IN }, counted);
    const data = await lastValueFrom(source.collect());
    assert.deepEqual(callLog(), ['-LdPdInfo -aALL -noLog']);
    assert.equal(data.length, 6 * 6);
    const failing = data.filter((point) => point.tags.slot_number === '1');
    assert.deepEqual(Object.fromEntries(failing.map((point) => [point.metric.split('.').pop(), point.value])),
      { mediaerrors: 17, othererrors: 3, predfailerrors: 2, smartflag: 1, firmwarestate: 7, predfaileventno: 48211 });
    assert.deepEqual(failing[0]?.tags,
      { slot_number: '1', enclosure_id: '32', serial_number: 'ES666XN1TT0B', model: 'ST9300653SS', manufacturer: 'SEAGATE' });
    assert.equal(counted.skipped, 1);
  });

  it('asks only the configured adapter', async () => {
    const data = await lastValueFrom(createMegaraidSource({ megacliCommand: STAND_IN, adapter: 1 }).collect());
    assert.deepEqual(callLog(), ['-LdPdInfo -a1 -noLog']);
    assert.deepEqual([...new Set(data.map((point) => `${point.tags.enclosure_id}:${point.tags.slot_number}`))], ['252:300']);
  });

  it('runs MegaCli only on every tick_interval-th reading; the others are empty', async () => {
    process.env.RX_MEGACLI_FIXTURE = EVERY_STATE;
    const source = createMegaraidSource({ megacliCommand: STAND_IN, tickInterval: 3 });
    const sizes: number[] = [];
    for (let reading = 0; reading < 7; reading += 1) sizes.push((await lastValueFrom(source.collect())).length);
    const perReading = 15 * 6 - 1; // 15 drives, six metrics each, one firmware state ("Copyback") unknown
    assert.deepEqual(sizes, [perReading, 0, 0, perReading, 0, 0, perReading]);
    assert.equal(callLog().length, 3);
  });

  it('fails the reading when MegaCli fails', async () => {
    const source = createMegaraidSource({ megacliCommand: '/bin/false' });
    await assert.rejects(firstValueFrom(source.collect()), /\/bin\/false -LdPdInfo -aALL -noLog/);
  });

  it('kills MegaCli when the reading is unsubscribed, and after its timeout', async () => {
    process.env.RX_MEGACLI_HANG = '1';
    const subscription = createMegaraidSource({ megacliCommand: STAND_IN }).collect().subscribe({ error: () => undefined });
    const hung = await waitFor('stand-in started', () => Number(callLog()[0]) || undefined, 5_000, 20);
    assert.ok(isAlive(hung));
    subscription.unsubscribe();
    await waitFor('stand-in killed', () => !isAlive(hung), 5_000, 20);

    const started = Date.now();
    await assert.rejects(firstValueFrom(createMegaraidSource({ megacliCommand: STAND_IN, commandTimeoutMs: 300 }).collect()));
    assert.ok(Date.now() - started < 5_000);
    const timedOut = Number(callLog()[1]);
    await waitFor('timed-out stand-in killed', () => !isAlive(timedOut), 5_000, 20);
  });

  it('property: garbage or truncated MegaCli output completes the reading with only valid points', async () => {
    const output = join(freshDir('megaraid-garbage'), 'output.txt');
    process.env.RX_MEGACLI_FIXTURE = output;
    const real = readFileSync(EVERY_STATE, 'utf8');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.nat().map((cut) => real.slice(0, cut % (real.length + 1))),
    );
    const source = createMegaraidSource({ megacliCommand: STAND_IN });
    await fc.assert(fc.asyncProperty(text, async (printed) => {
      writeFileSync(output, printed);
      for (const point of await lastValueFrom(source.collect())) {
        assert.ok(Number.isFinite(point.value));
        for (const value of Object.values(point.tags)) assert.ok(isValidName(value), value);
      }
    }), { numRuns: 40 });
  });

  after(() => rmSync(calls, { force: true }));
});

