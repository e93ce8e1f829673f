export * from './datum.js';
export * from './sources/source.js';
