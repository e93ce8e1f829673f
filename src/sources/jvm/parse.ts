import type { Parsed } from '../../source.js';

/** One line of `jps -vl`. */
export interface JpsEntry {
  pid: number;
  /** Main class or jar path as jps prints it. */
  mainClass: string;
  /** Everything after the pid: main class and JVM arguments. */
  commandLine: string;
}

/** jps lists itself, and JVMs it cannot attach to with a placeholder instead of a main class. */
export const NOT_A_TARGET = /^(?:\S*sun\.tools\.jps\.Jps|--)$/;

/** Parses `jps -vl` output; lines without a numeric pid are skipped and counted. */
export function parseJps(text: string): Parsed<JpsEntry[]> {
  const entries: JpsEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^\s*(\d+)\s+(\S+)(.*)$/.exec(line);
    const pid = match === null ? NaN : Number(match[1]);
    if (match === null || !Number.isSafeInteger(pid) || pid <= 0) {
      skipped += 1;
      continue;
    }
    const mainClass = match[2] ?? '';
    if (NOT_A_TARGET.test(mainClass)) continue;
    entries.push({ pid, mainClass, commandLine: `${mainClass}${match[3] ?? ''}`.trim() });
  }
  return { value: entries, skipped };
}

/**
 * Parses `jstat -gc` output (a header line and a value line) into column → value. Columns the JDK does not fill
 * (`-`) are absent; other values that are not numbers are skipped and counted.
 */
export function parseJstat(text: string): Parsed<Map<string, number>> {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const values = new Map<string, number>();
  const [header, row] = lines;
  if (header === undefined || row === undefined) return { value: values, skipped: 1 };
  const names = header.trim().split(/\s+/);
  const cells = row.trim().split(/\s+/);
  let skipped = names.length === cells.length ? 0 : 1;
  names.forEach((name, index) => {
    const cell = cells[index];
    if (cell === undefined || cell === '-') return;
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value)) skipped += 1;
    else values.set(name, value);
  });
  return { value: values, skipped };
}
