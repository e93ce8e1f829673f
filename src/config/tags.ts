/** Tags from the config file, held to the same OpenTSDB rules as the datapoints they will be put on. */
import { MAX_TAGS, cleanName, isValidName } from '../datum.js';
import { keyPath, showValue } from './keys.js';
import { ConfigError } from '../table.js';

/**
 * Checks a `[Tags]` table (`path` is `Tags` or `Galera[1].Tags`): values must be strings; keys and values with
 * characters OpenTSDB refuses are cleaned with a warning; `host` is refused (the global `[Tags] host` is taken out
 * before, by globalHostTag); at most `room` tags.
 */
export function checkTags(raw: Record<string, unknown>, path: string, room: number, warnings: string[]):
  Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = keyPath(path, key);
    if (typeof value !== 'string') throw new ConfigError(name, `must be a string (got ${showValue(value)})`);
    const cleanKey = cleanName(key);
    const cleanValue = cleanName(value);
    if (cleanKey === '') throw new ConfigError(name, 'the tag name has no letters, digits or -_./ in it');
    if (cleanValue === '') throw new ConfigError(name, `must contain letters, digits or -_./ (got ${showValue(value)})`);
    if (cleanKey === 'host') throw new ConfigError(name, 'the host tag is set by Hostname or the global [Tags] host, not per table');
    if (cleanKey !== key || cleanValue !== value) {
      warnings.push(`${name}: cleaned to ${cleanKey} = ${showValue(cleanValue)} (OpenTSDB allows letters, digits and -_./)`);
    }
    tags[cleanKey] = cleanValue;
  }
  if (Object.keys(tags).length > room) {
    throw new ConfigError(path, `at most ${room} tags fit beside host and the other tags (OpenTSDB allows ${MAX_TAGS} per `
      + `datapoint), got ${Object.keys(tags).length}`);
  }
  return tags;
}

/**
 * rs-collector's `[Tags] host = …`: it put the host tag on first and the global tags over it, so a `host` there
 * overrides Hostname. Returns that value (checked as Hostname is) and the other global tags.
 */
export function globalHostTag(raw: Record<string, unknown>): { host?: string; tags: Record<string, unknown> } {
  if (!Object.hasOwn(raw, 'host')) return { tags: raw };
  const { host, ...tags } = raw;
  if (typeof host !== 'string') throw new ConfigError('Tags.host', `must be a string (got ${showValue(host)})`);
  if (!isValidName(host)) throw new ConfigError('Tags.host', `must be letters, digits or -_./ (got ${showValue(host)})`);
  return { host, tags };
}
