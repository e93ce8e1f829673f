/** The configuration surface the CLI and the pipeline use. */
export type { AgentConfig, ConfiguredSource, LogFormat, LogLevel, SinkKind } from './agent.js';
export { describeConfig } from './describe.js';
export { renderExampleConfig } from './example.js';
export { renderCollectorList } from './list.js';
export { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_FILES, RS_COLLECTOR_CONFIG_FILE, RS_COLLECTOR_TABLES, embeddedDefault, loadConfig, type LoadedConfig, type LoadOptions }
  from './load.js';
export { ConfigError, registerTable, type RegisteredTable, type SourceFactory, type SourceTable } from '../table.js';
export { renderConfigReference } from './reference.js';
