/**
 * The command as one file (`npm run build` runs this after tsc): dist/cli.js, the program `rx-collector` starts, is
 * replaced by an esbuild bundle of src/cli.ts and the libraries it uses. Started from tsc's output, Node opens and
 * compiles some 230 files (rxjs alone is 71 CommonJS files) before the first reading; from one file the first datapoint
 * comes ~40 % sooner (`npm run bench firstDatapoint`). The collectors stay lazily evaluated: esbuild turns their
 * `import('./index.js')` into a function that runs the module only when a configured table first reads.
 *
 * What stays outside: the database drivers (optional peer dependencies, imported only by their collectors, found in
 * node_modules or reported missing by name) and undici (only the Tomcat and Docker collectors import it). The rest of
 * dist/ is tsc's, for programs that import the library.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineVersion } from './esbuildVersion.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTFILE = join(ROOT, 'dist', 'cli.js');

const result = await build({
  entryPoints: [join(ROOT, 'src', 'cli.ts')],
  outfile: OUTFILE,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [inlineVersion(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })],
  external: ['mysql2', 'mongodb', 'undici'],
  // The bundled CommonJS libraries call require() for Node's own modules; an ES module has no require of its own.
  banner: { js: "import { createRequire as __rxCreateRequire } from 'node:module'; const require = __rxCreateRequire(import.meta.url);" },
  metafile: true,
});
// tsc's map describes the file this one replaced; the bundle has none (its code reads as written, comments aside)
rmSync(`${OUTFILE}.map`, { force: true });
process.stdout.write(`${OUTFILE}: ${Object.keys(result.metafile.inputs).length} modules in one file\n`);
