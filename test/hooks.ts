/** Root hooks: every real server a test started is stopped once the whole run is over. */
import { killRecordedPids, stopAll } from './servers/harness.js';

export const mochaHooks = {
  beforeAll(): void {
    killRecordedPids();
  },
  async afterAll(): Promise<void> {
    await stopAll();
  },
};
