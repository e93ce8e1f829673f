/**
 * Physical drive health from an LSI/Broadcom MegaRAID controller, as rs-collector's `[Megaraid]` sent it: runs
 * `<megacli> -LdPdInfo -a<adapter|ALL> -noLog` and sends error counters, the S.M.A.R.T. flag and the firmware state per
 * drive, tagged with slot, enclosure and the drive's identity from its "Inquiry Data" line.
 *
 * MegaCli is slow and these counters move rarely, so the source reads the controller only on every `tickInterval`-th
 * `collect()` (the first included); the readings in between complete at once with an empty list.
 */
import { defer, map, of } from '../../rx.js';
import { cleanTags, datum, nowSeconds, type Datum } from '../../datum.js';
import { commandOutput } from '../abortable.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { PREFIX, METRICS } from './metrics.js';
import { type PhysicalDrive, parseLdPdInfo } from './parse.js';
import { MEGARAID_DEFAULTS } from './defaults.js';

export { MEGARAID_DEFAULTS } from './defaults.js';

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
      return commandOutput(settings.megacliCommand, args, { timeoutMs: settings.commandTimeoutMs, maxBuffer: 16 << 20 }).pipe(
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

export { FIRMWARE_STATES, METRICS } from './metrics.js';

export { type PhysicalDrive, parseInquiryData, parseLdPdInfo } from './parse.js';
