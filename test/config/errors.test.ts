import { deepStrictEqual, match, strictEqual } from 'node:assert';
import { loadConfig } from '../../src/config/load.js';
import { TOY_TABLES, errorOf, loadText, writeConfig } from './toyTables.js';

const EIGHT_TAGS = Array.from({ length: 8 }, (_, index) => `t${index} = "v"`).join('\n');
const SEVEN_TAGS = Array.from({ length: 7 }, (_, index) => `t${index} = "v"`).join('\n');

/** Each bad file and the one line it must produce: the key as written, what is expected, the value unless secret. */
const BAD: [string, string][] = [
  ['Freq = -1', 'config: Freq: must be a number of seconds greater than 0 (got -1)'],
  ['Freq = "often"', 'config: Freq: must be a number of seconds greater than 0 (got "often")'],
  ['Freq = 3000000', 'config: Freq: must be at most 2147483 seconds (about 24 days) (got 3000000)'],
  ['Timeout = 3000000', 'config: Timeout: must be at most 2147483 seconds (about 24 days) (got 3000000)'],
  ['FlushInterval = 1e9', 'config: FlushInterval: must be at most 2147483 seconds (about 24 days) (got 1000000000)'],
  ['RequestTimeout = 0.0001', 'config: RequestTimeout: must be at least 0.001 seconds (1 ms) (got 0.0001)'],
  ['RequestTimeout = 0', 'config: RequestTimeout: must be a number of seconds greater than 0 (got 0)'],
  ['SpoolSyncInterval = 2147484', 'config: SpoolSyncInterval: must be at most 2147483 seconds (about 24 days) (got 2147484)'],
  ['Jitter = 2147484', 'config: Jitter: must be at most 2147483 seconds (about 24 days) (got 2147484)'],
  ['BreakerMaxCooldown = 2147484', 'config: BreakerMaxCooldown: must be at most 2147483 seconds (about 24 days) (got 2147484)'],
  ['[Toy]\nFreq = 3000000', 'config: Toy.Freq: must be at most 2147483 seconds (about 24 days) (got 3000000)'],
  ['SpoolSync = "always"', 'config: SpoolSync: must be one of batch, interval, never (got "always")'],
  ['SpoolDir = "spool"', 'config: SpoolDir: must be an absolute path (got "spool")'],
  ['SpoolDir = "/proc/rx-collector"', 'config: SpoolDir: is on proc, a pseudo file system that cannot hold a spool (got "/proc/rx-collector")'],
  ['SpoolDir = "/sys/rx"', 'config: SpoolDir: is on sysfs, a pseudo file system that cannot hold a spool (got "/sys/rx")'],
  ['SpoolDir = "/etc/hostname"', 'config: SpoolDir: is not a directory (got "/etc/hostname")'],
  ['SpoolDir = "/etc/hostname/spool"', 'config: SpoolDir: cannot be created: /etc/hostname is not a directory (got "/etc/hostname/spool")'],
  ['Jitter = -2', 'config: Jitter: must be a number of seconds, 0 or more (got -2)'],
  ['BatchSize = 1.5', 'config: BatchSize: must be a whole number, 1 or more (got 1.5)'],
  ['MaxQueueLen = 100', 'config: BatchSize: must not be more than MaxQueueLen (100) (got 500)'],
  ['RetryInitialDelay = 100', 'config: RetryInitialDelay: must not be more than RetryMaxDelay (60) (got 100)'],
  ['BreakerCooldown = 1000', 'config: BreakerCooldown: must not be more than BreakerMaxCooldown (900) (got 1000)'],
  ['Sink = "kafka"', 'config: Sink: must be one of auto, bosun, opentsdb, stdout (got "kafka")'],
  ['LogLevel = "loud"', 'config: LogLevel: must be one of trace, debug, info, warn, error (got "loud")'],
  ['Sink = "opentsdb"', 'config: Host: is needed when Sink is opentsdb'],
  ['Host = "ftp://me:hunter2@bosun"', 'config: Host: must be host:port or an http(s) URL (got "ftp://me:***@bosun")'],
  ['Host = "http://bosun.example:8070/?x=1"',
    'config: Host: must not have a query string or fragment (got "http://bosun.example:8070/?x=1")'],
  ['Host = "http://bosun.example:99999"', 'config: Host: must be host:port or an http(s) URL (got "http://bosun.example:99999")'],
  ['Host = ["bosun"]', 'config: Host: must be of type String (got ["bosun"])'],
  ['Hostname = "web 1"', 'config: Hostname: must be letters, digits or -_./ (got "web 1")'],
  ['DontSend = ["ok.metric", "bad name*"]',
    'config: DontSend[1]: must be a metric name, or a prefix ending in * (got "bad name*")'],
  ['StatusAddress = "localhost"', 'config: StatusAddress: must be host:port, [ipv6]:port or :port (got "localhost")'],
  ['StatusAddress = "127.0.0.1:99999"',
    'config: StatusAddress: must be host:port, [ipv6]:port or :port (got "127.0.0.1:99999")'],
  ['AccessToken = 12345', 'config: AccessToken: must be of type String'],
  ['Tags = "dc=ams1"', 'config: Tags: must be a table (got "dc=ams1")'],
  ['[Toy]\nTags = 5', 'config: Toy.Tags: must be a table (got 5)'],
  ['Gzip = "maybe"', 'config: Gzip: must be true or false (got "maybe")'],
  ['[Tags]\nhost = 5', 'config: Tags.host: must be a string (got 5)'],
  ['[Tags]\nhost = "web 1"', 'config: Tags.host: must be letters, digits or -_./ (got "web 1")'],
  ['[Toy.Tags]\nhost = "other"', 'config: Toy.Tags.host: the host tag is set by Hostname or the global [Tags] host, not per table'],
  ['[Tags]\nrack = 5', 'config: Tags.rack: must be a string (got 5)'],
  ['[Tags]\nrack = "#!"', 'config: Tags.rack: must contain letters, digits or -_./ (got "#!")'],
  [`[Tags]\n${EIGHT_TAGS}`,
    'config: Tags: at most 7 tags fit beside host and the other tags (OpenTSDB allows 8 per datapoint), got 8'],
  [`[Tags]\n${SEVEN_TAGS}\n[Toy.Tags]\nrole = "db"`,
    'config: Toy.Tags: at most 0 tags fit beside host and the other tags (OpenTSDB allows 8 per datapoint), got 1'],
  ['[Toy]\nPort = 70000', 'config: Toy.Port: ports must be within range 0 - 65535 (got 70000)'],
  ['[[Toy]]\nName = "a"\n[[Toy]]\nName = "b"\nPort = "x"',
    'config: Toy[1].Port: ports must be within range 0 - 65535 (got "x")'],
  ['[Toy]\nMode = "warp"', 'config: Toy.Mode: must be one of the possible values: ["fast","slow"] (got "warp")'],
  ['[Toy]\nPort = { a = 1 }', 'config: Toy.Port: must be a single value, not a table (got {"a":1})'],
  ['[Toy]\nPassword = 12345', 'config: Toy.Password: must be of type String'],
  ['[Toy]\nApiToken = 12345', 'config: Toy.ApiToken: must be of type String'],
  ['[Toy]\nFreq = 0', 'config: Toy.Freq: must be a number of seconds greater than 0 (got 0)'],
  ['[Toy]\nTimeout = "soon"', 'config: Toy.Timeout: must be a number of seconds greater than 0 (got "soon")'],
  ['[Toy]\nMode = "slow"\nPort = 80', 'config: Toy.Mode: slow needs a Port of 1024 or more'],
  ['[[Toy]]\n[[Toy]]', 'config: Toy[1].Name: toy is already the name of Toy[0]; give each [[Toy]] its own Name'],
  ['[[Toy]]\nName = "a b"', 'config: Toy[0].Name: must be letters, digits or -_./ (got "a b")'],
  ['Toy = [1, 2]', 'config: Toy[0]: must be a table (got 1)'],
  ['[[Solo]]', 'config: Solo: only one [Solo] table is allowed, not [[Solo]]'],
  ['Solo = 3', 'config: Solo: must be a table ([Solo]) (got 3)'],
];

