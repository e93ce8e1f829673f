import { type MetricTable } from '../../source.js';

export const PREFIX = 'hw.storage.drivestats.';

export const TAGS = ['slot_number', 'enclosure_id', 'serial_number', 'model', 'manufacturer'] as const;

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
