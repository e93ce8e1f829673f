import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseBonding } from '../../../src/sources/bonding/parse.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/bonding/${name}`, import.meta.url), 'utf8');
const FIXTURES = [
  '802.3ad-aggregator-mismatch.txt',
  '802.3ad-healthy-6.1.txt',
  '802.3ad-no-aggregator.txt',
  '802.3ad-truncated.txt',
  'active-backup-slave-down.txt',
  'active-backup-all-down.txt',
  'balance-rr.txt',
  'garbled.txt',
];

describe('parseBonding', () => {
  it('reads an 802.3ad bond whose slaves sit in different aggregators', () => {
    const { bond, skipped } = parseBonding(fixture('802.3ad-aggregator-mismatch.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.mode, 'IEEE 802.3ad Dynamic link aggregation');
    strictEqual(bond.miiStatus, 'up');
    strictEqual(bond.lacpRate, 'slow');
    strictEqual(bond.lacpActive, undefined);
    deepStrictEqual(bond.activeAggregator, { id: 1, ports: 1, actorKey: 15, partnerKey: 1, partnerMac: '00:00:00:00:00:00' });
    deepStrictEqual(bond.slaves.map((slave) => [slave.name, slave.aggregatorId, slave.miiStatus]), [['h1-eth0', 1, 'up'], ['h1-eth1', 2, 'up']]);
    deepStrictEqual(bond.slaves[0], {
      name: 'h1-eth0',
      miiStatus: 'up',
      speedMbit: 10000,
      duplex: 'full',
      linkFailures: 0,
      permanentMac: '00:00:00:00:00:11',
      aggregatorId: 1,
      actorChurnState: 'monitoring',
      partnerChurnState: 'monitoring',
      actorChurned: 0,
      partnerChurned: 0,
      partnerSystemMac: '00:00:00:00:00:00',
    });
  });

  it('reads the newer kernel lines (LACP active, fast rate, churn state none) and the partner per slave', () => {
    const { bond, skipped } = parseBonding(fixture('802.3ad-healthy-6.1.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.lacpActive, true);
    strictEqual(bond.lacpRate, 'fast');
    deepStrictEqual(bond.activeAggregator, { id: 1, ports: 2, actorKey: 21, partnerKey: 32797, partnerMac: '00:23:04:ee:be:64' });
    deepStrictEqual(
      bond.slaves.map((slave) => [slave.name, slave.linkFailures, slave.actorChurned, slave.partnerChurned, slave.actorChurnState, slave.partnerSystemMac]),
      [['eno1', 2, 0, 1, 'none', '00:23:04:ee:be:64'], ['eno2', 0, 3, 4, 'none', '00:23:04:ee:be:64']],
    );
  });

  it('reads an 802.3ad bond with no active aggregator and no slaves', () => {
    const { bond, skipped } = parseBonding(fixture('802.3ad-no-aggregator.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.miiStatus, 'down');
    strictEqual(bond.lacpActive, false);
    strictEqual(bond.activeAggregator, undefined);
    deepStrictEqual(bond.slaves, []);
  });

  it('reads active-backup with the active slave and a slave whose speed is Unknown', () => {
    const { bond, skipped } = parseBonding(fixture('active-backup-slave-down.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.mode, 'fault-tolerance (active-backup)');
    strictEqual(bond.activeSlave, 'eth1');
    strictEqual(bond.reportsActiveSlave, true);
    deepStrictEqual(bond.slaves.map((slave) => [slave.name, slave.miiStatus, slave.speedMbit, slave.duplex, slave.linkFailures]), [
      ['eth0', 'down', undefined, undefined, 3],
      ['eth1', 'up', 1000, 'full', 0],
    ]);
  });

  it('reads "Currently Active Slave: None" as no active slave', () => {
    const { bond, skipped } = parseBonding(fixture('active-backup-all-down.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.reportsActiveSlave, true);
    strictEqual(bond.activeSlave, undefined);
    deepStrictEqual(bond.slaves.map((slave) => [slave.miiStatus, slave.duplex]), [['down', undefined], ['going back', 'half']]);
  });

  it('reads balance-rr, which has no active slave line', () => {
    const { bond, skipped } = parseBonding(fixture('balance-rr.txt'));
    strictEqual(skipped, 0);
    strictEqual(bond.reportsActiveSlave, false);
    deepStrictEqual(bond.slaves.map((slave) => [slave.name, slave.speedMbit, slave.duplex, slave.linkFailures]), [
      ['enp1s0', 10000, 'full', 0],
      ['enp2s0', 10000, 'full', 1],
      ['enp3s0', 1000, 'half', 0],
    ]);
  });

  it('keeps what a truncated file had and counts the broken last line', () => {
    const { bond, skipped } = parseBonding(fixture('802.3ad-truncated.txt'));
    strictEqual(skipped, 1);
    deepStrictEqual(bond.slaves.map((slave) => slave.name), ['eno1', 'eno2']);
    strictEqual(bond.slaves[0]?.aggregatorId, 1);
    strictEqual(bond.slaves[1]?.miiStatus, undefined);
  });

  it('skips and counts every garbled line or value and keeps the rest', () => {
    const { bond, skipped } = parseBonding(fixture('garbled.txt'));
    // "%%%%", LACP rate medium, Aggregator ID one, short partner MAC, Speed fast, Duplex sideways, count -1,
    // a line without colon, an empty slave name, and the MII line of that nameless slave.
    strictEqual(skipped, 10);
    strictEqual(bond.lacpRate, undefined);
    deepStrictEqual(bond.activeAggregator, { id: undefined, ports: 2, partnerMac: undefined });
    deepStrictEqual(bond.slaves, [
      { name: 'eno1', miiStatus: 'up', speedMbit: undefined, duplex: undefined, linkFailures: undefined, aggregatorId: 1, actorChurned: 0, partnerSystemMac: '00:23:04:ee:be:64' },
    ]);
  });

  it('accepts CRLF line ends', () => {
    const { bond, skipped } = parseBonding(fixture('balance-rr.txt').replace(/\n/g, '\r\n'));
    strictEqual(skipped, 0);
    strictEqual(bond.slaves.length, 3);
  });

  describe('properties', () => {
    it('never throws on random text, and its counts are whole and non-negative', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (text) => {
          const { bond, skipped } = parseBonding(text);
          ok(Number.isInteger(skipped) && skipped >= 0);
          ok(Array.isArray(bond.slaves));
        }),
      );
    });

    it('never throws on any prefix of a real file and never finds more slaves than the whole file', () => {
      fc.assert(
        fc.property(fc.constantFrom(...FIXTURES), fc.nat(), (name, cut) => {
          const text = fixture(name);
          const whole = parseBonding(text).bond.slaves.length;
          const { bond } = parseBonding(text.slice(0, cut % (text.length + 1)));
          ok(bond.slaves.length <= whole);
        }),
      );
    });

    it('never throws on random lines of bonding vocabulary', () => {
      const keys = ['Slave Interface', 'MII Status', 'Speed', 'Duplex', 'Aggregator ID', 'Link Failure Count', 'LACP rate',
        'Active Aggregator Info', 'details partner lacp pdu', '    system mac address', '\tPartner Mac Address', '802.3ad info'];
      const line = fc.tuple(fc.constantFrom(...keys), fc.constantFrom(': ', ':', ' '), fc.string({ maxLength: 20 }))
        .map(([key, sep, value]) => `${key}${sep}${value}`);
      fc.assert(
        fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
          const { skipped } = parseBonding(lines.join('\n'));
          ok(skipped >= 0 && skipped <= lines.length);
        }),
      );
    });

    it('counts exactly the numeric fields it was given garbage for', () => {
      const text = fixture('802.3ad-healthy-6.1.txt');
      const numeric = /^(Link Failure Count|Actor Churned Count|Partner Churned Count|Aggregator ID): \d+$/;
      const lines = text.split('\n');
      const candidates = lines.flatMap((current, index) => (numeric.test(current) ? [index] : []));
      fc.assert(
        fc.property(
          fc.subarray(candidates),
          fc.stringMatching(/^[a-z-][a-z0-9 -]{0,8}$/),
          (broken, garbage) => {
            const changed = lines.map((current, index) => (broken.includes(index) ? current.replace(/\d+$/, garbage) : current));
            strictEqual(parseBonding(changed.join('\n')).skipped, broken.length);
          },
        ),
      );
    });
  });
});
