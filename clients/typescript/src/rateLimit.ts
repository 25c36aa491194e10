/**
 * Where the user stands with the rate limiter, from the IETF `RateLimit` and `RateLimit-Policy`
 * headers (`"per-user";r=99;t=1` and `"per-user";q=100;w=60`).
 */
export interface RateLimitState {
  /** The policy's name (`per-user`). */
  policy: string;
  /** Requests left before a 429. */
  remaining: number;
  /** Seconds until the quota is full again. */
  resetSeconds: number;
  /** The quota: requests per window (absent when the policy header is). */
  limit?: number;
  /** The window, in seconds. */
  windowSeconds?: number;
}

/** The parameters of a structured-field list item: `"name";a=1;b=2`. */
function itemOf(value: string | null): { name: string; params: Map<string, number> } | undefined {
  if (value === null) {
    return undefined;
  }
  const first = value.split(',')[0] ?? '';
  const parts = first.split(';').map((part) => part.trim());
  const name = (parts.shift() ?? '').replace(/^"|"$/g, '');
  const params = new Map<string, number>();
  for (const part of parts) {
    const [key, raw] = part.split('=');
    const number = Number(raw);
    if (key && raw !== undefined && Number.isFinite(number)) {
      params.set(key, number);
    }
  }
  return { name, params };
}

export function rateLimitOf(headers: Headers): RateLimitState | undefined {
  const state = itemOf(headers.get('RateLimit'));
  const remaining = state?.params.get('r');
  if (state === undefined || remaining === undefined) {
    return undefined;
  }
  const policy = itemOf(headers.get('RateLimit-Policy'));
  const matching = policy !== undefined && policy.name === state.name;
  return {
    policy: state.name,
    remaining,
    resetSeconds: state.params.get('t') ?? 0,
    ...(matching && policy.params.has('q') ? { limit: policy.params.get('q') } : {}),
    ...(matching && policy.params.has('w') ? { windowSeconds: policy.params.get('w') } : {}),
  };
}
