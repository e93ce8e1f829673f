/** Starts bench/receiver.ts in its own process (its CPU is not the agent's) and asks it how many points it has. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Loopback {
  readonly url: string;
  readonly pid: number;
  /** Datapoints accepted so far. */
  received(): Promise<number>;
  stop(): void;
}

export async function startLoopbackReceiver(): Promise<Loopback> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('receiver.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid ?? 0,
    async received() {
      const answer = await fetch(`${url}/count`);
      return Number(await answer.text());
    },
    stop: () => child.kill('SIGTERM'),
  };
}
