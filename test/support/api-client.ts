/** A small HTTP client for the API, as a hospital system or the web app would call it. */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async post<T = Record<string, unknown>>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    return this.send<T>('POST', path, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  }

  /** A body of bytes, e.g. a hospital e-message as application/xml. */
  async postBytes<T = Record<string, unknown>>(path: string, body: Buffer, contentType: string): Promise<ApiAnswer<T>> {
    return this.send<T>('POST', path, body, { 'content-type': contentType });
  }

  async get<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    return this.send<T>('GET', path, undefined, headers);
  }

  async send<T>(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${this.token}`, ...headers },
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
