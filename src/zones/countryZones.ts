/**
 * Where a debtor's clock is, country by country: the legal zones, the zones of each region, and what a
 * phone number says. Each country module exports one `CountryZones`.
 */
export interface CountryZones {
  /** Every IANA zone in legal use in the country, primary first. With nothing known, all apply. */
  readonly allZones: readonly string[];
  /** Zones in legal use that are not candidates of their own (same clock as one that is). */
  readonly otherLegalZones: readonly string[];
  /** Candidate zones for a region code without the country prefix (`SON`, `CN`); undefined: unknown. */
  zonesOfRegion(region: string): readonly string[] | undefined;
  /** Candidate zones for a national significant number; undefined: the number says nothing of place. */
  zonesOfNationalNumber(nationalNumber: string): readonly string[] | undefined;
  /**
   * The region (without the country prefix) a national number places the debtor in, for regional
   * holidays; undefined: the number does not say, or the country's holidays are national only.
   */
  regionOfNationalNumber?(nationalNumber: string): string | undefined;
}
