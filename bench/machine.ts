import { readdirSync, readFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';

/** One line describing the machine, printed with every benchmark. */
export function machineLine(): string {
  const c = cpus();
  return `machine: ${c[0]?.model ?? 'unknown CPU'}, ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}`;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * CPU time (user + system, ms) of each process of a local PostgreSQL server (the postmaster and its children),
 * from /proc (clock ticks of 10 ms); a process that ended meanwhile is left out.
 */
export function serverCpu(postmaster: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(d) === postmaster || Number(f[1]) === postmaster)
        out.set(Number(d), ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {
      // ended meanwhile
    }
  }
  return out;
}
