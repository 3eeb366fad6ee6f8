/** Resident memory of another process, read from outside it (Linux `/proc`; undefined elsewhere). */
import { readFileSync } from 'node:fs';

export function residentMB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
