import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isValidName } from '../../../src/datum.js';
import {
  METRICS, parseDf, parseHealthDetail, parseJson, parseOsdDf, parseOsdDump, parseStatus, type Parsed,
} from '../../../src/sources/ceph/index.js';

/** Real `ceph … -f json` output of Debian's pacific 16.2 (one monitor, one memstore OSD). */
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/ceph/${name}`, import.meta.url), 'utf8');

/** The samples as `metric{tag=value}` → value, for readable assertions. */
function values(parsed: Parsed): Record<string, number> {
  return Object.fromEntries(parsed.samples.map((sample) => {
    const tags = Object.entries(sample.tags).map(([key, value]) => `${key}=${value}`).join(',');
    return [tags === '' ? sample.metric : `${sample.metric}{${tags}}`, sample.value];
  }));
}

const PARSERS = [parseStatus, parseHealthDetail, parseDf, parseOsdDf, parseOsdDump];

describe('ceph parsing', () => {
  it('reads a JSON document that starts with a blank line, and nothing else', () => {
    assert.deepEqual(parseJson('\n{"status":"HEALTH_OK"}\n'), { status: 'HEALTH_OK' });
    assert.equal(parseJson('\n[1,2]'), undefined);
    assert.equal(parseJson('Error initializing cluster client'), undefined);
    assert.equal(parseJson(''), undefined);
  });

  it('status of a healthy cluster: quorum, OSD counts, PGs per single state, idle I/O as 0', () => {
    const parsed = parseStatus(fixture('ceph-status.json'));
    assert.equal(parsed.skipped, 0);
    assert.deepEqual(values(parsed), {
      'ceph.mon.in_quorum': 1, 'ceph.mon.out_of_quorum': 0,
      'ceph.osds.total': 1, 'ceph.osds.up': 1, 'ceph.osds.in': 1, 'ceph.pg.remapped': 0,
      'ceph.pg.total': 9, 'ceph.pools': 2, 'ceph.objects': 2,
      'ceph.pg.state{state=active}': 9, 'ceph.pg.state{state=clean}': 9,
      'ceph.io.read.bytes': 0, 'ceph.io.write.bytes': 0, 'ceph.io.read.ops': 0, 'ceph.io.write.ops': 0,
      'ceph.recovery.bytes': 0, 'ceph.recovery.objects': 0,
    });
  });

  it('status while clients write: the rates the manager measured', () => {
    const parsed = values(parseStatus(fixture('ceph-status_io.json')));
    assert.equal(parsed['ceph.io.write.bytes'], 80725709);
    assert.equal(parsed['ceph.io.write.ops'], 19);
    // Ceph printed read_op_per_sec: 0 but no read_bytes_sec at all
    assert.equal(parsed['ceph.io.read.bytes'], 0);
    assert.equal(parsed['ceph.objects'], 20);
  });

  it('status with the OSD down: no OSD up, every PG stale', () => {
    const parsed = values(parseStatus(fixture('ceph-status_osd_down.json')));
    assert.equal(parsed['ceph.osds.up'], 0);
    assert.equal(parsed['ceph.osds.in'], 1);
    assert.equal(parsed['ceph.pg.state{state=stale}'], 9);
    assert.equal(parsed['ceph.pg.state{state=active}'], 9);
  });

  it('status of older releases: counts nested in osdmap.osdmap, monitors listed in monmap.mons', () => {
    const parsed = parseStatus(JSON.stringify({
      quorum: [0, 2], monmap: { mons: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      osdmap: { osdmap: { num_osds: 6, num_up_osds: 5, num_in_osds: 6, num_remapped_pgs: 3 } },
      pgmap: { num_pgs: 128, num_pools: 1, num_objects: 10, pgs_by_state: [
        { state_name: 'active+clean', count: 120 }, { state_name: 'active+undersized+degraded', count: 8 }] },
    }));
    assert.equal(parsed.skipped, 0);
    const got = values(parsed);
    assert.equal(got['ceph.mon.in_quorum'], 2);
    assert.equal(got['ceph.mon.out_of_quorum'], 1);
    assert.equal(got['ceph.osds.up'], 5);
    assert.equal(got['ceph.pg.state{state=active}'], 128);
    assert.equal(got['ceph.pg.state{state=degraded}'], 8);
    assert.equal(got['ceph.pg.state{state=clean}'], 120);
  });

  it('health detail: the overall level and each check with its severity, count and mute flag', () => {
    assert.deepEqual(values(parseHealthDetail('\n{"status":"HEALTH_OK","checks":{},"mutes":[]}')), { 'ceph.health': 0 });
    const down = parseHealthDetail(fixture('ceph-health_detail_osd_down.json'));
    assert.equal(down.skipped, 0);
    assert.deepEqual(values(down), {
      'ceph.health': 1,
      'ceph.health.check{check=OSD_DOWN}': 1, 'ceph.health.check.count{check=OSD_DOWN}': 1, 'ceph.health.check.muted{check=OSD_DOWN}': 0,
      'ceph.health.check{check=OSD_HOST_DOWN}': 1, 'ceph.health.check.count{check=OSD_HOST_DOWN}': 1, 'ceph.health.check.muted{check=OSD_HOST_DOWN}': 0,
      'ceph.health.check{check=OSD_ROOT_DOWN}': 1, 'ceph.health.check.count{check=OSD_ROOT_DOWN}': 1, 'ceph.health.check.muted{check=OSD_ROOT_DOWN}': 0,
      'ceph.health.check{check=PG_AVAILABILITY}': 1, 'ceph.health.check.count{check=PG_AVAILABILITY}': 9, 'ceph.health.check.muted{check=PG_AVAILABILITY}': 0,
    });
    const full = values(parseHealthDetail(fixture('ceph-health_detail_full.json')));
    assert.equal(full['ceph.health'], 2);
    assert.equal(full['ceph.health.check{check=OSD_FULL}'], 2);
    assert.equal(full['ceph.health.check{check=POOL_FULL}'], 1);
    assert.equal(full['ceph.health.check.count{check=POOL_FULL}'], 2);
  });

  it('df: raw capacity and each pool\'s stored, used, available bytes, objects and fill level', () => {
    const parsed = parseDf(fixture('ceph-df.json'));
    assert.equal(parsed.skipped, 0);
    const got = values(parsed);
    assert.equal(got['ceph.bytes.total'], 1073741824);
    assert.equal(got['ceph.bytes.used'], 4217170);
    assert.equal(got['ceph.bytes.avail'], 1069524654);
    assert.ok(Math.abs((got['ceph.used.percent'] ?? -1) - 0.39275456219911575) < 1e-12);
    assert.equal(got['ceph.pool.bytes.stored{pool=testpool}'], 4194571);
    assert.equal(got['ceph.pool.bytes.used{pool=testpool}'], 4194571);
    assert.equal(got['ceph.pool.bytes.avail{pool=testpool}'], 1015836864);
    assert.equal(got['ceph.pool.objects{pool=testpool}'], 2);
    assert.ok(Math.abs((got['ceph.pool.used.percent{pool=testpool}'] ?? -1) - 0.41121980175375938) < 1e-12);
    assert.equal(got['ceph.pool.objects{pool=device_health_metrics}'], 0);
  });

  it('osd df: per OSD utilisation in percent, capacity in bytes (Ceph says kB), PGs', () => {
    const parsed = parseOsdDf(fixture('ceph-osd_df.json'));
    assert.equal(parsed.skipped, 0);
    assert.deepEqual(values(parsed), {
      'ceph.osd.utilization{osd=osd.0}': 0.000762939453125,
      'ceph.osd.bytes.total{osd=osd.0}': 1048576 * 1024,
      'ceph.osd.bytes.used{osd=osd.0}': 8 * 1024,
      'ceph.osd.bytes.avail{osd=osd.0}': 1048567 * 1024,
      'ceph.osd.pgs{osd=osd.0}': 0,
    });
  });

  it('osd dump: the full ratios and each OSD\'s up and in flags', () => {
    const parsed = parseOsdDump(fixture('ceph-osd_dump.json'));
    assert.equal(parsed.skipped, 0);
    assert.deepEqual(values(parsed), {
      'ceph.osd.ratio.nearfull': 0.85000002384185791,
      'ceph.osd.ratio.backfillfull': 0.89999997615814209,
      'ceph.osd.ratio.full': 0.94999998807907104,
      'ceph.osd.up{osd=osd.0}': 1,
      'ceph.osd.in{osd=osd.0}': 1,
    });
  });

  it('a document that is not JSON is one skipped field and no samples', () => {
    for (const parse of PARSERS) {
      const parsed = parse('\n{"status": "HEALTH_OK", "checks": {');
      assert.deepEqual(parsed, { samples: [], skipped: 1, readable: false }, parse.name);
    }
  });

  it('malformed fields are skipped and counted, the rest still read', () => {
    const health = parseHealthDetail(JSON.stringify({ status: 'HEALTH_SOMETHING', checks: {
      OSD_DOWN: { severity: 'HEALTH_WARN', summary: { count: 'one' }, muted: false },
      BROKEN: 'not an object',
    } }));
    assert.equal(health.skipped, 3); // unknown status, count not a number, BROKEN
    assert.deepEqual(values(health), { 'ceph.health.check{check=OSD_DOWN}': 1, 'ceph.health.check.muted{check=OSD_DOWN}': 0 });

    const status = parseStatus(JSON.stringify({ quorum: 'a', monmap: {}, osdmap: { num_osds: 3, num_up_osds: null },
      pgmap: { pgs_by_state: [{ state_name: 'active', count: 'x' }, null, { state_name: 'active', count: 4 }] } }));
    const got = values(status);
    assert.equal(got['ceph.osds.total'], 3);
    assert.equal(got['ceph.pg.state{state=active}'], 4);
    assert.equal(got['ceph.osds.up'], undefined);
    // quorum, num_up_osds, num_in_osds, num_remapped_pgs, num_pgs, num_pools, num_objects, two bad PG entries
    assert.equal(status.skipped, 9);

    const df = parseDf(JSON.stringify({ stats: { total_bytes: 10 }, pools: [{ id: 1 }, { name: 'p', stats: { stored: 5 } }] }));
    assert.equal(values(df)['ceph.pool.bytes.stored{pool=p}'], 5);
    assert.equal(values(df)['ceph.bytes.total'], 10);
    // used, avail, ratio; the nameless pool; the named pool's used, avail, objects, percent
    assert.equal(df.skipped, 8);

    const osdDf = parseOsdDf(JSON.stringify({ nodes: [{ id: 3, utilization: 12.5 }, { kb: 1 }] }));
    assert.equal(values(osdDf)['ceph.osd.utilization{osd=osd.3}'], 12.5);
    assert.equal(osdDf.skipped, 5); // osd.3's kb, kb_used, kb_avail, pgs; the node without name or id

    const dump = parseOsdDump(JSON.stringify({ full_ratio: 0.95, osds: [{ osd: 1, up: 1, in: 'yes' }, { osd: -1 }] }));
    assert.equal(values(dump)['ceph.osd.up{osd=osd.1}'], 1);
    assert.equal(dump.skipped, 4); // nearfull, backfillfull, osd.1's in, the OSD with a negative id
  });

  it('never throws and emits only finite values for arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      for (const parse of PARSERS) {
        const parsed = parse(JSON.stringify(value));
        assert.ok(parsed.samples.every((sample) => Number.isFinite(sample.value)));
      }
    }));
  });

  it('every metric it can produce is in METRICS, with a valid name and a description', () => {
    const known = new Set(METRICS.map((meta) => meta.metric));
    const texts = ['ceph-status.json', 'ceph-status_io.json', 'ceph-status_osd_down.json', 'ceph-health_detail_osd_down.json',
      'ceph-health_detail_full.json', 'ceph-df.json', 'ceph-osd_df.json', 'ceph-osd_dump.json'];
    const produced = new Set(texts.flatMap((name) => PARSERS.flatMap((parse) => parse(fixture(name)).samples.map((sample) => sample.metric))));
    for (const metric of produced) assert.ok(known.has(metric), `${metric} missing from METRICS`);
    for (const meta of METRICS) {
      assert.ok(isValidName(meta.metric), meta.metric);
      assert.ok(meta.desc.length > 10, meta.metric);
      assert.ok(produced.has(meta.metric), `${meta.metric} in METRICS but never produced from the fixtures`);
    }
  });
});
