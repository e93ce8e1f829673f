/**
 * Pure parsing of what `ceph <command> -f json` prints, straight into samples (metric, value, tags without the
 * cluster tag). A field that is missing or not a number is skipped and counted; a document that is not JSON at all
 * counts as one skipped field. Nothing here throws for bad input.
 */
import { HEALTH_LEVELS } from './metrics.js';

/** One value the source will send; index.ts adds the timestamp and the `cluster` tag. */
export interface Sample {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export interface Parsed {
  samples: Sample[];
  /** Fields that were missing or unreadable. */
  skipped: number;
  /** False when the text was not a JSON object at all (then nothing in it could be read). */
  readable: boolean;
}

export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects samples and counts what it could not read. */
class Collector {
  readonly samples: Sample[] = [];
  skipped = 0;

  /** A required number: sent when it is one, counted as skipped otherwise. */
  put(metric: string, value: unknown, tags: Record<string, string> = {}, scale = 1): void {
    if (typeof value === 'number' && Number.isFinite(value)) this.samples.push({ metric, value: value * scale, tags });
    else this.skipped += 1;
  }

  /** A number Ceph leaves out while it is `absent` (the I/O rates are only printed while there is I/O). */
  putOptional(metric: string, value: unknown, absent: number, tags: Record<string, string> = {}): void {
    this.put(metric, value === undefined ? absent : value, tags);
  }

  /** A true/false field sent as 1/0. */
  putFlag(metric: string, value: unknown, tags: Record<string, string>): void {
    if (typeof value === 'boolean') this.samples.push({ metric, value: Number(value), tags });
    else if (value === 0 || value === 1) this.samples.push({ metric, value, tags });
    else this.skipped += 1;
  }

  /** Runs `read` on `value` when it is an object; counts one skipped field when it is not. */
  object(value: unknown, read: (object: Json) => void): void {
    if (isObject(value)) read(value);
    else this.skipped += 1;
  }

  /** Runs `read` on every element of `value` when it is an array; counts one skipped field when it is not. */
  each(value: unknown, read: (element: unknown) => void): void {
    if (Array.isArray(value)) value.forEach(read);
    else this.skipped += 1;
  }

