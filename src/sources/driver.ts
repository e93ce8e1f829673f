/**
 * mysql2 and mongodb are optional peer dependencies of the npm package: a library user who imports one host collector
 * does not install 40 MB of database drivers. The agent (and the .deb, which bundles them) always has both. A
 * collector that needs a driver loads it here, on first use, so a missing one fails that collector alone with a line
 * that says what to install.
 */

/** The driver packages collectors load lazily. */
export type DriverPackage = 'mysql2' | 'mongodb';

/** A driver the collector needs but that is not installed. */
export class MissingDriverError extends Error {
  /** `collectors`: the tables that need it, for the message ("Galera and Mysql"). */
  constructor(readonly driver: string, readonly collectors: string) {
    super(`the npm package "${driver}" (needed by ${collectors}) is not installed: npm install ${driver}`);
    this.name = 'MissingDriverError';
  }
}

/**
 * Runs `load` (a literal `() => import('mysql2')`, so bundlers still see the import) and turns "module not found" for
 * that package into a MissingDriverError; any other failure passes through unchanged.
 */
export async function loadDriver<T>(driver: DriverPackage, collectors: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : '';
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${driver}'`)) {
      throw new MissingDriverError(driver, collectors);
    }
    throw error;
  }
}
