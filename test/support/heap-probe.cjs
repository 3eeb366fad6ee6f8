// Preloaded into a language server under test (`node --expose-gc --require <this file>`): on
// SIGUSR2 it collects all garbage and reports the live heap on stderr, so a test can tell memory
// the server still holds from memory V8 has not returned to the system.
process.on('SIGUSR2', () => {
  global.gc();
  process.stderr.write(`heap-probe ${process.memoryUsage().heapUsed}\n`);
});