  result(readable: boolean): Parsed {
    return { samples: this.samples, skipped: this.skipped, readable };
  }
}

/**
 * The JSON document a ceph command printed (it starts with a blank line), or undefined when the text is not a JSON
 * object.
 */
export function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Parses with `read` when `text` is a JSON object; a text that is not counts as one skipped field. */
function parseDocument(text: string, read: (doc: Json, out: Collector) => void): Parsed {
  const out = new Collector();
  const doc = parseJson(text);
  if (doc === undefined) out.skipped += 1;
  else read(doc, out);
  return out.result(doc !== undefined);
}

/** `ceph health detail`: the overall status and each active check (severity, summary count, muted). */
export function parseHealthDetail(text: string): Parsed {
  return parseDocument(text, (doc, out) => {
    out.put('ceph.health', HEALTH_LEVELS.get(String(doc.status)));
    out.object(doc.checks, (checks) => {
      for (const [check, detail] of Object.entries(checks)) {
        const tags = { check };
        out.object(detail, (fields) => {
          out.put('ceph.health.check', HEALTH_LEVELS.get(String(fields.severity)), tags);
          out.object(fields.summary, (summary) => out.put('ceph.health.check.count', summary.count, tags));
          // Ceph before Octopus has no mutes: not a malformed field, just nothing to tell.
          if (fields.muted !== undefined) out.putFlag('ceph.health.check.muted', fields.muted, tags);
        });
      }
    });
  });
}

/**
 * Counts PGs per single state: Ceph reports compound states (`active+clean`, `stale+active+clean`), and each PG
 * counts under every state it is in.
 */
function pgStates(byState: unknown, out: Collector): void {
  const counts = new Map<string, number>();
  out.each(byState, (entry) => out.object(entry, (fields) => {
    const { state_name: name, count } = fields;
    if (typeof name !== 'string' || name === '' || typeof count !== 'number' || !Number.isFinite(count)) {
      out.skipped += 1;
      return;
    }
    for (const state of name.split('+')) counts.set(state, (counts.get(state) ?? 0) + count);
  }));
  for (const [state, count] of counts) out.put('ceph.pg.state', count, { state });
}

/** `ceph status`: quorum, OSD counts, PGs by state, objects and the client/recovery I/O rates. */
export function parseStatus(text: string): Parsed {
  return parseDocument(text, (doc, out) => {
    if (Array.isArray(doc.quorum)) {
      const inQuorum = doc.quorum.length;
      out.put('ceph.mon.in_quorum', inQuorum);
      out.object(doc.monmap, (monmap) => {
        // Pacific says num_mons; older releases list the monitors.
        const total = Array.isArray(monmap.mons) ? monmap.mons.length : monmap.num_mons;
        out.put('ceph.mon.out_of_quorum', typeof total === 'number' ? total - inQuorum : undefined);
      });
    } else {
      out.skipped += 1;
    }
    out.object(doc.osdmap, (outer) => {
      // Nautilus and older nest the counts one level deeper (osdmap.osdmap).
      const osdmap = isObject(outer.osdmap) ? outer.osdmap : outer;
      out.put('ceph.osds.total', osdmap.num_osds);
      out.put('ceph.osds.up', osdmap.num_up_osds);
      out.put('ceph.osds.in', osdmap.num_in_osds);
      out.put('ceph.pg.remapped', osdmap.num_remapped_pgs);
    });
    out.object(doc.pgmap, (pgmap) => {
      out.put('ceph.pg.total', pgmap.num_pgs);
      out.put('ceph.pools', pgmap.num_pools);
      out.put('ceph.objects', pgmap.num_objects);
      pgStates(pgmap.pgs_by_state, out);
      out.putOptional('ceph.io.read.bytes', pgmap.read_bytes_sec, 0);
      out.putOptional('ceph.io.write.bytes', pgmap.write_bytes_sec, 0);
      out.putOptional('ceph.io.read.ops', pgmap.read_op_per_sec, 0);
      out.putOptional('ceph.io.write.ops', pgmap.write_op_per_sec, 0);
      out.putOptional('ceph.recovery.bytes', pgmap.recovering_bytes_per_sec, 0);
      out.putOptional('ceph.recovery.objects', pgmap.recovering_objects_per_sec, 0);
    });
  });
}

/** `ceph df`: raw capacity of the cluster, and per pool what is stored, used, still available and how many objects. */
export function parseDf(text: string): Parsed {
  return parseDocument(text, (doc, out) => {
    out.object(doc.stats, (stats) => {
      out.put('ceph.bytes.total', stats.total_bytes);
      out.put('ceph.bytes.used', stats.total_used_raw_bytes ?? stats.total_used_bytes);
      out.put('ceph.bytes.avail', stats.total_avail_bytes);
      out.put('ceph.used.percent', stats.total_used_raw_ratio, {}, 100);
    });
    out.each(doc.pools, (entry) => out.object(entry, (pool) => {
      if (typeof pool.name !== 'string' || pool.name === '') {
        out.skipped += 1;
        return;
      }
      const tags = { pool: pool.name };
      out.object(pool.stats, (stats) => {
        out.put('ceph.pool.bytes.stored', stats.stored, tags);
        out.put('ceph.pool.bytes.used', stats.bytes_used, tags);
        out.put('ceph.pool.bytes.avail', stats.max_avail, tags);
        out.put('ceph.pool.objects', stats.objects, tags);
        // A fraction since Nautilus.
        out.put('ceph.pool.used.percent', stats.percent_used, tags, 100);
      });
    }));
  });
}

/** The `osd` tag of an OSD: its name, or `osd.<id>` built from the number. */
function osdTag(name: unknown, id: unknown): string | undefined {
  if (typeof name === 'string' && name !== '') return name;
  if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return `osd.${id}`;
  return undefined;
}

/** `ceph osd df`: per OSD utilisation, capacity (Ceph says kB), use and PG count. */
export function parseOsdDf(text: string): Parsed {
  return parseDocument(text, (doc, out) => {
    out.each(doc.nodes, (entry) => out.object(entry, (node) => {
      const osd = osdTag(node.name, node.id);
      if (osd === undefined) {
        out.skipped += 1;
        return;
      }
      const tags = { osd };
      out.put('ceph.osd.utilization', node.utilization, tags);
      out.put('ceph.osd.bytes.total', node.kb, tags, 1024);
      out.put('ceph.osd.bytes.used', node.kb_used, tags, 1024);
      out.put('ceph.osd.bytes.avail', node.kb_avail, tags, 1024);
      out.put('ceph.osd.pgs', node.pgs, tags);
    }));
  });
}

/** `ceph osd dump`: the full ratios and each OSD's up/in flags. */
export function parseOsdDump(text: string): Parsed {
  return parseDocument(text, (doc, out) => {
    out.put('ceph.osd.ratio.nearfull', doc.nearfull_ratio);
    out.put('ceph.osd.ratio.backfillfull', doc.backfillfull_ratio);
    out.put('ceph.osd.ratio.full', doc.full_ratio);
    out.each(doc.osds, (entry) => out.object(entry, (fields) => {
      const osd = osdTag(undefined, fields.osd);
      if (osd === undefined) {
        out.skipped += 1;
        return;
      }
      out.putFlag('ceph.osd.up', fields.up, { osd });
      out.putFlag('ceph.osd.in', fields.in, { osd });
    }));
  });
}
