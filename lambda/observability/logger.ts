/** The little the handler needs from a logger; AWS Lambda Powertools' Logger and the local endpoint's both fit. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something the code handled but a person should know (a state a service added that we do not map). */
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per entry on stdout/stderr. */
export const jsonLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'INFO', message, ...fields })),
  warn: (message, fields) => console.error(JSON.stringify({ level: 'WARN', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'ERROR', message, ...fields })),
};

/** An error and its causes, for the log only: never sent to a client. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  return {
    error: { name: error.name, message: error.message, stack: error.stack },
    ...(error.cause !== undefined && { cause: describeError(error.cause) }),
  };
}
