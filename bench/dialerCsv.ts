/**
 * The bench's mapped CSV (issue 18): the clean JSON Lines log rewritten as a dialer would export it —
 * `;`-separated, Windows-1252, CRLF, Spanish column names and words, `Fecha` dd/MM/yyyy and `Hora` on
 * the clock of a `Zona` column (the country's reference zone), amounts with a decimal comma, agent and
 * campaign columns — and the mapping that reads it back into the same attempts.
 */
import { closeSync, createReadStream, openSync, renameSync, writeSync } from 'node:fs';
import { DateTime } from 'luxon';

const CHANNEL: Record<string, string> = {
  call: 'Llamada',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  email: 'Correo',
  letter: 'Carta',
  visit: 'Visita',
};
const OUTCOME: Record<string, string> = {
  connected: 'Contestó',
  no_answer: 'No contesta',
  voicemail: 'Buzón',
  busy: 'Ocupado',
  delivered: 'Entregado',
  failed: 'Fallido',
};
const ZONE: Record<string, string> = { CO: 'America/Bogota', MX: 'America/Mexico_City', ES: 'Europe/Madrid' };
const invert = (o: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
const yesNo = { Sí: true, No: false };

/** Column → the contract field it holds (or a dimension), in the export's order. */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['ID Gestión', 'id'],
  ['Cédula', 'debtorId'],
  ['Acreedor', 'creditorId'],
  ['Tipo Acreedor', 'creditorType'],
  ['Fecha', 'at.date'],
  ['Hora', 'at.time'],
  ['Zona', 'zone'],
  ['Canal', 'channel'],
  ['Resultado', 'outcome'],
  ['País', 'jurisdiction.country'],
  ['Región', 'jurisdiction.region'],
  ['Rol', 'recipient.role'],
  ['Teléfono', 'recipient.phone'],
  ['Edad', 'recipient.ageGroup'],
  ['Verificado', 'recipient.identityVerified'],
  ['Revela Deuda', 'content.disclosesDebt'],
  ['Identifica Gestor', 'content.identifiesCollector'],
  ['Aviso IA', 'content.aiDisclosed'],
  ['Agente IA', 'agent'],
  ['Fecha Vencimiento', 'debt.dueDate'],
  ['Saldo', 'debt.amount'],
  ['Moneda', 'debt.currency'],
  ['Producto', 'debt.product'],
  ['Disputa', 'debt.disputed'],
  ['Canales Autorizados', 'debtor.authorizedChannels'],
  ['Canales Excluidos', 'debtor.optedOutChannels'],
  ['Abogado', 'debtor.representedByAttorney'],
  ['Fallecido', 'debtor.deceased'],
  ['Insolvencia', 'debtor.insolvencyProceeding'],
  ['Agente', 'dimension.agent'],
  ['Campaña', 'dimension.campaign'],
];
const BOOLEAN = new Set([
  'recipient.identityVerified',
  'content.disclosesDebt',
  'content.identifiesCollector',
  'content.aiDisclosed',
  'debt.disputed',
  'debtor.representedByAttorney',
  'debtor.deceased',
  'debtor.insolvencyProceeding',
]);

export const dialerMapping = {
  csv: { delimiter: ';', encoding: 'windows-1252', decimalComma: true },
  timeZone: { column: 'Zona' },
  fields: {
    ...Object.fromEntries(
      COLUMNS.filter(([, f]) => !f.includes('at.') && f !== 'zone' && !f.startsWith('dimension.')).map(([c, f]) => [
        f,
        BOOLEAN.has(f)
          ? { column: c, values: yesNo }
          : f === 'channel'
            ? { column: c, values: invert(CHANNEL) }
            : f === 'outcome'
              ? { column: c, values: invert(OUTCOME) }
              : f === 'debtor.authorizedChannels' || f === 'debtor.optedOutChannels'
                ? { column: c, values: invert(CHANNEL) }
                : f === 'debt.dueDate'
                  ? { column: c, format: 'dd/MM/yyyy' }
                  : c,
      ]),
    ),
    at: { date: 'Fecha', time: 'Hora', format: 'dd/MM/yyyy HH:mm:ss' },
  },
  dimensions: { agent: 'Agente', campaign: 'Campaña' },
};

function get(o: Record<string, unknown>, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.'))
    v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

function cell(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One record as the export's row (the same attempt once read through `dialerMapping`), or undefined when it is not a record. */
function rowOf(line: string, n: number): string | undefined {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const country = get(r, 'jurisdiction.country') as string;
  const zone = ZONE[country] ?? 'UTC';
  const at = DateTime.fromISO(String(r['at']), { setZone: true }).setZone(zone);
  return COLUMNS.map(([, f]) => {
    if (f === 'at.date') return at.toFormat('dd/MM/yyyy');
    if (f === 'at.time') return at.toFormat('HH:mm:ss');
    if (f === 'zone') return zone;
    if (f === 'dimension.agent') return `Agente ${n % 37}`;
    if (f === 'dimension.campaign') return `Mora ${30 * (1 + (n % 3))}`;
    const v = get(r, f);
    if (v === undefined || v === null) return '';
    if (BOOLEAN.has(f)) return v ? 'Sí' : 'No';
    if (f === 'channel') return CHANNEL[v as string] ?? String(v);
    if (f === 'outcome') return OUTCOME[v as string] ?? String(v);
    if (Array.isArray(v)) return cell(v.map((c) => CHANNEL[c as string] ?? String(c)).join('|'));
    if (f === 'debt.dueDate') return `${String(v).slice(8, 10)}/${String(v).slice(5, 7)}/${String(v).slice(0, 4)}`;
    if (f === 'debt.amount')
      return (v as number).toLocaleString('es-ES', { minimumFractionDigits: 2, useGrouping: 'always' } as never);
    return cell(String(v));
  }).join(';');
}

/** Write the export of a JSON Lines log (records only: a line that is not JSON has no row). */
export async function writeDialerCsv(jsonl: string, csv: string): Promise<void> {
  const fd = openSync(`${csv}.tmp`, 'w');
  writeSync(fd, Buffer.from(`${COLUMNS.map(([c]) => c).join(';')}\r\n`, 'latin1'));
  let rest = '';
  let n = 0;
  let out: string[] = [];
  const flush = (): void => {
    writeSync(fd, Buffer.from(out.join(''), 'latin1'));
    out = [];
  };
  for await (const chunk of createReadStream(jsonl, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      const row = l.trim() === '' ? undefined : rowOf(l, n++);
      if (row !== undefined) out.push(row, '\r\n');
    }
    if (out.length > 20_000) flush();
  }
  if (rest.trim() !== '') {
    const row = rowOf(rest, n);
    if (row !== undefined) out.push(row, '\r\n');
  }
  flush();
  closeSync(fd);
  renameSync(`${csv}.tmp`, csv);
}
