/** `--list`: every collector this build has, one line each — table, on/off in the loaded configuration, what it reads. */
import type { AgentConfig } from './agent.js';
import type { RegisteredTable } from '../table.js';

export function renderCollectorList(tables: readonly RegisteredTable[], config: AgentConfig): string {
  const rows = tables.map((table) => {
    const count = config.sources.filter((source) => source.table === table.table).length;
    const state = count === 0 ? 'off' : count === 1 ? 'on' : `on (${count})`;
    return [table.many ? `[[${table.table}]]` : `[${table.table}]`, state, table.summary];
  });
  rows.push(['internal', 'on', 'The agent itself: rx-collector.* and rs-collector\'s three internal metrics (always on).']);
  const width = (column: number): number => Math.max(...rows.map((row) => row[column]?.length ?? 0));
  return `${rows.map(([name = '', state = '', summary = '']) =>
    `${name.padEnd(width(0))}  ${state.padEnd(width(1))}  ${summary}`).join('\n')}\n`;
}
