import createClient, { type Middleware } from 'openapi-fetch';
import { currentToken, signOut } from '../auth/session';
import { ApiError, NETWORK_PROBLEM, toProblem } from './problem';
import type { paths } from './schema';
import type { CommandAnswer } from './types';

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) signOut();
    return response;
  },
};

/** `fetch` whose failure to reach the server is an ApiError (status 0) like every other failure, not a TypeError. */
const reach: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch {
    throw new ApiError(NETWORK_PROBLEM);
  }
};

/** The typed API client (paths and bodies generated from the OpenAPI document). */
export const api = createClient<paths>({ baseUrl: '', fetch: (request) => reach(request) });
api.use(auth);

/** The answer's data, or an ApiError carrying the problem+json. */
export const unwrap = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(toProblem(response.status, error));
  return data as T;
};

const send = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) => {
  const token = currentToken();
  const response = await reach(path, {
    method,
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) signOut();
  const answer: unknown = response.headers.get('content-type')?.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(toProblem(response.status, answer));
  return { body: answer, etag: response.headers.get('etag') };
};

/** A GET whose answer the OpenAPI document does not describe yet: typed by the shared domain type instead. */
export const getJson = async <T>(path: string, query: Record<string, string | undefined> = {}): Promise<{ body: T; etag: string | null }> => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const { body, etag } = await send('GET', `${path}${params.size ? `?${params.toString()}` : ''}`, {});
  return { body: body as T, etag };
};

/** One case command with `If-Match`, so a stale edit is refused (412) instead of silently winning. */
export const postCommand = async (caseId: string, path: string, body: Record<string, unknown>, revision: number): Promise<CommandAnswer> =>
  (await send('POST', `/api/v1/cases/${caseId}/${path}`, { 'If-Match': `"${revision}"` }, body)).body as CommandAnswer;

/** The revision an ETag `"<revision>"` carries. */
export const revisionOf = (etag: string | null): number | null => {
  const match = etag?.match(/^(?:W\/)?"(\d+)"$/);
  return match ? Number(match[1]) : null;
};
