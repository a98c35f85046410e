/** Errors an operator can act on; the API turns `statusCode` into the response status. */
export class OperatorError extends Error {
  override name = 'OperatorError';
  readonly statusCode: number;
  readonly code: string;
  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const notFound = (message: string) => new OperatorError(404, 'not_found', message);
export const conflict = (message: string) => new OperatorError(409, 'conflict', message);
