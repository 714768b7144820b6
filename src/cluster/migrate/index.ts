// Moving a cluster to another storage root (file ↔ S3), resumably, with the ledger as cutover.
export { migrateStorage, type MigrateStorageOptions } from './migrate-storage.js';
export type { LedgerOutcome, MigrateStorageOutput } from './migrate-output.js';
