import assert from 'node:assert/strict';
import { driverOptions } from '../../../src/sources/mysql/connection.js';

describe('mysql connection options', () => {
  it('asks mysql2 for a one-entry statement cache: nothing is prepared, and its default allocates 0.5 MB per connection', () => {
    assert.equal(driverOptions({}).maxPreparedStatements, 1);
  });

  it('connects by socket when one is given, else by host and port; big numbers as strings; TLS as configured', () => {
    assert.deepEqual(driverOptions({ host: 'db1', port: 3307, user: 'u', password: 'p', connectTimeoutMs: 1500 }), {
      host: 'db1', port: 3307, user: 'u', password: 'p', connectTimeout: 1500, supportBigNumbers: true, bigNumberStrings: true,
      maxPreparedStatements: 1,
    });
    const bySocket = driverOptions({ socket: '/run/mysqld/mysqld.sock', host: 'ignored', tls: { ca: 'CA', verifyServer: false } });
    assert.equal(bySocket.socketPath, '/run/mysqld/mysqld.sock');
    assert.equal(bySocket.host, undefined);
    assert.deepEqual(bySocket.ssl, { ca: 'CA', cert: undefined, key: undefined, rejectUnauthorized: false });
  });
});
