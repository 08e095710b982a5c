/** Misuse and bad configuration raise one of these; findings about an attempt are returned, not thrown. */
export class ComplianceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface InputIssue {
  /** Dotted path of the field, e.g. `jurisdiction.country` or `history[2].at`. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** An attempt that does not satisfy the contract. Its message names every bad field. */
export class InputError extends ComplianceError {
  constructor(
    readonly issues: readonly InputIssue[],
    readonly prefix = '',
  ) {
    super('invalid_input', issues.map((i) => `${prefix}${i.path || '(root)'}: ${i.message}`).join('\n'));
  }
}

/** A rule file that is not valid: names the file and the JSON pointer. */
export class RuleConfigError extends ComplianceError {
  constructor(readonly problems: readonly string[]) {
    super('invalid_rules', problems.join('\n'));
  }
}

/** The runtime's time-zone data is too old for the rules to be read on the right clock. */
export class RuntimeDataError extends ComplianceError {
  constructor(message: string) {
    super('stale_runtime_tzdata', message);
  }
}

/** A mapping file that is not valid, or that does not fit the log (a column it names is not there): each problem names its JSON pointer. */
export class MappingError extends ComplianceError {
  constructor(readonly problems: readonly string[]) {
    super('invalid_mapping', problems.join('\n'));
  }
}
