import assert from 'node:assert/strict';
import { parseEndpoint } from '../src/endpoint.js';

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('parseEndpoint', () => {
  const cases: [string, string, string, string | undefined][] = [
    // input                                  origin                         basePath   authorization
    ['bosun:8070',                            'http://bosun:8070',           '',        undefined],
    ['  bosun:8070  ',                        'http://bosun:8070',           '',        undefined],
    ['bosun',                                 'http://bosun',                '',        undefined],
    ['127.0.0.1:4242',                        'http://127.0.0.1:4242',       '',        undefined],
    ['[::1]:4242',                            'http://[::1]:4242',           '',        undefined],
    ['http://bosun:8070',                     'http://bosun:8070',           '',        undefined],
    ['http://bosun:80/',                      'http://bosun',                '',        undefined],
    ['https://bosun.example.com',             'https://bosun.example.com',   '',        undefined],
    ['https://tsdb.example.com:8443/relay/',  'https://tsdb.example.com:8443', '/relay', undefined],
    ['https://user:secret@bosun.example.com', 'https://bosun.example.com',   '',        basic('user:secret')],
    ['user:secret@bosun:8070',                'http://bosun:8070',           '',        basic('user:secret')],
    ['http://us%40er:p%3Ass@bosun/x',         'http://bosun',                '/x',      basic('us@er:p:ss')],
    ['http://user@bosun',                     'http://bosun',                '',        basic('user:')],
  ];
  for (const [input, origin, basePath, authorization] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => {
      const endpoint = parseEndpoint(input);
      assert.equal(endpoint.origin, origin);
      assert.equal(endpoint.basePath, basePath);
      assert.equal(endpoint.authorization, authorization);
      assert.equal(endpoint.display, origin + basePath);
      assert.ok(!endpoint.display.includes('secret'));
    });
  }

  const bad: [string, RegExp][] = [
    ['', /empty host/],
    ['   ', /empty host/],
    ['ftp://bosun', /unsupported scheme ftp:/],
    ['http://bosun:99999', /not a host or URL/],
    ['http://bosun/?x=1', /query strings/],
    ['http://user:secret@bo sun', /not a host or URL/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseEndpoint(input), (error: Error) => {
        assert.match(error.message, message);
        assert.ok(!error.message.includes('secret'), 'credentials must not appear in the error');
        return true;
      });
    });
  }
});
