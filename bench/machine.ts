import { cpus, freemem, totalmem } from 'node:os';

/** One line describing the machine, printed with every benchmark. */
export function machineLine(): string {
  const c = cpus();
  return `machine: ${c[0]?.model ?? 'unknown CPU'}, ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}`;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
