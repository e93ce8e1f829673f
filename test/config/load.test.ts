import { sourceContext } from '../../src/source.js';
import { deepStrictEqual, strictEqual } from 'node:assert';
import { firstValueFrom } from 'rxjs';
import { loadConfig } from '../../src/config/load.js';
import { TOY_TABLES, loadText, writeConfig } from './toyTables.js';

const MISSING = '/nonexistent/rx-collector.toml';

describe('loadConfig', () => {
  describe('defaults', () => {
    it('without a file and without Host: the tables on by default, printed to stdout', () => {
      const { config, warnings } = loadConfig({ defaultFiles: [MISSING], env: {}, osHostname: 'box', tables: TOY_TABLES });
      strictEqual(config.file, undefined);
      deepStrictEqual(config.sources.map((source) => source.path), ['Solo']);
      deepStrictEqual(config.sources.map((source) => source.jitterMs), [0], 'read at once: no fleet to spread out');
      deepStrictEqual(config.sink, { kind: 'stdout', gzip: true, maxPointsPerSecond: 0 });
      deepStrictEqual(warnings, []);
    });

    it('fills every top-level default', () => {
      const { config } = loadText('');
      deepStrictEqual({ ...config, sources: [] }, {
        file: config.file,
        hostname: 'box',
        tags: {},
        sink: { kind: 'stdout', gzip: true, maxPointsPerSecond: 0 },
        freqSeconds: 15,
        jitterMs: 15000,
        flushIntervalMs: 5000,
        requestTimeoutMs: 30000,
        batchSize: 500,
        maxQueueLen: 200000,
        dontSend: false,
        dropMetrics: [],
        breaker: { failureThreshold: 5, cooldownMs: 60000, maxCooldownMs: 900000, removeAfter: 0 },
        retry: { initialMs: 1000, maxMs: 60000, maxRetries: 3 },
        logLevel: 'info',
        logFormat: 'auto',
        sources: [],
      });
    });

    it('reads the default file when it exists', () => {
      const file = writeConfig('Freq = 7\n[Toy]\n');
      const { config } = loadConfig({ defaultFiles: [file], env: {}, tables: TOY_TABLES });
      strictEqual(config.file, file);
      strictEqual(config.freqSeconds, 7);
      deepStrictEqual(config.sources.map((source) => source.path), ['Toy']);
    });

    it('a file runs only the tables it names', () => {
      deepStrictEqual(loadText('[Toy]').config.sources.map((source) => source.table), ['Toy']);
      deepStrictEqual(loadText('Freq = 10').config.sources, []);
    });
  });

  describe('top-level keys', () => {
    it('maps keys to the units the code uses', () => {
      const { config } = loadText([
        'Host = "https://bosun.example.com:8070"', 'Sink = "opentsdb"', 'AccessToken = "tok"', 'Gzip = false', 'MaxSendRate = 5000',
        'Freq = 30', 'FlushInterval = 2.5', 'BatchSize = 100', 'MaxQueueLen = 1000', 'DropMetrics = ["linux.net.*", "a.b"]',
        'BreakerFailures = 3', 'BreakerCooldown = 10', 'BreakerMaxCooldown = 20', 'BreakerRemoveAfter = 50',
        'RetryInitialDelay = 0.5', 'RetryMaxDelay = 8', 'MaxRetries = 0', 'LogLevel = "debug"',
        'StatusAddress = "127.0.0.1:9100"', '[Tags]', 'dc = "ams1"',
      ].join('\n'));
      deepStrictEqual(config.sink,
        { kind: 'opentsdb', url: 'https://bosun.example.com:8070', accessToken: 'tok', gzip: false, maxPointsPerSecond: 5000 });
      strictEqual(config.freqSeconds, 30);
      strictEqual(config.jitterMs, 30000);
      strictEqual(loadText('Freq = 30\nJitter = 2.5').config.jitterMs, 2500);
      strictEqual(config.flushIntervalMs, 2500);
      strictEqual(config.batchSize, 100);
      strictEqual(config.maxQueueLen, 1000);
      deepStrictEqual(config.dropMetrics, ['linux.net.*', 'a.b']);
      strictEqual(config.dontSend, false);
      deepStrictEqual(config.breaker, { failureThreshold: 3, cooldownMs: 10000, maxCooldownMs: 20000, removeAfter: 50 });
      deepStrictEqual(config.retry, { initialMs: 500, maxMs: 8000, maxRetries: 0 });
      strictEqual(config.logLevel, 'debug');
      strictEqual(config.statusAddress, '127.0.0.1:9100');
      deepStrictEqual(config.tags, { dc: 'ams1' });
    });

    it('Sink defaults to bosun when Host is set, keeping Host as written', () => {
      deepStrictEqual(loadText('Host = "user:pw@bosun:8070"').config.sink,
        { kind: 'bosun', url: 'user:pw@bosun:8070', gzip: true, maxPointsPerSecond: 0 });
    });

    it('cleans tag values OpenTSDB would refuse, with a warning', () => {
      const { config, warnings } = loadText('[Tags]\nteam = "data ops"');
      deepStrictEqual(config.tags, { team: 'data_ops' });
      deepStrictEqual(warnings,
        ['Tags.team: cleaned to team = "data_ops" (OpenTSDB allows letters, digits and -_./)']);
    });
  });

  describe('hostname', () => {
    it('is the machine name, lower-cased and cut at the first dot', () => {
      strictEqual(loadText('', { osHostname: 'Web1.Example.COM' }).config.hostname, 'web1');
    });

    it('keeps the domain with FullHost', () => {
      strictEqual(loadText('FullHost = true', { osHostname: 'Web1.Example.COM' }).config.hostname, 'web1.example.com');
    });

    it('is Hostname as written when set, FullHost or not', () => {
      strictEqual(loadText('Hostname = "DB-7.dc1"\nFullHost = false', { osHostname: 'x.y' }).config.hostname, 'DB-7.dc1');
    });

    it('comes from RX_COLLECTOR_HOSTNAME over the file', () => {
      strictEqual(loadText('Hostname = "a"', { env: { RX_COLLECTOR_HOSTNAME: 'b' } }).config.hostname, 'b');
    });

    it('is the global [Tags] host when set, over Hostname, as rs-collector put its tags over the host tag', () => {
      const { config, warnings } = loadText('Hostname = "muffin"\n[Tags]\nhost = "web-7.ams"\ndc = "ams1"', { osHostname: 'x' });
      strictEqual(config.hostname, 'web-7.ams');
      deepStrictEqual(config.tags, { dc: 'ams1' });
      deepStrictEqual(warnings, []);
      strictEqual(loadText('[Tags]\nhost = "web-7"', { osHostname: 'x', env: { RX_COLLECTOR_HOSTNAME: 'b' } }).config.hostname, 'web-7');
    });

    it('does not count [Tags] host against the room for global tags', () => {
      const seven = Array.from({ length: 7 }, (_, i) => `t${i} = "v"`).join('\n');
      strictEqual(Object.keys(loadText(`[Tags]\nhost = "h"\n${seven}`).config.tags).length, 7);
    });
  });

  describe('environment overrides', () => {
    it('override the file, coerced to the key\'s type', () => {
      const { config } = loadText('Freq = 10\nGzip = true\nBatchSize = 100\n[Toy]', {
        env: {
          RX_COLLECTOR_FREQ: '30', RX_COLLECTOR_GZIP: 'no', RX_COLLECTOR_BATCH_SIZE: '250',
          RX_COLLECTOR_DROP_METRICS: 'a.b, c.*', RX_COLLECTOR_HOST: 'bosun:8070', RX_COLLECTOR_LOG_LEVEL: 'warn',
          RX_COLLECTOR_TIMEOUT: '4',
        },
      });
      strictEqual(config.freqSeconds, 30);
      strictEqual(config.sink.gzip, false);
      strictEqual(config.batchSize, 250);
      deepStrictEqual(config.dropMetrics, ['a.b', 'c.*']);
      deepStrictEqual([config.sink.kind, config.sink.url], ['bosun', 'bosun:8070']);
      strictEqual(config.logLevel, 'warn');
      deepStrictEqual([config.sources[0]?.intervalMs, config.sources[0]?.timeoutMs], [30_000, 4000]);
    });

    it('apply to the embedded default too', () => {
      const { config } = loadConfig({ defaultFiles: [MISSING], env: { RX_COLLECTOR_HOST: 'bosun:8070' }, tables: TOY_TABLES });
      deepStrictEqual(config.sink, { kind: 'bosun', url: 'bosun:8070', gzip: true, maxPointsPerSecond: 0 });
      deepStrictEqual(config.sources.map((source) => source.path), ['Solo']);
    });

    it('come from process.env unless an environment is given', () => {
      const saved = process.env.RX_COLLECTOR_FREQ;
      process.env.RX_COLLECTOR_FREQ = '99';
      try {
        strictEqual(loadText('Freq = 10', { env: {} }).config.freqSeconds, 10);
        strictEqual(loadText('Freq = 10', { env: undefined }).config.freqSeconds, 99);
      } finally {
        if (saved === undefined) delete process.env.RX_COLLECTOR_FREQ;
        else process.env.RX_COLLECTOR_FREQ = saved;
      }
    });
  });

  describe('warnings', () => {
    it('name unknown keys (scollector\'s, typos) without failing', () => {
      const { warnings } = loadText('ColDir = "/x"\nFilter = ["a"]\nfreq = 3\n[Toy]\nFoo = 1\n[Toy.Bar]\nBaz = 2\n[solo]');
      deepStrictEqual(warnings, [
        '`ColDir`: unknown key (ignored)',
        '`Filter`: unknown key (ignored)',
        '`freq`: unknown key (ignored); did you mean `Freq`?',
        '`[solo]`: unknown table (ignored); did you mean `[Solo]`?',
        '`Toy.Foo`: unknown key (ignored)',
        '`Toy.Bar`: unknown key (ignored)',
      ]);
    });

    it('say which rs-collector tables this build cannot run', () => {
      const { config, warnings } = loadText('[Galera]\nUser = "root"\n[[Mongo]]\nName = "a"\n[Megaraid]\n[Toy]');
      deepStrictEqual(warnings, [
        '`[Galera]`: is not supported by this build (ignored)',
        '`[Mongo]`: is not supported by this build (ignored)',
        '`[Megaraid]`: is not supported by this build (ignored)',
      ]);
      deepStrictEqual(config.sources.map((source) => source.table), ['Toy']);
    });
  });

  describe('collector tables', () => {
    it('[Table] is one instance named after the table', () => {
      const [source, ...rest] = loadText('[Toy]\nPort = 4000').config.sources;
      deepStrictEqual(rest, []);
      deepStrictEqual([source?.table, source?.path, source?.name], ['Toy', 'Toy', 'toy']);
    });

    it('[[Table]] instances count from 0 and are named <table>.<Name>', () => {
      const sources = loadText('[[Toy]]\nName = "db1"\n[[Toy]]\nName = "db2"\nPort = 4001').config.sources;
      deepStrictEqual(sources.map((source) => [source.path, source.name]), [['Toy[0]', 'toy.db1'], ['Toy[1]', 'toy.db2']]);
    });

    it('a single [Table] of a repeatable table may carry a Name', () => {
      strictEqual(loadText('[Toy]\nName = "main"').config.sources[0]?.name, 'toy.main');
    });

    it('scheduling falls back: table value, else top-level value, else the table\'s Freq', () => {
      const plain = loadText('Freq = 10\n[[Toy]]\nName = "a"\n[[Toy]]\nName = "b"\nFreq = 30\nJitter = 0').config.sources;
      deepStrictEqual(plain.map((s) => [s.intervalMs, s.timeoutMs, s.jitterMs]), [[10000, 10000, 10000], [30000, 30000, 0]]);
      const topLevel = loadText('Freq = 10\nTimeout = 5\nJitter = 2\n[Toy]\nFreq = 60').config.sources;
      deepStrictEqual(topLevel.map((s) => [s.intervalMs, s.timeoutMs, s.jitterMs]), [[60000, 5000, 2000]]);
    });

    it('keeps the table\'s own tags apart from the global ones', () => {
      const { config } = loadText('[Tags]\ndc = "ams1"\n[Toy]\n[Toy.Tags]\nrole = "primary"');
      deepStrictEqual(config.tags, { dc: 'ams1' });
      deepStrictEqual(config.sources[0]?.tags, { role: 'primary' });
    });

    it('hands the checked keys to the table, whose source reads them', async () => {
      const source = loadText('[[Toy]]\nName = "x"\nPort = 4242\nMode = "slow"').config.sources[0];
      const points = await firstValueFrom(source.create(sourceContext()).collect());
      deepStrictEqual(points, [{ metric: 'toy.port', timestamp: 1, value: 4242, tags: { mode: 'slow', label: 'x' } }]);
    });

    it('gives each configuration its own fingerprint, secrets included', () => {
      const fingerprint = (text: string): string | undefined => loadText(text).config.sources[0]?.key;
      strictEqual(fingerprint('[Toy]\nPassword = "a"'), fingerprint('[Toy]\nPassword = "a"'));
      strictEqual(fingerprint('[Toy]\nPassword = "a"') === fingerprint('[Toy]\nPassword = "b"'), false);
      strictEqual(fingerprint('[Toy]') === fingerprint('Freq = 5\n[Toy]'), false);
    });
  });

  describe('JSON', () => {
    it('loads a .json file like the same TOML', () => {
      const json = writeConfig(JSON.stringify({ Freq: 20, Tags: { dc: 'ams1' }, Toy: [{ Name: 'a', Port: 2000 }] }), 'json');
      const fromJson = loadConfig({ file: json, env: {}, osHostname: 'box', tables: TOY_TABLES }).config;
      const fromToml = loadText('Freq = 20\n[Tags]\ndc = "ams1"\n[[Toy]]\nName = "a"\nPort = 2000', { osHostname: 'box' }).config;
      const comparable = (config: typeof fromJson): unknown =>
        ({ ...config, file: undefined, sources: config.sources.map((s) => ({ ...s, create: undefined })) });
      deepStrictEqual(comparable(fromJson), comparable(fromToml));
    });
  });
});
