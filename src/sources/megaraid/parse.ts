import type { Parsed } from '../../source.js';
import { FIRMWARE_STATES } from './metrics.js';

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

export type FieldReader = (drive: PhysicalDrive, value: string) => boolean;

export const count = (value: string): number | undefined => (/^\d+$/.test(value) ? Number(value) : undefined);

/** Each reader stores its field and says whether the value could be read. */
export const FIELDS: ReadonlyMap<string, FieldReader> = new Map<string, FieldReader>([
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

export const INTEL = 'INTEL';

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
