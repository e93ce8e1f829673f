/**
 * The library surface. Each source is also importable on its own path (`rx-collector/sources/netdev`), so a program
 * that needs one collector loads only that one and its driver.
 */
export * from './datum.js';
export * from './source.js';
export * from './operators/index.js';
export type { Sink, SinkStats } from './sinks/sink.js';
export { startPipeline, dontSendMatcher, type Pipeline, type PipelineOptions, type PipelineSource } from './pipeline.js';
export { readings, type ReadingsConfig } from './readings.js';
export { createInternalSource, type AgentStats, type CollectorStats } from './sources/internal/index.js';
export { VERSION } from './version.js';
