// Errors the application services raise; the API turns each kind into its HTTP status.
export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
export class ConflictError extends Error {
  override name = 'ConflictError';
}
/** A dependency (Temporal) did not answer in time: the action may or may not have taken effect (an Update
 * cut off after it was sent can still apply), and trying again may work (503). */
export class ActionUnavailableError extends Error {
  override name = 'ActionUnavailableError';
}
/** The request's credentials (a signature, a key) do not prove who sent it. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}
