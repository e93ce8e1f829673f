/**
 * What `npm pack` ships (listed with --dry-run on the tree as `npm test` built it; from a clean clone the prepack
 * script builds dist first): the built code with source maps that point at shipped sources, the LICENSE, the
 * project's links, and nothing of the tests, the packaging or the benchmarks. The database drivers are optional peers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  repository?: { url?: string };
  homepage?: string;
  bugs?: { url?: string };
}

describe('the npm package', function () {
  this.timeout(120_000);
  let files: string[];
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

  before(() => {
    const listing = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]?.files.map((file) => file.path) ?? [];
  });

  it('is built before it is packed, and names its repository, homepage and issue tracker', () => {
    assert.match(manifest.scripts.prepack ?? '', /npm run build/);
    assert.match(manifest.repository?.url ?? '', /^git\+https:\/\//);
    assert.match(manifest.homepage ?? '', /^https:\/\//);
    assert.match(manifest.bugs?.url ?? '', /^https:\/\//);
  });

  it('ships the built code, its sources, the LICENSE and the README, and nothing else', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts']) {
      assert.ok(files.includes(file), `${file} is shipped`);
    }
    const unexpected = files.filter((file) => !/^(dist|src|config)\//.test(file) && !['LICENSE', 'README.md', 'package.json'].includes(file));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(files.filter((file) => /^(test|debian|bench|scripts|ansible|build|node_modules)\//.test(file)), []);
  });

  it('every source map points at a source file that is shipped too, and every built file has its source', () => {
    const shipped = new Set(files);
    const maps = files.filter((file) => file.endsWith('.js.map'));
    assert.ok(maps.length > 10);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(ROOT, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const target = normalize(join(dirname(map), source));
        assert.ok(shipped.has(target), `${map} points at ${target}, which is not shipped`);
      }
    }
    // dist/cli.js and dist/cli-chunks/ are the command's bundle (scripts/bundle.ts), made of src/cli.ts and what it imports
    const chunks = files.filter((file) => file.startsWith('dist/cli-chunks/'));
    assert.ok(chunks.some((file) => /^dist\/cli-chunks\/netdev-\w+\.js$/.test(file)), 'the bundle\'s chunks are shipped');
    const stale = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js') && !chunks.includes(file))
      .filter((file) => !shipped.has(file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')));
    assert.deepEqual(stale, [], 'built files without a source (a stale dist/)');
  });

  it('has mysql2 and mongodb as optional peers, not as dependencies', () => {
    for (const driver of ['mysql2', 'mongodb']) {
      assert.equal(manifest.dependencies[driver], undefined);
      assert.ok(manifest.peerDependencies[driver] !== undefined);
      assert.equal(manifest.peerDependenciesMeta[driver]?.optional, true);
    }
  });
});
