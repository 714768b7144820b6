// The compiler: the .pg schema language and the .gq query language. Pure: no I/O.
export * from './schema/index.js';
export * from './query/index.js';
