/** The page's reads from its own backend (see ../contract.ts). */
import type { ApiFailure, History, Overview, SearchResult } from '../contract';

function isFailure(body: unknown): body is ApiFailure {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string';
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new Error('The dashboard server did not answer. Is it still running?');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error(`The dashboard server answered HTTP ${response.status} without data.`);
  }
  if (!response.ok) throw new Error(isFailure(body) ? body.error : `HTTP ${response.status}`);
  // Our own backend, serving contract.ts.
  return body as T;
}

export const fetchOverview = () => getJson<Overview>('/dashboard/api/overview');

export const fetchHistory = (stream: string, task: string) =>
  getJson<History>(`/dashboard/api/history?${new URLSearchParams({ stream, task })}`);

export const fetchSearch = (query: string) =>
  getJson<SearchResult>(`/dashboard/api/search?${new URLSearchParams({ q: query })}`);
