// User-facing errors, kept free of any schema library so worker threads and
// low-level engine modules can load them cheaply.

export type ErrorCode =
  | 'bad-arguments'
  | 'unknown-method'
  | 'not-found'
  | 'no-library'
  | 'not-sqlite'
  | 'locked'
  | 'busy'
  | 'ambiguous'
  | 'cancelled'
  | 'io'
  | 'corrupt'
  | 'not-applicable'
  /** A transport refused the caller (wrong token, foreign host or origin, untrusted window). */
  | 'forbidden'
  | 'internal';

/** An error whose message is a sentence meant for the user. Serialised as {code, message} across transports. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}
