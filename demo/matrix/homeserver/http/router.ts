// Routes with path parameters (`:name`, percent-decoded). A route written with
// `/v3/` also answers under `/r0/`, as servers keep the old prefix working.

export interface Match<H> {
  handler: H;
  params: Record<string, string>;
}

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: pattern.split('/'), handler });
    if (pattern.includes('/_matrix/client/v3/'))
      this.routes.push({ method, segments: pattern.replace('/v3/', '/r0/').split('/'), handler });
    return this;
  }

  /** The route for method and path; `allowed` lists other methods when only the method does not match. */
  match(method: string, path: string): { found: Match<H> | null; allowed: string[] } {
    const segments = path.split('/');
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { found: { handler: route.handler, params }, allowed };
      allowed.push(route.method);
    }
    return { found: null, allowed };
  }
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(path[i]!);
      } catch {
        return null;
      }
      if (value === '' && !expected.endsWith('?')) return null;
      params[expected.slice(1).replace(/\?$/, '')] = value;
    } else if (expected !== path[i]) {
      return null;
    }
  }
  return params;
}
