import type { Checker } from '../check/createChecker.js';

/** `audit LOG`: placeholder until the audit module lands (issue: audit reports). */
export async function auditCommand(
  _file: string, _checker: Checker, io: { format: string | undefined; out: string | undefined; err: (s: string) => void; out_: (s: string) => void },
): Promise<number> {
  io.err('cobranza-compliance: audit is not available yet\n');
  return 2;
}
