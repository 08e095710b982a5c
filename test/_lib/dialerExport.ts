/**
 * A Colombian agency's dialer export as Excel writes it (issue 18): `;`-separated, Windows-1252, CRLF,
 * `Fecha` dd/mm/yyyy and `Hora` in local time, national phone numbers, Spanish channel and result
 * names, agent and campaign columns, a column no field reads, no consent or identity column. And the
 * mapping of the issue, exactly as written there.
 */

export const exampleMapping = {
  csv: { delimiter: ';', encoding: 'windows-1252', decimalComma: true },
  timeZone: 'America/Bogota',
  fields: {
    id: 'ID Gestión',
    debtorId: 'Cédula',
    at: { date: 'Fecha', time: 'Hora', format: 'dd/MM/yyyy HH:mm:ss' },
    channel: { column: 'Canal', values: { Llamada: 'call', WhatsApp: 'whatsapp', SMS: 'sms', Correo: 'email' } },
    outcome: {
      column: 'Resultado',
      values: {
        Contestó: 'connected',
        'No contesta': 'no_answer',
        Buzón: 'voicemail',
        Ocupado: 'busy',
        Entregado: 'delivered',
        Fallido: 'failed',
      },
    },
    'recipient.phone': { column: 'Teléfono', defaultCountry: 'CO' },
    'recipient.role': { value: 'debtor' },
    'jurisdiction.country': { value: 'CO' },
    'debt.dueDate': { column: 'Fecha Vencimiento', format: 'dd/MM/yyyy' },
    'debt.amount': 'Saldo',
  },
  dimensions: { agent: 'Agente', campaign: 'Campaña' },
} as const;

export const exportHeader = [
  'ID Gestión',
  'Cédula',
  'Fecha',
  'Hora',
  'Canal',
  'Resultado',
  'Teléfono',
  'Fecha Vencimiento',
  'Saldo',
  'Agente',
  'Campaña',
  'Observaciones',
];

export interface ExportRow {
  readonly id: string;
  readonly cedula: string;
  readonly fecha: string;
  readonly hora: string;
  readonly canal: string;
  readonly resultado: string;
  readonly telefono: string;
  readonly vence: string;
  readonly saldo: string;
  readonly agente: string;
  readonly campana: string;
  readonly nota?: string;
}

/** The rows as the CSV text (`;`, CRLF; a cell with `;` or a quote quoted). */
export function exportText(rows: readonly ExportRow[], delimiter = ';'): string {
  const cell = (s: string): string => (/[;"\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    exportHeader.join(delimiter),
    ...rows.map((r) =>
      [
        r.id,
        r.cedula,
        r.fecha,
        r.hora,
        r.canal,
        r.resultado,
        r.telefono,
        r.vence,
        r.saldo,
        r.agente,
        r.campana,
        r.nota ?? '',
      ]
        .map(cell)
        .join(delimiter),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The export's bytes in Windows-1252 (every character used here is in Latin-1, where the two agree). */
export function windows1252(text: string): Buffer {
  if (/[^\x00-\xff]/.test(text)) throw new Error('a character outside Latin-1 in the test export');
  return Buffer.from(text, 'latin1');
}

/** A clean row of the export: a call on Wednesday 4 March 2026 at 10:15 Bogotá, answered. */
export function row(overrides: Partial<ExportRow> = {}): ExportRow {
  return {
    id: 'G-1',
    cedula: '79123456',
    fecha: '04/03/2026',
    hora: '10:15:00',
    canal: 'Llamada',
    resultado: 'Contestó',
    telefono: '300 123 4567',
    vence: '15/01/2026',
    saldo: '1.234.567,89',
    agente: 'Ana Pérez',
    campana: 'Mora 30',
    nota: 'cliente pide llamar después; "urgente"',
    ...overrides,
  };
}
