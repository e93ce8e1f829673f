/**
 * `[Docker]`: one engine per agent (rx-collector's own table; rs-collector only had Docker on its TODO list). The
 * endpoint is written as Docker's DOCKER_HOST is; TLS files are read at each (re)connect, so a missing certificate
 * fails this collector alone and is retried.
 */
import { MAX_TAGS } from '../../datum.js';
import { NAMES, SWITCH } from '../../formats.js';
import { readableFile, regexKey } from '../../keyChecks.js';
import { ConfigError, type SourceTable } from '../../table.js';
import type { DockerOptions } from './index.js';
import { DOCKER_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';
import { parseEndpoint } from './engine.js';

export interface DockerKeys {
  Endpoint: string;
  CaCert: string;
  ClientCert: string;
  ClientCertKey: string;
  Include: unknown[];
  Exclude: unknown[];
  Labels: string[];
  PerContainer: boolean;
}

/** host, container, image and (on docker.net.*) interface are on every point already. */
export const MAX_LABELS = MAX_TAGS - 4;
const RESERVED_TAGS = new Set(['host', 'container', 'image', 'interface']);

export const dockerTable: SourceTable<DockerKeys, DockerOptions> = {
  table: 'Docker',
  many: false,
  summary: 'Docker or podman Engine API: containers by state, images; per container CPU, memory, network, block I/O, PIDs, '
    + 'restarts, health and uptime.',
  metrics: METRICS,
  schema: {
    Endpoint: {
      doc: 'Where the engine\'s API listens, as DOCKER_HOST is written: unix:///path, tcp://host:port (plain HTTP) or '
        + 'https://host:port (TLS, see CaCert).',
      format: String, default: DOCKER_DEFAULTS.endpoint,
    },
    CaCert: { doc: 'PEM file of the CA the engine\'s certificate must chain to (https:// only); empty: the system CAs.', format: String, default: '' },
    ClientCert: { doc: 'PEM client certificate for an engine that requires one (https:// only); may hold the key too.', format: String, default: '' },
    ClientCertKey: { doc: 'PEM private key of ClientCert when it is in a separate file.', format: String, default: '' },
    Include: {
      doc: 'Regular expressions on container names (without the leading slash): only containers matching one of them '
        + 'get per-container metrics. Empty: every running or paused container.',
      format: Array, default: [],
    },
    Exclude: { doc: 'Regular expressions on container names: matching containers get no per-container metrics (after Include).', format: Array, default: [] },
    Labels: {
      doc: `Container labels sent as tags on the per-container metrics (the label name is the tag key); at most ${MAX_LABELS}, `
        + `and the Tags count too (host, container, image, interface, labels and Tags: ${MAX_TAGS} per point at most). `
        + 'None by default: each distinct value is a new series.',
      format: NAMES, default: [],
    },
    PerContainer: {
      doc: 'Read every running or paused container\'s stats and inspect answer; false sends only docker.containers and docker.images.',
      format: SWITCH, default: DOCKER_DEFAULTS.perContainer,
    },
  },
  toOptions(keys, path) {
    let tls: boolean;
    try {
      tls = parseEndpoint(keys.Endpoint).tls;
    } catch (error) {
      throw new ConfigError(`${path}.Endpoint`, (error as Error).message);
    }
    for (const key of ['CaCert', 'ClientCert', 'ClientCertKey'] as const) {
      if (keys[key] !== '' && !tls) throw new ConfigError(`${path}.${key}`, 'only used with TLS: write Endpoint as https://host:port');
    }
    if (keys.ClientCertKey !== '' && keys.ClientCert === '') throw new ConfigError(`${path}.ClientCertKey`, 'needs ClientCert');
    const labels = keys.Labels.map((label) => label.trim()).filter((label) => label !== '');
    if (labels.length > MAX_LABELS) {
      throw new ConfigError(`${path}.Labels`, `at most ${MAX_LABELS} labels fit beside host, container, image and interface `
        + `(OpenTSDB allows ${MAX_TAGS} tags per datapoint), got ${labels.length}`);
    }
    const reserved = labels.find((label) => RESERVED_TAGS.has(label));
    if (reserved !== undefined) throw new ConfigError(`${path}.Labels`, `a label named ${JSON.stringify(reserved)} would replace the tag the collector sets`);
    const include = patterns(keys.Include, `${path}.Include`);
    const exclude = patterns(keys.Exclude, `${path}.Exclude`);
    // last: a file that is missing makes the collector wait for it (and says so at load), so every mistake above comes first
    for (const key of ['CaCert', 'ClientCert', 'ClientCertKey'] as const) if (keys[key] !== '') readableFile(keys[key], `${path}.${key}`);
    return {
      ...DOCKER_DEFAULTS,
      endpoint: keys.Endpoint.trim(),
      ...(keys.CaCert === '' ? {} : { caCert: keys.CaCert }),
      ...(keys.ClientCert === '' ? {} : { clientCert: keys.ClientCert }),
      ...(keys.ClientCertKey === '' ? {} : { clientCertKey: keys.ClientCertKey }),
      include,
      exclude,
      labels,
      perContainer: keys.PerContainer,
    };
  },
  load: async () => (await import('./index.js')).createDockerSource,
};

function patterns(list: readonly unknown[], key: string): RegExp[] {
  return list.map((pattern, index) => {
    if (typeof pattern !== 'string') throw new ConfigError(`${key}[${index}]`, 'must be a string holding a regular expression');
    return regexKey(pattern, `${key}[${index}]`);
  });
}
