/**
 * Physical drive health from an LSI/Broadcom MegaRAID controller, as rs-collector's `[Megaraid]` sent it: runs
 * `<megacli> -LdPdInfo -a<adapter|ALL> -noLog` and sends error counters, the S.M.A.R.T. flag and the firmware state per
 * drive, tagged with slot, enclosure and the drive's identity from its "Inquiry Data" line.
 *
 * MegaCli is slow and these counters move rarely, so the source reads the controller only on every `tickInterval`-th
 * `collect()` (the first included); the readings in between complete at once with an empty list.
 */
import { defer, map, Observable, of } from 'rxjs';
import { cleanTags, datum, nowSeconds, type Datum } from '../../datum.js';
import { fromAbortable, runCommand } from '../abortable.js';
import { sourceContext, type MetricTable, type Source, type SourceContext } from '../../source.js';

export interface MegaraidOptions {
  /** Read the controller on every N-th `collect()`; the others emit nothing. */
  tickInterval?: number;
  /** Path of the MegaCli executable. */
  megacliCommand?: string;
  /** Adapter number, or 'ALL'. */
  adapter?: number | 'ALL';
  /** MegaCli is killed after this long. */
  commandTimeoutMs?: number;
}

export const MEGARAID_DEFAULTS = {
  tickInterval: 1,
  megacliCommand: '/opt/MegaRAID/MegaCli/MegaCli64',
  adapter: 'ALL',
  commandTimeoutMs: 30_000,
} as const satisfies Required<MegaraidOptions>;

const PREFIX = 'hw.storage.drivestats.';
const TAGS = ['slot_number', 'enclosure_id', 'serial_number', 'model', 'manufacturer'] as const;

/** MegaCli's firmware states, numbered as rs-collector numbered them (looked up case-insensitively). */
export const FIRMWARE_STATES: ReadonlyMap<string, number> = new Map([
  ['online', 0],
  ['online, spun up', 0],
  ['online, spun down', 1],
  ['hotspare, spun up', 2],
  ['hotspare, spun down', 3],
  ['unconfigured(good)', 4],
  ['unconfigured(good), spun up', 4],
  ['unconfigured(good), spun down', 5],
  ['unconfigured(bad)', 6],
  ['rebuild', 7],
  ['not online', 8],
  ['offline', 8],
  ['failed', 9],
  ['none', 10],
]);

export const METRICS: MetricTable = [
  { metric: `${PREFIX}mediaerrors`, rate: 'gauge', unit: '', tags: TAGS,
    desc: 'Media errors the controller counted for the drive. Worrying when it keeps growing or several drives of one array have them.' },
  { metric: `${PREFIX}othererrors`, rate: 'gauge', unit: '', tags: TAGS,
    desc: 'Other (mostly transport and timeout) errors the controller counted for the drive.' },
  { metric: `${PREFIX}predfailerrors`, rate: 'gauge', unit: '', tags: TAGS,
    desc: 'Predictive failure count: errors the controller considers critical. Anything above 0 means replace the drive.' },
  { metric: `${PREFIX}smartflag`, rate: 'gauge', unit: 'Enum', tags: TAGS,
    desc: '1 when the drive has flagged a S.M.A.R.T. alert (replace it), 0 when not.' },
  { metric: `${PREFIX}firmwarestate`, rate: 'gauge', unit: 'Enum', tags: TAGS,
    desc: 'Firmware state: 0 Online (Spun Up), 1 Online Spun Down, 2 Hotspare Spun up, 3 Hotspare Spun down, '
      + '4 Unconfigured(good), 5 Unconfigured(good) Spun down, 6 Unconfigured(bad), 7 Rebuild, 8 not Online/Offline, '
      + '9 Failed, 10 None.' },
  { metric: `${PREFIX}predfaileventno`, rate: 'counter', unit: '', tags: TAGS,
    desc: 'Sequence number of the last predictive failure event recorded for the drive.' },
];

/** What -LdPdInfo says about one physical drive; a field is absent when its line was missing or unreadable. */
export interface PhysicalDrive {
  enclosureId?: string;
  slotNumber?: number;
  mediaErrors?: number;
  otherErrors?: number;
  predictiveFailures?: number;
  lastPredictiveFailureEvent?: number;
  smartAlert?: boolean;
  firmwareState?: number;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
}

export interface Parsed<T> {
  value: T;
  /** Fields that could not be read. */
  skipped: number;
}

type FieldReader = (drive: PhysicalDrive, value: string) => boolean;

const count = (value: string): number | undefined => (/^\d+$/.test(value) ? Number(value) : undefined);

/** Each reader stores its field and says whether the value could be read. */
const FIELDS: ReadonlyMap<string, FieldReader> = new Map<string, FieldReader>([
  ['slot number', (drive, value) => (drive.slotNumber = count(value)) !== undefined],
  ['media error count', (drive, value) => (drive.mediaErrors = count(value)) !== undefined],
  ['other error count', (drive, value) => (drive.otherErrors = count(value)) !== undefined],
  ['predictive failure count', (drive, value) => (drive.predictiveFailures = count(value)) !== undefined],
  ['last predictive failure event seq number', (drive, value) => (drive.lastPredictiveFailureEvent = count(value)) !== undefined],
  ['firmware state', (drive, value) => (drive.firmwareState = FIRMWARE_STATES.get(value.replace(/\s+/g, ' ').toLowerCase())) !== undefined],
  ['drive has flagged a s.m.a.r.t alert', (drive, value) => {
    const answer = value.toLowerCase();
    if (answer !== 'yes' && answer !== 'no') return false;
    drive.smartAlert = answer === 'yes';
    return true;
  }],
  ['inquiry data', (drive, value) => {
    const inquiry = parseInquiryData(value);
    if (inquiry !== undefined) Object.assign(drive, inquiry);
    return inquiry !== undefined;
  }],
]);

