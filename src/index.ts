/**
 * The library surface. Each source is also importable on its own path (`rx-collector/sources/netdev`), so a program
 * that needs one collector loads only that one and its driver.
 */
export * from './datum.js';
export * from './source.js';
export * from './operators/index.js';
export type { Sink } from './sinks/sink.js';
export { startPipeline, dropMetricsMatcher, type Pipeline, type PipelineGlobals, type PipelineOptions, type PipelineSource } from './pipeline.js';
export { readings, type ReadingsConfig } from './readings.js';
export { createInternalSource } from './sources/internal/index.js';
export type { AgentStats, CollectorStats, SinkStats } from './stats.js';
export { VERSION } from './version.js';
export { ConfigError, registerTable, type RegisteredTable, type SourceFactory, type SourceTable } from './table.js';
export { SOURCE_TABLES } from './sources/registry.js';
export { loadConfig, type AgentConfig, type ConfiguredSource, type LoadedConfig, type LoadOptions } from './config/index.js';
export { startAgent, type Agent, type AgentOptions } from './agent.js';
