/** How the language server's Node process is started (shared with the benchmark, which starts it the same way). */

/**
 * V8 flags for the server process. A language server allocates in short bursts (a parse per
 * edit) and holds a steady model in between, so a young generation of a few MB collects just as
 * well as the 32 MB V8 grows it to by default, and the process stays about 20 MB smaller.
 */
export const SERVER_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=4',
  // The server collects its garbage itself after edits of large files and when idle (server/src/lsp/memory.ts).
  '--expose-gc',
];
