/** A worker thread of the CLI throughput benchmark: scans the files it is sent and reports the count of findings. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { scanText } from '../../server/src/cli/scan.js';
import { DEFAULT_CONFIG } from '../../server/src/engine/index.js';

let findings = 0;
for (const file of workerData.files as string[]) {
  const text = readFileSync(file, 'utf8');
  findings += scanText(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, DEFAULT_CONFIG).findings.length;
}
parentPort!.postMessage(findings);
