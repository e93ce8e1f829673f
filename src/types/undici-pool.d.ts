/**
 * undici's Pool on its own. Its index loads all of undici (fetch, WebSocket, caches, mock agents): about 21 MiB of
 * RSS and 200 ms at start; the pool alone is about 13 MiB and 70 ms (bench/footprint.bench.ts). The path has been
 * undici's since 5.x and test/sinks/transport.test.ts checks that it is undici's own Pool.
 */
declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici';

  export default Pool;
}
