import createClient, { type Middleware } from 'openapi-fetch';
import { currentToken, signOut } from '../auth/session';
import { ApiError, toProblem } from './problem';
import type { paths } from './schema';

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

/** The typed API client (paths and bodies generated from the OpenAPI document). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The answer's data, or an ApiError carrying the problem+json. */
export const unwrap = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(toProblem(response.status, error));
  return data as T;
};

/** A GET whose answer the OpenAPI document does not describe yet: typed by the shared domain type instead. */
export const getJson = async <T>(path: string, query: Record<string, string | undefined> = {}): Promise<{ body: T; etag: string | null }> => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const search = params.size ? `?${params.toString()}` : '';
  const token = currentToken();
  const response = await fetch(`${path}${search}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401) signOut();
  const body: unknown = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(toProblem(response.status, body));
  return { body: body as T, etag: response.headers.get('etag') };
};

/** The revision an ETag `"<revision>"` carries. */
export const revisionOf = (etag: string | null): number | null => {
  const match = etag?.match(/^(?:W\/)?"(\d+)"$/);
  return match ? Number(match[1]) : null;
};
