/**
 * The README's table of rs-collector's configuration keys: every key rs-collector 0.1.8 read is in it, each one is a
 * key or table this build has, and the figure under it is what the table says.
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { leaves } from '../../src/config/keys.js';
import { COMMON_SCHEMA, NAME_SCHEMA, TOP_SCHEMA } from '../../src/config/schema.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** rs-collector 0.1.8's Config, GaleraConfig, HasIpAddrConfig, JvmConfig, MegaraidConfig, MongoConfig, PostfixConfig. */
const RS_COLLECTOR_KEYS = [
  'Host', 'Hostname', '[Tags]', 'DontSend',
  '[Galera]', 'Galera.User', 'Galera.Password', 'Galera.Socket', 'Galera.Host', 'Galera.UseSsl', 'Galera.CaCert',
  'Galera.ClientCert', 'Galera.ClientCertKey',
  '[HasIpAddr]', 'HasIpAddr.Ipv4',
  '[[Jvm]]', 'Jvm.Command', 'Jvm.Name',
  '[Megaraid]', 'Megaraid.tick_interval', 'Megaraid.megacli_command', 'Megaraid.adapter',
  '[[Mongo]]', 'Mongo.Name', 'Mongo.Host', 'Mongo.Port', 'Mongo.User', 'Mongo.Password', 'Mongo.UseSsl', 'Mongo.CaCert',
  'Mongo.ClientCert', 'Mongo.ClientCertKey',
  '[Postfix]',
];

function rows(): [string, string][] {
  const section = README.slice(README.indexOf('## Differences from rs-collector'), README.indexOf('## Collectors\n'));
  return section.split('\n').filter((line) => line.startsWith('| `')).map((line) => {
    const cells = line.split(' | ');
    return [(cells[0] ?? '').replace(/^\| `|`$/g, ''), cells[2] ?? ''];
  });
}

function known(key: string): boolean {
  const table = /^\[\[?(\w+)\]?\]$/.exec(key)?.[1];
  if (table !== undefined) return table === 'Tags' || SOURCE_TABLES.some((registered) => registered.table === table);
  const [owner, name] = key.includes('.') ? key.split('.') : ['', key];
  if (owner === '') return Object.hasOwn(TOP_SCHEMA, name ?? '');
  const registered = SOURCE_TABLES.find((candidate) => candidate.table === owner);
  const keys = [...leaves(registered?.schema ?? {}), ...leaves(COMMON_SCHEMA), ...leaves(NAME_SCHEMA)].map(([leaf]) => leaf);
  return registered !== undefined && keys.includes(name ?? '');
}

describe('README: rs-collector\'s configuration keys', () => {
  it('lists every key rs-collector 0.1.8 read, once, in its order', () => {
    deepStrictEqual(rows().map(([key]) => key), RS_COLLECTOR_KEYS);
  });

  it('names only keys and tables this build has', () => {
    deepStrictEqual(RS_COLLECTOR_KEYS.filter((key) => !known(key)), []);
  });

  it('says "same" or gives the reason for each difference, and the figure under it counts them', () => {
    const differing = rows().filter(([, here]) => here.includes('**Differs')).map(([key]) => key);
    ok(rows().every(([, here]) => here.startsWith('same') || here.includes('**Differs')));
    const same = RS_COLLECTOR_KEYS.length - differing.length;
    strictEqual(README.includes(`Same type and meaning: **${same} of these ${RS_COLLECTOR_KEYS.length}**`), true,
      `the README's figure should be ${same} of ${RS_COLLECTOR_KEYS.length}`);
    deepStrictEqual(differing, ['Galera.ClientCert', 'Galera.ClientCertKey', 'Mongo.CaCert', 'Mongo.ClientCertKey']);
  });
});
