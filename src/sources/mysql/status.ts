/**
 * What `SHOW STATUS` gives both MySQL-protocol collectors (Mysql, Galera): rows of name and text value, and the one
 * number grammar they read those values with.
 */

/** One row of `SHOW STATUS` as mysql2 returns it. */
export interface StatusRow {
  Variable_name: string;
  Value: string | null;
}

/** Unsigned 64-bit fields print -1 as 2^64 − 1; sending 1.8e19 would wreck every graph. */
const UINT64_MAX = '18446744073709551615';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A decimal status value as text → its number (2^64 − 1 → -1); anything else (text, empty, NULL) → undefined. */
export function parseStatusNumber(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === UINT64_MAX) return -1;
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