const INTEL = 'INTEL';

/**
 * Splits an "Inquiry Data" value into vendor, model and serial. SAS drives print `VENDOR MODEL SERIAL`; Intel SSDs
 * print the serial first, often glued to "INTEL" (`BTWL…300PGNINTEL SSDSC2BB300G4 D2010355`).
 */
export function parseInquiryData(value: string): Pick<PhysicalDrive, 'manufacturer' | 'model' | 'serialNumber'> | undefined {
  const parts = value.trim().split(/\s+/);
  const [first = '', second = '', third = ''] = parts;
  if (parts.length === 3 && first.length > INTEL.length && first.endsWith(INTEL)) {
    return { manufacturer: INTEL, model: second, serialNumber: first.slice(0, -INTEL.length) };
  }
  if (parts.length === 4 && second === INTEL) return { manufacturer: INTEL, model: third, serialNumber: first };
  if (parts.length === 3) return { manufacturer: first, model: second, serialNumber: third };
  return undefined;
}

/**
 * Parses `MegaCli -LdPdInfo` output. Every "Enclosure Device ID:" line starts a drive; the known fields after it fill
 * it in. A known field whose value cannot be read is skipped and counted; everything else is ignored.
 */
export function parseLdPdInfo(text: string): Parsed<PhysicalDrive[]> {
  const drives: PhysicalDrive[] = [];
  let current: PhysicalDrive | undefined;
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'enclosure device id') {
      current = {};
      drives.push(current);
      if (value !== '') current.enclosureId = value;
      else skipped += 1;
      continue;
    }
    const read = FIELDS.get(key);
    if (read === undefined) continue;
    if (current === undefined || !read(current, value)) skipped += 1;
  }
  return { value: drives, skipped };
}

/** The datapoints of one drive, with rs-collector's tags (each only when known) cleaned for OpenTSDB. */
export function driveToData(drive: PhysicalDrive, timestamp = nowSeconds()): Datum[] {
  const tags = cleanTags({
    ...(drive.slotNumber !== undefined && { slot_number: String(drive.slotNumber) }),
    ...(drive.enclosureId !== undefined && { enclosure_id: drive.enclosureId }),
    ...(drive.serialNumber !== undefined && { serial_number: drive.serialNumber }),
    ...(drive.model !== undefined && { model: drive.model }),
    ...(drive.manufacturer !== undefined && { manufacturer: drive.manufacturer }),
  });
  const values: [string, number | undefined][] = [
    ['mediaerrors', drive.mediaErrors],
    ['othererrors', drive.otherErrors],
    ['predfailerrors', drive.predictiveFailures],
    ['smartflag', drive.smartAlert === undefined ? undefined : Number(drive.smartAlert)],
    ['firmwarestate', drive.firmwareState],
    ['predfaileventno', drive.lastPredictiveFailureEvent],
  ];
  return values.flatMap(([name, value]) => (value === undefined ? [] : [datum(PREFIX + name, value, tags, timestamp)]));
}

/**
 * -LdPdInfo lists a physical drive under every virtual drive it carries, so a disk group with two virtual drives
 * prints its drives twice: one point per series is enough.
 */
export function withoutRepeats(data: readonly Datum[]): Datum[] {
  const seen = new Set<string>();
  return data.filter((point) => {
    const key = `${point.metric} ${JSON.stringify(Object.entries(point.tags).sort(([a], [b]) => a.localeCompare(b)))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs a command without a shell; unsubscribing kills it, and so does `timeoutMs`. */
function run(file: string, args: readonly string[], timeoutMs: number): Observable<string> {
  return fromAbortable((signal) => runCommand(file, args, signal, { timeoutMs, maxBuffer: 16 << 20 }));
}

export function createMegaraidSource(options: MegaraidOptions = {}, context: Partial<SourceContext> = {}): Source {
  const { skip } = sourceContext(context);
  const settings = { ...MEGARAID_DEFAULTS, ...options };
  if (!Number.isInteger(settings.tickInterval) || settings.tickInterval < 1) {
    throw new Error(`megaraid: tickInterval ${settings.tickInterval} is not a whole number ≥ 1`);
  }
  const args = ['-LdPdInfo', `-a${settings.adapter}`, '-noLog'];
  let readings = 0;

  return {
    name: 'megaraid',
    metadata: METRICS,
    // Counted per subscription, not per call: a retried reading is a new reading.
    collect: () => defer(() => {
      const due = readings % settings.tickInterval === 0;
      readings += 1;
      if (!due) return of([]);
      return run(settings.megacliCommand, args, settings.commandTimeoutMs).pipe(
        map((text) => {
          const parsed = parseLdPdInfo(text);
          skip(parsed.skipped, 'megaraid: skipped unreadable MegaCli fields');
          const timestamp = nowSeconds();
          return withoutRepeats(parsed.value.flatMap((drive) => driveToData(drive, timestamp)));
        }),
      );
    }),
  };
}
