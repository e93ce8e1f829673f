import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isValidName } from '../../../src/datum.js';
import { driveToData, METRICS, parseInquiryData, parseLdPdInfo, withoutRepeats } from '../../../src/sources/megaraid/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/megaraid/${name}`, import.meta.url), 'utf8');

describe('megaraid parsing', () => {
  it('finds every drive of every adapter and enclosure with its counters', () => {
    const { value: drives, skipped } = parseLdPdInfo(fixture('ldpdinfo-two-adapters.txt'));
    assert.deepEqual(drives.map((drive) => [drive.enclosureId, drive.slotNumber]),
      [['32', 0], ['32', 1], ['33', 4], ['33', 5], ['33', 6], ['252', 300]]);
    assert.deepEqual(drives[1], {
      enclosureId: '32', slotNumber: 1, mediaErrors: 17, otherErrors: 3, predictiveFailures: 2,
      lastPredictiveFailureEvent: 48211, firmwareState: 7, smartAlert: true,
      manufacturer: 'SEAGATE', model: 'ST9300653SS', serialNumber: 'ES666XN1TT0B',
    });
    // The Samsung line has five words: rs-collector could not split it either; its tags are left out, and counted.
    assert.equal(drives[4]?.manufacturer, undefined);
    assert.equal(drives[4]?.firmwareState, 8);
    assert.equal(skipped, 1);
  });

  it('numbers every firmware state as rs-collector did and skips an unknown one', () => {
    const { value: drives, skipped } = parseLdPdInfo(fixture('ldpdinfo-every-state.txt'));
    assert.deepEqual(drives.map((drive) => drive.firmwareState), [0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, undefined]);
    assert.equal(skipped, 1);
  });

  it('reads Intel SSD inquiry data whether or not the serial is glued to the vendor', () => {
    assert.deepEqual(parseInquiryData('BTWL3405084Y800RGNINTEL SSDSC2BB800G4                     D2010370'),
      { manufacturer: 'INTEL', model: 'SSDSC2BB800G4', serialNumber: 'BTWL3405084Y800RGN' });
    assert.deepEqual(parseInquiryData('PHWL4171000J800RGN  INTEL SSDSC2BB800G4   D2010370'),
      { manufacturer: 'INTEL', model: 'SSDSC2BB800G4', serialNumber: 'PHWL4171000J800RGN' });
    assert.deepEqual(parseInquiryData('HGST    HUH728080AL5200 A515VKGXNP7Y'),
      { manufacturer: 'HGST', model: 'HUH728080AL5200', serialNumber: 'A515VKGXNP7Y' });
    assert.equal(parseInquiryData('   '), undefined);
  });

  it('turns a drive into rs-collector\'s six metrics with cleaned tags', () => {
    const data = driveToData({
      enclosureId: 'N/A', slotNumber: 300, mediaErrors: 4, otherErrors: 1, predictiveFailures: 0,
      lastPredictiveFailureEvent: 12, smartAlert: true, firmwareState: 9,
      manufacturer: 'WD', model: 'WD4000 FYYZ', serialNumber: 'WMC1F#0123',
    }, 1_700_000_000);
    const tags = { slot_number: '300', enclosure_id: 'N/A', serial_number: 'WMC1F0123', model: 'WD4000_FYYZ', manufacturer: 'WD' };
    assert.deepEqual(data, [
      { metric: 'hw.storage.drivestats.mediaerrors', value: 4, timestamp: 1_700_000_000, tags },
      { metric: 'hw.storage.drivestats.othererrors', value: 1, timestamp: 1_700_000_000, tags },
      { metric: 'hw.storage.drivestats.predfailerrors', value: 0, timestamp: 1_700_000_000, tags },
      { metric: 'hw.storage.drivestats.smartflag', value: 1, timestamp: 1_700_000_000, tags },
      { metric: 'hw.storage.drivestats.firmwarestate', value: 9, timestamp: 1_700_000_000, tags },
      { metric: 'hw.storage.drivestats.predfaileventno', value: 12, timestamp: 1_700_000_000, tags },
    ]);
    assert.deepEqual(METRICS.map((meta) => meta.metric), data.map((point) => point.metric));
  });

  it('skips and counts unreadable values, keeping the rest of the drive', () => {
    const { value, skipped } = parseLdPdInfo([
      'Media Error Count: 3', // before any drive
      'Enclosure Device ID: 9', 'Slot Number: two', 'Media Error Count: -1', 'Other Error Count: 5',
      'Drive has flagged a S.M.A.R.T alert : Maybe', 'Firmware state: Online',
    ].join('\n'));
    assert.deepEqual(value, [{ enclosureId: '9', slotNumber: undefined, mediaErrors: undefined, otherErrors: 5, firmwareState: 0 }]);
    assert.equal(skipped, 4);
  });

  it('sends a drive listed under two virtual drives once', () => {
    const drive = ['Enclosure Device ID: 32', 'Slot Number: 2', 'Media Error Count: 0', 'Firmware state: Online, Spun Up',
      'Inquiry Data: SEAGATE ST9300653SS     ES666XN1AAAA'];
    const text = ['Virtual Drive: 0 (Target Id: 0)', ...drive, 'Virtual Drive: 1 (Target Id: 1)', ...drive].join('\n');
    const { value: drives } = parseLdPdInfo(text);
    assert.equal(drives.length, 2);
    const data = withoutRepeats(drives.flatMap((one) => driveToData(one, 1_700_000_000)));
    assert.deepEqual(data.map((point) => [point.metric, point.value]),
      [['hw.storage.drivestats.mediaerrors', 0], ['hw.storage.drivestats.firmwarestate', 0]]);
  });

  describe('property: random and truncated input never throws', () => {
    const texts = [fixture('ldpdinfo-two-adapters.txt'), fixture('ldpdinfo-every-state.txt')];
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.tuple(fc.constantFrom('Enclosure Device ID', 'Slot Number', 'Media Error Count', 'Firmware state',
        'Inquiry Data', 'Drive has flagged a S.M.A.R.T alert ', 'Last Predictive Failure Event Seq Number'),
      fc.string({ maxLength: 40 })).map(([key, value]) => `${key}: ${value}`),
    );

    it('gives only finite values and sendable tags for any input', () => {
      fc.assert(fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const { value: drives, skipped } = parseLdPdInfo(lines.join('\n'));
        assert.ok(skipped >= 0);
        for (const point of drives.flatMap((drive) => driveToData(drive))) {
          assert.ok(Number.isFinite(point.value));
          for (const [key, value] of Object.entries(point.tags)) assert.ok(isValidName(key) && isValidName(value), value);
        }
      }));
    });

    it('a truncated output gives no more drives than the full one', () => {
      fc.assert(fc.property(fc.constantFrom(...texts), fc.nat(), (text, cut) => {
        const full = parseLdPdInfo(text).value;
        const truncated = parseLdPdInfo(text.slice(0, cut % (text.length + 1))).value;
        assert.ok(truncated.length <= full.length);
        truncated.slice(0, -1).forEach((drive, index) => assert.deepEqual(drive, full[index]));
      }));
    });
  });
});
