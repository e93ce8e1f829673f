import { deepStrictEqual, strictEqual } from 'node:assert';
import { parse } from 'smol-toml';
import { describeConfig } from '../../src/config/describe.js';
import { loadText } from './toyTables.js';

const SECRET_FILE = [
  'Host = "https://agent:hunter2@bosun.example.com:8070"',
  'AccessToken = "tok-s3cr3t"',
  'Freq = 20',
  '[Tags]',
  'dc = "ams1"',
  '[[Toy]]',
  'Name = "a"',
  'Password = "pw-0xdeadbeef"',
  'ApiToken = "api-c0ffee"',
  'Port = 4000',
  '[[Toy]]',
  'Name = "b"',
  '[Toy.Tags]',
  'role = "replica"',
].join('\n');

describe('describeConfig', () => {
  const { config } = loadText(SECRET_FILE);
  const text = describeConfig(config);

  it('never shows a secret', () => {
    for (const secret of ['hunter2', 'tok-s3cr3t', 'pw-0xdeadbeef', 'api-c0ffee']) strictEqual(text.includes(secret), false, secret);
  });

  it('is TOML with the effective values, secrets masked', () => {
    const shown = JSON.parse(JSON.stringify(parse(text))) as Record<string, unknown>;
    strictEqual(shown.Host, 'https://agent:***@bosun.example.com:8070');
    strictEqual(shown.AccessToken, '[Sensitive]');
    strictEqual(shown.Freq, 20);
    strictEqual(shown.Sink, 'bosun');
    strictEqual(shown.Hostname, 'box');
    deepStrictEqual(shown.Tags, { dc: 'ams1' });
    deepStrictEqual(shown.Toy, [
      { Name: 'a', Port: 4000, Mode: 'fast', Password: '[Sensitive]', ApiToken: '[Sensitive]', Freq: 20, Timeout: 20,
        Jitter: 20 },
      { Name: 'b', Port: 1234, Mode: 'fast', Password: '', ApiToken: '', Freq: 20, Timeout: 20, Jitter: 20, Tags: { role: 'replica' } },
    ]);
  });

  it('names each collector and where the config came from', () => {
    strictEqual(text.includes('# collector toy.a\n'), true);
    strictEqual(text.includes('# collector toy.b\n'), true);
    strictEqual(text.startsWith(`# rx-collector: effective configuration from ${config.file ?? '?'}\n`), true);
  });

  it('shows an unset secret as empty, so a reader sees it is not set', () => {
    strictEqual(parse(describeConfig(loadText('').config)).AccessToken, '');
  });
});
