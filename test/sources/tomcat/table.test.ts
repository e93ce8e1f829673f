import { tableLoader } from '../../helpers/tableLoader.js';
import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerTable } from '../../../src/table.js';
import { completeStatusPath } from '../../../src/sources/tomcat/index.js';
import { tomcatTable, type TomcatKeys } from '../../../src/sources/tomcat/table.js';
import { sourceContext } from '../../../src/source.js';
import { madeSource } from '../../../src/deferredSource.js';

const loader = tableLoader(registerTable(tomcatTable), 'tomcat-config');
const { load, loaded, rejectsKey } = loader;

const keys = (overrides: Partial<TomcatKeys>): TomcatKeys => ({
  Url: 'http://127.0.0.1:8080/manager/status?XML=true', User: '', Password: '', PasswordFile: '', Sessions: true,
  CaCert: '', ClientCert: '', ClientCertKey: '', ...overrides,
});

describe('[[Tomcat]] config table', () => {
  it('takes several instances, each named, with the password masked in what is shown', async () => {
    const sources = load('[[Tomcat]]\nName = "app1"\nUser = "monitor"\nPassword = "pw-secret"\n'
      + '[[Tomcat]]\nName = "app2"\nUrl = "http://127.0.0.1:8081/manager/status?XML=true"\nSessions = false\n');
    deepStrictEqual(sources.map((source) => [source.path, source.name]), [['Tomcat[0]', 'tomcat.app1'], ['Tomcat[1]', 'tomcat.app2']]);
    ok(!JSON.stringify(sources[0]?.settings).includes('pw-secret'), 'the password is masked');
    const made = sources[1] === undefined ? undefined : await madeSource(sources[1].create(sourceContext()));
    strictEqual(made?.name, 'tomcat/app2');
  });

  it('maps keys to the source options, the password from its file and PEM files read at load time', () => {
    const passwordFile = join(loader.dir, 'password');
    writeFileSync(passwordFile, 'from-file\n');
    const pem = join(loader.dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    deepStrictEqual(tomcatTable.toOptions(keys({
      Url: 'https://app1:8443/manager/status?XML=true', User: 'monitor', PasswordFile: passwordFile, Sessions: false,
      CaCert: pem, Name: 'app1',
    }), 'Tomcat[0]'), {
      url: 'https://app1:8443/manager/status?XML=true', user: 'monitor', password: 'from-file', name: 'app1', sessions: false,
      tls: { ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    });
    deepStrictEqual(tomcatTable.toOptions(keys({}), 'Tomcat[0]'),
      { url: 'http://127.0.0.1:8080/manager/status?XML=true', sessions: true });
  });

  it('refuses unusable settings, naming the key', () => {
    rejectsKey('[[Tomcat]]\nUrl = "127.0.0.1:8080"\n', 'Tomcat[0].Url', /http:\/\/ or https:\/\//);
    rejectsKey('[[Tomcat]]\nUrl = "ftp://h/status"\n', 'Tomcat[0].Url', /http:\/\/ or https:\/\//);
    rejectsKey('[[Tomcat]]\nUrl = "http://u:pw@h:8080/manager/status?XML=true"\n', 'Tomcat[0].Url', /User and Password/);
    rejectsKey('[[Tomcat]]\nPassword = "x"\n', 'Tomcat[0].User', /no user/);
    rejectsKey('[[Tomcat]]\nUser = "u"\nPassword = "x"\nPasswordFile = "/nonexistent"\n', 'Tomcat[0].PasswordFile', /not both/);
    rejectsKey('[[Tomcat]]\nCaCert = "/etc/hostname"\n', 'Tomcat[0].CaCert', /https:\/\/ Url/);
    rejectsKey('[[Tomcat]]\nUrl = "https://h/manager/status?XML=true"\nClientCert = "/etc/hostname"\n', 'Tomcat[0].ClientCertKey',
      /give both or neither/);
    throws(() => load('[[Tomcat]]\nSessions = "maybe"\n'), /Sessions/);
  });

  it('loads a table whose password or CA file is missing as a failing collector, with a warning naming the key and the path', () => {
    const warningsOf = (toml: string): string[] => loaded(toml).warnings;
    deepStrictEqual(warningsOf('[[Tomcat]]\nUser = "u"\nPasswordFile = "/nonexistent/pw"\n'),
      ['`Tomcat[0].PasswordFile`: "/nonexistent/pw" does not exist: collector tomcat fails until it is there (retried on its schedule)']);
    deepStrictEqual(warningsOf('[[Tomcat]]\nUrl = "https://h/manager/status?XML=true"\nCaCert = "/nonexistent/ca.pem"\n'),
      ['`Tomcat[0].CaCert`: "/nonexistent/ca.pem" does not exist: collector tomcat fails until it is there (retried on its schedule)']);
  });

  it('finds the complete status page beside the XML one', () => {
    strictEqual(completeStatusPath(new URL('http://h:8080/manager/status?XML=true')), '/manager/status/all');
    strictEqual(completeStatusPath(new URL('http://h:8080/tc/manager/status/?XML=true')), '/tc/manager/status/all');
  });
});
