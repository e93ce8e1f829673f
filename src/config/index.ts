/** The configuration surface the CLI and the pipeline use. */
export type { AgentConfig, ConfiguredSource, LogLevel, SinkKind } from './agent.js';
export { describeConfig } from './describe.js';
export { renderExampleConfig } from './example.js';
export { DEFAULT_CONFIG_FILE, RS_COLLECTOR_TABLES, embeddedDefault, loadConfig, type LoadedConfig, type LoadOptions }
  from './load.js';
export { ConfigError, registerTable, type RegisteredTable, type SourceTable } from '../table.js';
export { renderConfigReference } from './reference.js';
