// This layer has no public surface yet; see ARCHITECTURE.md for what it will hold.
export {};
