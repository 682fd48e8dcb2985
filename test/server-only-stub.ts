// Empty stand-in for the `server-only` marker package in Node-based tests and scripts.
export {};
