/**
 * Settings of the scheduled Lambdas (maintenance, sweeper), read once at cold start: a function deployed with
 * a bad setting fails its cold start with the setting's name. (The API Lambda's are a Zod schema, see
 * lambda/api/environment.ts.)
 */
import { DEFAULT_LEASE_SHARDS, MAX_LEASE_SHARDS } from './store/staleness-store';

export function requiredSetting(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`Invalid environment: ${name} is required`);
  return value;
}

/** The lease shard count (MGH_LEASE_SHARDS), the same setting for the API Lambda and the sweeper. */
export function leaseShardsSetting(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MGH_LEASE_SHARDS;
  if (raw === undefined || raw === '') return DEFAULT_LEASE_SHARDS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_LEASE_SHARDS) {
    throw new Error(
      `Invalid environment: MGH_LEASE_SHARDS must be a whole number from 1 to ${MAX_LEASE_SHARDS}, not '${raw}'`,
    );
  }
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
