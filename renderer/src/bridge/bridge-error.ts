// The error the HTTP bridge rejects with: the server's code and sentence, unchanged.

export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
