// This layer has no public surface yet; see docs/architecture.md for what it will hold.
export {};