describe('config errors', () => {
  for (const [text, expected] of BAD) {
    it(`${text.replace(/\n/g, ' | ').slice(0, 60)} → ${expected.slice(8, 60)}`, () => {
      strictEqual(errorOf(() => loadText(text)), expected);
    });
  }

  it('every message is one line', () => {
    for (const [text] of BAD) strictEqual(errorOf(() => loadText(text)).includes('\n'), false, text);
  });

  it('names the environment variable a bad value came from', () => {
    strictEqual(errorOf(() => loadText('', { env: { RX_COLLECTOR_FREQ: 'abc' } })),
      'config: Freq: must be a number of seconds greater than 0 (got "abc" from RX_COLLECTOR_FREQ)');
  });

  it('reports a TOML syntax error with its line, on one line', () => {
    const message = errorOf(() => loadText('Freq = 15\nHost = = "x"\n'));
    match(message, /^config: \/.+\.toml: not valid TOML at line 2, column \d+: \S/);
    strictEqual(message.includes('\n'), false);
  });

  it('reports a JSON syntax error', () => {
    const file = writeConfig('{"Freq": }', 'json');
    match(errorOf(() => loadConfig({ file, env: {}, tables: TOY_TABLES })), /^config: \/.+\.json: not valid JSON: \S/);
  });

  it('refuses a file the user named that does not exist', () => {
    strictEqual(errorOf(() => loadConfig({ file: '/nonexistent/rx.toml', env: {}, tables: TOY_TABLES })),
      'config: /nonexistent/rx.toml: cannot read the config file (ENOENT)');
  });

  it('refuses a JSON file that holds a list', () => {
    const file = writeConfig('[1, 2]', 'json');
    strictEqual(errorOf(() => loadConfig({ file, env: {}, tables: TOY_TABLES })),
      `config: ${file}: must hold a table of keys, not a single value or a list`);
  });

  it('never shows a secret in a message', () => {
    const messages = [
      errorOf(() => loadText('Host = "ftp://me:hunter2@bosun"')),
      errorOf(() => loadText('AccessToken = ["hunter2"]')),
      errorOf(() => loadText('[Toy]\nPassword = ["hunter2"]')),
      errorOf(() => loadText('[Toy]\nApiToken = ["hunter2"]')),
      errorOf(() => loadText('[Toy]\nMode = "mongodb://me:hunter2@db"')),
    ];
    deepStrictEqual(messages.filter((message) => message.includes('hunter2')), []);
  });
});
