/**
 * The self-contained agent (`npm run sea`): src/cli.ts bundled by esbuild into one CommonJS file with every dependency
 * in it (the drivers stay lazily evaluated: esbuild turns `import('mysql2')` into a call that runs the module only
 * when a MySQL collector starts), made into a Node single executable application: the blob injected with postject
 * into a stripped copy of the node binary that runs this script. The result, build/sea/rx-collector, needs only libc and
 * libstdc++ on the host.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineVersion } from './esbuildVersion.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'build', 'sea');
const BUNDLE = join(OUT, 'rx-collector.cjs');
const BLOB = join(OUT, 'rx-collector.blob');
const BINARY = join(OUT, 'rx-collector');
/** The fuse Node's SEA loader looks for; postject flips it when it injects the blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const result = await build({
  entryPoints: [join(ROOT, 'src', 'cli.ts')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [inlineVersion({ version })],
  // The MongoDB driver's optional extras (Kerberos, compression, client-side encryption, cloud credentials): it
  // requires each inside a try and reports a clear error when a configuration asks for one that is not there.
  external: ['kerberos', '@mongodb-js/zstd', 'snappy', 'mongodb-client-encryption', '@aws-sdk/credential-providers',
    'gcp-metadata', 'socks', 'aws4'],
  metafile: true,
});
// SEA runs the main script as CommonJS code, where a `#!` line is a syntax error.
writeFileSync(BUNDLE, readFileSync(BUNDLE, 'utf8').replace(/^#!.*\n/, ''));

writeFileSync(join(OUT, 'sea-config.json'), JSON.stringify({
  main: BUNDLE,
  output: BLOB,
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
}));
execFileSync(process.execPath, ['--experimental-sea-config', join(OUT, 'sea-config.json')], { stdio: 'inherit' });

if (!readFileSync(process.execPath).includes(`${SEA_FUSE}:0`)) {
  throw new Error(`${process.execPath} has no SEA fuse: it cannot become a single executable application`);
}
copyFileSync(process.execPath, BINARY);
chmodSync(BINARY, 0o755);
// Node's binary comes with its debug information (~10 MB). Stripping must happen before the blob goes in: a strip
// after injection rewrites the segment the blob sits in and the executable crashes at start.
execFileSync('strip', ['--strip-all', BINARY]);
execFileSync(join(ROOT, 'node_modules', '.bin', 'postject'),
  [BINARY, 'NODE_SEA_BLOB', BLOB, '--sentinel-fuse', SEA_FUSE], { stdio: ['ignore', 'ignore', 'inherit'] });

const bundled = Object.keys(result.metafile.inputs).length;
process.stdout.write(`${BINARY} (${version}, ${bundled} modules bundled)\n`);
