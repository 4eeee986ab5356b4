/**
 * Settings of the scheduled Lambdas (maintenance, sweeper), read once at cold start: a function deployed with
 * a bad setting fails its cold start with the setting's name. (The API Lambda's are a Zod schema, see
 * lambda/api/environment.ts.)
 */
export function requiredSetting(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`Invalid environment: ${name} is required`);
  return value;
}

/** A number of seconds, 0 or more; `fallback` when unset. */
export function secondsSetting(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`Invalid environment: ${name} must be a number of seconds, not '${env[name]}'`);
  }
  return value;
}
