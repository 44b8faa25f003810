// The specs live in test/; this project has no library code.
export {};
