// The bench server's CPU time and peak memory, read by the bench driver from /proc (Linux): what
// the server spent, whatever process generated the load.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * utime + stime, in clock ticks: fields 14 and 15 of /proc/<pid>/stat (proc(5)). They are counted
 * after the command name's closing parenthesis, since the name itself may hold spaces or parentheses.
 */
export function cpuTicksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error('/proc/<pid>/stat has no utime and stime');
  return ticks;
}

/** VmHWM of /proc/<pid>/status (peak resident set size), in kB; undefined when the line is missing. */
export function peakRssKbOf(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** One process seen through /proc. */
export class ProcessGauge {
  constructor(private readonly pid: number) {}

  /** CPU seconds (user and system, every thread) used since the process started. */
  cpuSeconds(): number {
    return cpuTicksOf(fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8')) / clockTicksPerSecond();
  }

  peakRssMb(): number | undefined {
    const kb = peakRssKbOf(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return kb === undefined ? undefined : kb / 1024;
  }

  /**
   * Sets VmHWM back to the present RSS (writing 5 to clear_refs, Linux 4.0 and later), so the next
   * peak read is the peak of one measurement; false when the kernel refuses, and the peak is the process's.
   */
  resetPeakRss(): boolean {
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }
}
