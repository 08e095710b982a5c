import type { AuditResult } from './auditTypes.js';
import type { TextSink } from './createFileSink.js';
import { inertJson } from '../_lib/inertJson.js';
import { prettyJson } from './_lib/prettyJson.js';

/**
 * The JSON report (docs/audit.md): the summary's fields, then `rejected` (every rejected line) and
 * `records` (every record with findings, with the decision `check` gives), both in log order, one
 * item per line so the file can be grepped. Written as it is read: memory stays bounded. Bidi and
 * invisible characters are written as `\uXXXX` escapes (`inertJson`): the same values, inert text.
 */
export async function writeAuditJson(result: AuditResult, sink: TextSink): Promise<void> {
  const head = prettyJson(result.summary);
  await sink.write(`${inertJson(head.slice(0, head.lastIndexOf('}')).trimEnd())},\n  "rejected": [`);
  let first = true;
  for await (const r of result.rejections()) {
    await sink.write(`${first ? '\n' : ',\n'}    ${inertJson(JSON.stringify(r))}`);
    first = false;
  }
  await sink.write(`${first ? '' : '\n  '}],\n  "records": [`);
  first = true;
  for await (const json of result.recordsJson()) {
    await sink.write(`${first ? '\n' : ',\n'}    ${inertJson(json)}`);
    first = false;
  }
  await sink.write(`${first ? '' : '\n  '}]\n}\n`);
}
