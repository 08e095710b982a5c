import type { AuditProgress } from '../audit/auditTypes.js';

export interface ProgressBar {
  update(p: AuditProgress): void;
  /** Erase the bar (the terminal line is left clean for what follows). */
  done(): void;
}

/**
 * A one-line progress bar for a terminal: redrawn in place with `\r`, at most ten times a second.
 * The CLI creates it only when stderr is a TTY; otherwise an audit prints nothing while it runs.
 */
export function createProgressBar(
  write: (s: string) => void,
  columns = 80,
  clock: () => number = Date.now,
): ProgressBar {
  let last = 0;
  let drawn = false;
  let phase: AuditProgress['phase'] | undefined;
  let phaseStart = 0;
  return {
    update(p) {
      const now = clock();
      if (p.phase !== phase) {
        phase = p.phase;
        phaseStart = now;
      } else if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const label = p.phase === 'read' ? 'reading' : 'judging';
      const frac = p.total ? Math.min(1, p.done / p.total) : undefined;
      const amount =
        p.unit === 'bytes'
          ? `${mb(p.done)}${p.total !== undefined ? ` / ${mb(p.total)}` : ''} MB`
          : `${int(p.done)}${p.total !== undefined ? ` / ${int(p.total)}` : ''} records`;
      const secs = (now - phaseStart) / 1000;
      const rate = secs > 0.5 && p.unit === 'records' ? ` · ${int(p.done / secs)}/s` : '';
      const eta =
        frac !== undefined && frac > 0.02 && secs > 1 && frac < 1
          ? ` · ${duration((secs * (1 - frac)) / frac)} left`
          : '';
      const tail = `${frac !== undefined ? `${String(Math.floor(frac * 100)).padStart(3)}%` : ''}  ${amount}${rate}${eta}`;
      // A steady width (room left for the longest tail), so the bar does not jump as the tail grows.
      const width = Math.max(10, Math.min(30, columns - label.length - 62));
      const filled = frac === undefined ? 0 : Math.round(frac * width);
      write(`\r${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${tail}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

function int(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
