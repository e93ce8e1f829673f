import { deepStrictEqual, strictEqual } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { checkDatum, type Datum } from '../../../src/datum.js';
import { createBondingSource, METRICS } from '../../../src/sources/bonding/index.js';
import { parseBonding } from '../../../src/sources/bonding/parse.js';
import { unsubscribedAtOnce } from '../unsubscribed.js';
import { countingContext } from '../../helpers/skips.js';

const FIXTURES = new URL('../../fixtures/bonding/', import.meta.url);

/** A fake proc root holding the given fixtures as bonds: `{ bond0: 'balance-rr.txt' }`. */
function procWith(bonds: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rx-bonding-'));
  mkdirSync(join(root, 'net', 'bonding'), { recursive: true });
  for (const [bond, file] of Object.entries(bonds)) copyFileSync(new URL(file, FIXTURES), join(root, 'net', 'bonding', bond));
  return root;
}

/** `metric{tag=value,...}` → value, for compact expectations. */
function byKey(points: Datum[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const point of points) {
    const tags = Object.entries(point.tags).map(([key, value]) => `${key}=${value}`).join(',');
    map.set(`${point.metric}{${tags}}`, point.value);
  }
  return map;
}

describe('bonding source', () => {
  const roots: string[] = [];
  const proc = (bonds: Record<string, string>): string => {
    const root = procWith(bonds);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('reports the aggregator mismatch and the missing LACP partner of an 802.3ad bond', async () => {
    const points = await firstValueFrom(createBondingSource({ procRoot: proc({ bond0: '802.3ad-aggregator-mismatch.txt' }) }).collect());
    const got = byKey(points);
    strictEqual(got.get('linux.net.bond.slave.count{bond=bond0}'), 2);
    strictEqual(got.get('linux.net.bond.is_up{bond=bond0}'), 1);
    strictEqual(got.get('linux.net.bond.lacp_rate{bond=bond0}'), 0);
    strictEqual(got.get('linux.net.bond.aggregator.ports{bond=bond0}'), 1);
    strictEqual(got.get('linux.net.bond.no_partner{bond=bond0}'), 1);
    strictEqual(got.get('linux.net.bond.slave.aggregator_mismatch{bond=bond0,slave=h1-eth0}'), 0);
    strictEqual(got.get('linux.net.bond.slave.aggregator_mismatch{bond=bond0,slave=h1-eth1}'), 1);
    strictEqual(got.get('linux.net.bond.slave.no_partner{bond=bond0,slave=h1-eth1}'), 1);
    strictEqual(got.get('linux.net.bond.slave.is_up{bond=bond0,slave=h1-eth1}'), 1);
    strictEqual(got.get('linux.net.bond.slave.speed{bond=bond0,slave=h1-eth0}'), 10000);
    strictEqual(got.get('linux.net.bond.slave.full_duplex{bond=bond0,slave=h1-eth0}'), 1);
    strictEqual(got.has('linux.net.bond.slave.is_active{bond=bond0,slave=h1-eth0}'), false);
  });

  it('reports a healthy LACP bond: fast rate, partner present, no mismatch, churn counters', async () => {
    const got = byKey(await firstValueFrom(createBondingSource({ procRoot: proc({ bond1: '802.3ad-healthy-6.1.txt' }) }).collect()));
    strictEqual(got.get('linux.net.bond.lacp_rate{bond=bond1}'), 1);
    strictEqual(got.get('linux.net.bond.no_partner{bond=bond1}'), 0);
    strictEqual(got.get('linux.net.bond.aggregator.ports{bond=bond1}'), 2);
    strictEqual(got.get('linux.net.bond.slave.aggregator_mismatch{bond=bond1,slave=eno2}'), 0);
    strictEqual(got.get('linux.net.bond.slave.link_failures{bond=bond1,slave=eno1}'), 2);
    strictEqual(got.get('linux.net.bond.slave.actor_churned{bond=bond1,slave=eno2}'), 3);
    strictEqual(got.get('linux.net.bond.slave.partner_churned{bond=bond1,slave=eno2}'), 4);
  });

  it('reports the active slave of an active-backup bond and leaves out Unknown speed and duplex', async () => {
    const got = byKey(await firstValueFrom(createBondingSource({ procRoot: proc({ bond0: 'active-backup-slave-down.txt' }) }).collect()));
    strictEqual(got.get('linux.net.bond.slave.is_active{bond=bond0,slave=eth0}'), 0);
    strictEqual(got.get('linux.net.bond.slave.is_active{bond=bond0,slave=eth1}'), 1);
    strictEqual(got.get('linux.net.bond.slave.is_up{bond=bond0,slave=eth0}'), 0);
    strictEqual(got.get('linux.net.bond.slave.link_failures{bond=bond0,slave=eth0}'), 3);
    strictEqual(got.has('linux.net.bond.slave.speed{bond=bond0,slave=eth0}'), false);
    strictEqual(got.has('linux.net.bond.slave.full_duplex{bond=bond0,slave=eth0}'), false);
    strictEqual(got.has('linux.net.bond.aggregator.ports{bond=bond0}'), false);
  });

  it('reports 0 aggregator ports for an 802.3ad bond without an active aggregator', async () => {
    const got = byKey(await firstValueFrom(createBondingSource({ procRoot: proc({ bond2: '802.3ad-no-aggregator.txt' }) }).collect()));
    deepStrictEqual([...got.entries()].sort(), [
      ['linux.net.bond.aggregator.ports{bond=bond2}', 0],
      ['linux.net.bond.is_up{bond=bond2}', 0],
      ['linux.net.bond.lacp_rate{bond=bond2}', 0],
      ['linux.net.bond.slave.count{bond=bond2}', 0],
    ]);
  });

  it('reads every bond, counts what it skipped, and sends only valid points with declared metrics', async () => {
    const counted = countingContext();
    const source = createBondingSource({ procRoot: proc({ bond0: 'balance-rr.txt', bond1: 'active-backup-all-down.txt', bond9: 'garbled.txt' }) }, counted);
    const points = await firstValueFrom(source.collect());
    deepStrictEqual([...new Set(points.map((point) => point.tags.bond))].sort(), ['bond0', 'bond1', 'bond9']);
    strictEqual(counted.skipped, parseBonding(readFileSync(new URL('garbled.txt', FIXTURES), 'utf8')).skipped);
    const declared = new Set<string>(METRICS.map((meta) => meta.metric));
    for (const point of points) {
      strictEqual(declared.has(point.metric), true, point.metric);
      deepStrictEqual(checkDatum(point), { ok: true, datum: point });
    }
    await firstValueFrom(source.collect());
    strictEqual(counted.skipped, 20);
  });

  it('sends nothing, without error, where the bonding driver is not loaded', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rx-bonding-none-'));
    roots.push(empty);
    deepStrictEqual(await firstValueFrom(createBondingSource({ procRoot: empty }).collect()), []);
    deepStrictEqual(await firstValueFrom(createBondingSource({ procRoot: proc({}) }).collect()), []);
  });

  it('never fails a reading on random bond files, and skips exactly what the parser skipped', async () => {
    const root = proc({});
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 400 }), { maxLength: 3 }), async (texts) => {
        rmSync(join(root, 'net', 'bonding'), { recursive: true, force: true });
        mkdirSync(join(root, 'net', 'bonding'));
        texts.forEach((text, index) => writeFileSync(join(root, 'net', 'bonding', `bond${index}`), text));
        const counted = countingContext();
        const source = createBondingSource({ procRoot: root }, counted);
        const points = await firstValueFrom(source.collect());
        strictEqual(counted.skipped, texts.reduce((sum, text) => sum + parseBonding(text).skipped, 0));
        strictEqual(points.filter((point) => point.metric === 'linux.net.bond.slave.count').length, texts.length);
      }),
      { numRuns: 50 },
    );
  });

  it('unsubscribed at once, abandons the reading: nothing parsed, emitted or left unhandled', async () => {
    const counted = countingContext();
    const source = createBondingSource({ procRoot: proc({ bond9: 'garbled.txt' }) }, counted);
    const outcome = await unsubscribedAtOnce(source.collect());
    deepStrictEqual(outcome, { received: [], errors: [], unhandled: [] });
    // A reading that ran to the end would have counted the garbled file's 10 skips.
    strictEqual(counted.skipped, 0);
  });

  it('declares a rate, unit and description for every metric', () => {
    for (const meta of METRICS) strictEqual(Boolean(meta.rate && meta.unit && meta.desc), true, meta.metric);
  });
});
