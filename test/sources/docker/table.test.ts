import { tableLoader } from '../../helpers/tableLoader.js';
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceContext } from '../../../src/source.js';
import { DOCKER_DEFAULTS } from '../../../src/sources/docker/index.js';
import { dockerTable } from '../../../src/sources/docker/table.js';
import { registerTable } from '../../../src/table.js';

const loader = tableLoader(registerTable(dockerTable), 'docker-config');
const { load, loaded, rejectsKey } = loader;

const keys = (overrides: Partial<Parameters<typeof dockerTable.toOptions>[0]> = {}) => ({
  Endpoint: DOCKER_DEFAULTS.endpoint, CaCert: '', ClientCert: '', ClientCertKey: '', Include: [], Exclude: [], Labels: [],
  PerContainer: true, ...overrides,
});

describe('[Docker] config table', () => {
  it('an empty [Docker] reads the default socket, every container, no labels', () => {
    const [source, ...rest] = load('[Docker]\n');
    strictEqual(rest.length, 0);
    strictEqual(source?.name, 'docker');
    strictEqual(source?.create(sourceContext()).name, 'docker');
    deepStrictEqual(dockerTable.toOptions(keys(), 'Docker'), DOCKER_DEFAULTS);
  });

  it('maps every key to the source options, regular expressions compiled', () => {
    const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((name) => {
      writeFileSync(join(loader.dir, name), 'pem');
      return join(loader.dir, name);
    });
    const options = dockerTable.toOptions(keys({
      Endpoint: ' https://docker1:2376 ', CaCert: ca, ClientCert: cert, ClientCertKey: key,
      Include: ['^web-', 'db'], Exclude: ['-tmp$'], Labels: ['com.docker.compose.project', ' team '], PerContainer: false,
    }), 'Docker');
    deepStrictEqual({ ...options, include: options.include.map(String), exclude: options.exclude.map(String) }, {
      ...DOCKER_DEFAULTS,
      endpoint: 'https://docker1:2376', caCert: ca, clientCert: cert, clientCertKey: key,
      include: ['/^web-/', '/db/'], exclude: ['/-tmp$/'], labels: ['com.docker.compose.project', 'team'], perContainer: false,
    });
    strictEqual(load('[Docker]\nEndpoint = "tcp://127.0.0.1:2375"\nLabels = ["team"]\nPerContainer = false\n').length, 1);
  });

  it('loads a missing TLS file as a failing collector, with a warning naming the key and the path', () => {
    deepStrictEqual(loaded('[Docker]\nEndpoint = "https://docker1:2376"\nCaCert = "/nonexistent/ca.pem"\n').warnings,
      ['`Docker.CaCert`: "/nonexistent/ca.pem" does not exist: collector docker fails until it is there (retried on its schedule)']);
  });

  it('refuses what cannot work, naming the key', () => {
    rejectsKey('[Docker]\nEndpoint = "/var/run/docker.sock"\n', 'Docker.Endpoint', /unix:\/\/\/path, tcp:\/\/host:port or https:\/\/host:port/);
    rejectsKey('[Docker]\nEndpoint = "unix://docker.sock"\n', 'Docker.Endpoint', /absolute path/);
    rejectsKey('[Docker]\nEndpoint = "ssh://host"\n', 'Docker.Endpoint', /scheme/);
    rejectsKey('[Docker]\nEndpoint = "tcp://host:2375/v1.41"\n', 'Docker.Endpoint', /no path/);
    rejectsKey('[Docker]\nCaCert = "/etc/ca.pem"\n', 'Docker.CaCert', /only used with TLS/);
    rejectsKey('[Docker]\nEndpoint = "https://h:2376"\nClientCertKey = "/k.pem"\n', 'Docker.ClientCertKey', /needs ClientCert/);
    rejectsKey('[Docker]\nInclude = ["web-(("]\n', 'Docker.Include[0]', /not a valid regular expression/);
    rejectsKey('[Docker]\nExclude = [3]\n', 'Docker.Exclude[0]', /must be a string/);
    rejectsKey('[Docker]\nLabels = ["a", "b", "c", "d", "e"]\n', 'Docker.Labels', /at most 4 labels/);
    rejectsKey('[Docker]\nLabels = ["image"]\n', 'Docker.Labels', /would replace the tag/);
    rejectsKey('[[Docker]]\n', 'Docker', /only one \[Docker\]/);
  });
});
