/**
 * Whether a directory can hold the spool, found without changing anything (so `--check` can ask too): it must be a
 * directory, or one that can be made under the nearest existing parent, on a real, writable file system. A pseudo
 * file system (/proc, /sys) would take the writes and lose them, or spin.
 */
import { accessSync, constants, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** statfs(2) magic numbers of file systems that cannot hold files. */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'], [0x62656572, 'sysfs'], [0x64626720, 'debugfs'], [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'], [0x63677270, 'cgroup2'], [0x1cd1, 'devpts'], [0x6e736673, 'nsfs'], [0xcafe4a11, 'bpf'],
]);

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

/** What is wrong with `dir` as a spool directory, or undefined when it can be used. */
export function spoolDirProblem(dir: string): string | undefined {
  const wanted = resolve(dir);
  let existing = wanted;
  let stats: Stats | undefined;
  for (;;) {
    try {
      stats = statSync(existing);
      break;
    } catch (error) {
      if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') return `cannot be inspected (${code(error)})`;
      if (dirname(existing) === existing) return 'cannot be created: no existing parent';
      existing = dirname(existing);
    }
  }
  const missing = existing !== wanted;
  if (!stats.isDirectory()) {
    return missing ? `cannot be created: ${existing} is not a directory` : 'is not a directory';
  }
  const pseudo = PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(existing).type));
  if (pseudo !== undefined) return `is on ${pseudo}, a pseudo file system that cannot hold a spool`;
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (code(error) === 'EROFS') return `is on a read-only file system${missing ? ` (${existing})` : ''}`;
    return missing ? `cannot be created: no write permission in ${existing} (${code(error)})`
      : `is not writable (${code(error)})`;
  }
  return undefined;
}
