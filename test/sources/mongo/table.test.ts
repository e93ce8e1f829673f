import { tableLoader } from '../../helpers/tableLoader.js';
import { sourceContext } from '../../../src/source.js';
import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { mongoTable } from '../../../src/sources/mongo/table.js';
import { registerTable } from '../../../src/table.js';
import { madeSource } from '../../../src/deferredSource.js';

const tables = [registerTable(mongoTable)];
const loader = tableLoader(registerTable(mongoTable), 'mongo-config');
const { load, loaded, rejectsKey } = loader;

describe('[[Mongo]] config table', () => {
  it('loads rs-collector\'s [[Mongo]] tables unchanged, one source per table named after Name', async () => {
    const sources = load('[[Mongo]]\nName = "rs0"\nHost = "127.0.0.1"\nPort = 27017\nUser = "monitor"\nPassword = "pw"\nUseSsl = false\n'
      + '[[Mongo]]\nName = "rs1"\nHost = "127.0.0.1"\nPort = 27018\nUseSsl = false\n');
    deepStrictEqual(sources.map((source) => [source.path, source.name]), [['Mongo[0]', 'mongo.rs0'], ['Mongo[1]', 'mongo.rs1']]);
    strictEqual(JSON.stringify(sources[0]?.settings).includes('"pw"'), false, 'the password is masked');
    const made = sources[1] === undefined ? undefined : await madeSource(sources[1].create(sourceContext()));
    strictEqual(made?.name, 'mongo.rs1');
    await made?.close?.();
  });

  it('maps keys to the source options, seconds to milliseconds', () => {
    const passwordFile = join(loader.dir, 'password');
    writeFileSync(passwordFile, 'from-file\n');
    const options = mongoTable.toOptions({
      Uri: '', Host: 'db1', Port: 27019, User: 'monitor', Password: '', PasswordFile: passwordFile, UseSsl: true,
      CaCert: passwordFile, ClientCert: '', ClientCertKey: '', TlsInsecure: false, ReadPreference: 'secondaryPreferred',
      ConnectTimeout: 2.5, CommandTimeout: 7, Name: 'db1',
    }, 'Mongo[0]');
    deepStrictEqual(options, {
      name: 'db1', host: 'db1', port: 27019, user: 'monitor', password: 'from-file', useSsl: true, caCert: passwordFile,
      tlsInsecure: false, readPreference: 'secondaryPreferred', connectTimeoutMs: 2500, commandTimeoutMs: 7000,
    });
  });

  it('turns TLS on when CaCert is set, UseSsl or not, as rs-collector did', () => {
    strictEqual(load('[[Mongo]]\nName = "tls"\nCaCert = "/etc/hostname"\n').length, 1);
    const keys = { Uri: '', Host: 'db1', Port: 27017, User: '', Password: '', PasswordFile: '', UseSsl: false, CaCert: '/etc/hostname',
      ClientCert: '', ClientCertKey: '', TlsInsecure: false, ReadPreference: 'primary', ConnectTimeout: 5, CommandTimeout: 10, Name: 'tls' };
    strictEqual(mongoTable.toOptions(keys, 'Mongo[0]').useSsl, true);
    strictEqual(mongoTable.toOptions({ ...keys, CaCert: '' }, 'Mongo[0]').useSsl, false);
  });

  it('refuses contradictory or unusable settings, naming the key', () => {
    rejectsKey('[[Mongo]]\nUri = "mongodb://a:1"\nHost = "b"\n', 'Mongo[0].Uri', /either Uri or Host/);
    rejectsKey('[[Mongo]]\nUri = "http://a:1"\n', 'Mongo[0].Uri', /mongodb:\/\//);
    rejectsKey('[[Mongo]]\nUser = "u"\nPassword = "x"\nPasswordFile = "/nonexistent"\n', 'Mongo[0].PasswordFile', /not both/);
    rejectsKey('[[Mongo]]\nClientCert = "/etc/hostname"\n', 'Mongo[0].ClientCert', /UseSsl = true/);
    rejectsKey('[[Mongo]]\nTlsInsecure = true\n', 'Mongo[0].TlsInsecure', /UseSsl = true/);
    throws(() => load('[[Mongo]]\nReadPreference = "closest"\n'), /ReadPreference/);
    throws(() => load('[[Mongo]]\nConnectTimeout = 0\n'), /ConnectTimeout/);
  });

  it('loads a table whose CA file is missing as a failing collector, with a warning naming the key and the path', () => {
    const { config, warnings } = loaded('[[Mongo]]\nUseSsl = true\nCaCert = "/nonexistent/ca.pem"\n');
    deepStrictEqual(config.sources.map((source) => source.name), ['mongo']);
    deepStrictEqual(warnings, ['`Mongo[0].CaCert`: "/nonexistent/ca.pem" does not exist: collector mongo fails until it is there (retried on its schedule)']);
  });

  it('loads the example config', () => {
    const sources = loadConfig({ file: join(import.meta.dirname, '..', '..', '..', 'config', 'examples', 'mongo.toml'), tables, env: {} }).config.sources;
    deepStrictEqual(sources.map((source) => source.name), ['mongo.rs0-a', 'mongo.router']);
  });
});
