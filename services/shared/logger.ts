// What background work (after a request's answer, outside any request) logs through: the subset of
// pino's logger the services use, so they take the process's structured logger without importing it.
export interface BackgroundLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
