/**
 * Value formats shared by the top-level keys and the keys every table gets. Registered by name (not as inline
 * functions) because only named formats let convict turn an environment string into a number or a list.
 */
import convict from 'convict';

export const SECONDS = 'rx-seconds';
export const POSITIVE_SECONDS = 'rx-positive-seconds';
export const COUNT = 'rx-count';
export const POSITIVE_COUNT = 'rx-positive-count';
export const NAMES = 'rx-names';
export const SWITCH = 'rx-switch';
export const SWITCH_OR_NAMES = 'rx-switch-or-names';

/**
 * The longest duration a key may take: Node's timers hold at most 2^31 − 1 ms (about 24.8 days) and turn anything
 * longer into 1 ms, so a larger value would poll in a busy loop or time every reading out at once.
 */
export const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
/** The shortest positive duration: timers count whole milliseconds. */
export const MIN_SECONDS = 0.001;

const WORDS = new Map([['true', true], ['yes', true], ['on', true], ['1', true],
  ['false', false], ['no', false], ['off', false], ['0', false]]);

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function check(condition: boolean, expected: string): void {
  if (!condition) throw new Error(expected);
}

function checkAtMost(seconds: number): void {
  check(seconds <= MAX_SECONDS, `must be at most ${MAX_SECONDS} seconds (about 24 days)`);
}

let registered = false;

/** Makes the formats above known to convict; idempotent, called by the loader before it builds any schema. */
export function registerFormats(): void {
  if (registered) return;
  registered = true;
  convict.addFormat({
    name: SECONDS,
    validate: (value: unknown) => {
      check(typeof value === 'number' && value >= 0 && Number.isFinite(value), 'must be a number of seconds, 0 or more');
      checkAtMost(value as number);
    },
    coerce: toNumber,
  });
  convict.addFormat({
    name: POSITIVE_SECONDS,
    validate: (value: unknown) => {
      check(typeof value === 'number' && value > 0 && Number.isFinite(value), 'must be a number of seconds greater than 0');
      check((value as number) >= MIN_SECONDS, `must be at least ${MIN_SECONDS} seconds (1 ms)`);
      checkAtMost(value as number);
    },
    coerce: toNumber,
  });
  convict.addFormat({
    name: COUNT,
    validate: (value: unknown) => check(Number.isSafeInteger(value) && (value as number) >= 0,
      'must be a whole number, 0 or more'),
    coerce: toNumber,
  });
  convict.addFormat({
    name: POSITIVE_COUNT,
    validate: (value: unknown) => check(Number.isSafeInteger(value) && (value as number) >= 1,
      'must be a whole number, 1 or more'),
    coerce: toNumber,
  });
  convict.addFormat({
    name: NAMES,
    validate: (value: unknown) => check(Array.isArray(value) && value.every((item) => typeof item === 'string'),
      'must be a list of strings'),
    coerce: (text: string) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''),
  });
  // convict's own Boolean turns every string but "false" into true, so "no" would switch a thing on
  convict.addFormat({
    name: SWITCH,
    validate: (value: unknown) => check(typeof value === 'boolean', 'must be true or false'),
    coerce: (text: string) => WORDS.get(text.trim().toLowerCase()) ?? text,
  });
  // DontSend: rs-collector's switch, or (files written for rx-collector before DropMetrics) a list of metric names
  convict.addFormat({
    name: SWITCH_OR_NAMES,
    validate: (value: unknown) => check(typeof value === 'boolean'
      || (Array.isArray(value) && value.every((item) => typeof item === 'string')), 'must be true, false or a list of strings'),
    // a string (from the environment, or "true" in a file) is a switch word or nothing: the list belongs to DropMetrics
    coerce: (text: string) => WORDS.get(text.trim().toLowerCase()) ?? text,
  });
}

/** A format for a closed set of words, with a message that lists them plainly. */
export function oneOf(values: readonly string[]): (value: unknown) => void {
  return (value) => check(typeof value === 'string' && values.includes(value), `must be one of ${values.join(', ')}`);
}
