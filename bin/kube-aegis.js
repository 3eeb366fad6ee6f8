#!/usr/bin/env node
'use strict';
// `kube-aegis lsp` starts the language server; every other command is the scanner.
const command = process.argv[2];
if (command === 'lsp') {
  require('../dist/server.js');
} else {
  require('../dist/cli.js')
    .main(process.argv.slice(2))
    .then((code) => { process.exitCode = code; }, (error) => {
      process.stderr.write(`kube-aegis: internal error: ${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 2;
    });
}
