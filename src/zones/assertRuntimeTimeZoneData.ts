import { IANAZone } from 'luxon';
import { RuntimeDataError } from '../errors.js';

let checked = false;

/**
 * A runtime with tz data older than 2022g reads Mexico an hour off (DST still on America/Mexico_City,
 * no America/Ciudad_Juarez): every Mexican check would be wrong. Refuse to start instead (mexico.md §3.3).
 */
export function assertRuntimeTimeZoneData(): void {
  if (checked) return;
  if (!IANAZone.isValidZone('America/Ciudad_Juarez')) {
    throw new RuntimeDataError(
      `this runtime's time-zone data (tz ${process.versions.tz ?? 'unknown'}) does not know America/Ciudad_Juarez (tzdata 2022g, Nov 2022): upgrade Node.js or its ICU data`,
    );
  }
  const july = IANAZone.create('America/Mexico_City').offset(Date.UTC(2026, 6, 1, 12));
  const january = IANAZone.create('America/Mexico_City').offset(Date.UTC(2026, 0, 15, 12));
  if (july !== -360 || january !== -360) {
    throw new RuntimeDataError(
      `this runtime's time-zone data (tz ${process.versions.tz ?? 'unknown'}) still applies daylight saving to America/Mexico_City in 2026 (abolished by the Ley de los Husos Horarios, DOF 28 Oct 2022): upgrade Node.js or its ICU data`,
    );
  }
  checked = true;
}
