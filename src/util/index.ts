export { ERROR_CATALOG, type ErrorCode, type ErrorSpec } from './error-catalog.js';
export { OmniError, isOmniError, messageOf, type ErrorDetails } from './omni-error.js';
export { assertNever } from './assert-never.js';
export { parseStoreUri, formatStoreUri, isLocalLocation, type StoreLocation } from './store-uri.js';
export { withRetry, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { KeyedMutex } from './keyed-mutex.js';
