export type {
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutMode,
  RequestCounts,
  RequestKind,
  StoredObject,
} from './object-store.js';
export { listAll, MAX_LIST_PAGE, PutModes } from './object-store.js';
export { openObjectStore, objectStoreFor } from './open-object-store.js';
export { FileObjectStore } from './file-object-store.js';
export { MemoryObjectStore } from './memory-object-store.js';
export { S3ObjectStore } from './s3-object-store.js';
export { requestsBetween, totalRequests } from './request-counter.js';
export {
  readJson,
  parseStoredJson,
  corruptObject,
  type JsonShape,
  readJsonIfExists,
  writeJson,
  encodeJson,
  type JsonObject,
} from './json-object.js';
