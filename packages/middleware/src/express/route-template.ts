import { IncomingMessage } from 'node:http';
import { UNMATCHED_ROUTE } from '@obskit/catalog';

/** Where the accessors keep the request's {@link RouteTracking}. */
const kTracking = Symbol('obskit.routeTracking');

interface Mount {
  readonly url: string;
  readonly template: string;
}

interface RouteLike {
  path?: unknown;
}

/**
 * What Express assigned to `req.baseUrl` and `req.route`, and the route template they add up to.
 * The accessors keep it in one symbol property that takes the place of Express's own `baseUrl` and
 * `route` properties. Express 5 gives every request a new prototype (`Object.setPrototypeOf`), after
 * which each property added to it makes a new hidden class and every property read from it misses
 * V8's inline caches; so the state lives in this object, and the request gets no property that it
 * would not have had anyway.
 */
class RouteTracking {
  /** What Express last assigned to `req.baseUrl`. */
  base: unknown;
  /** What Express last assigned to `req.route`. */
  current: RouteLike | undefined = undefined;
  /** Base URLs entered below the root, each with its template; created at the first mount. */
  mounts: Mount[] | undefined = undefined;
  /** The last route that matched, and the template of the base URL it matched under. */
  route: RouteLike | undefined = undefined;
  baseTemplate = '';
  /** The base URL when tracking started, its own template. */
  readonly rootUrl: string;

  constructor(base: unknown) {
    this.base = base;
    this.rootUrl = typeof base === 'string' ? base : '';
  }
}

/** The request fields read and written here (Express 4 and 5 both set them). */
interface TrackedRequest {
  baseUrl?: unknown;
  route?: RouteLike;
  params?: Record<string, unknown>;
  [kTracking]?: RouteTracking;
}

/**
 * Turns the part of `baseUrl` that one router consumed (`/users/42/posts`) back into its template
 * (`/users/:userId/posts`) with the params the router matched, so mount paths with parameters do not
 * leak raw ids into the route label.
 */
function templatize(consumed: string, params: Record<string, unknown> | undefined): string {
  if (!params) return consumed;
  let byValue: Map<string, string> | undefined;
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (typeof value !== 'string' || value === '') continue;
    (byValue ??= new Map()).set(value, key);
  }
  if (!byValue) return consumed;
  const segments = consumed.split('/');
  for (let i = 1; i < segments.length; i++) {
    let decoded = segments[i];
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // keep the raw segment
    }
    const key = byValue.get(decoded);
    if (key !== undefined) segments[i] = `:${key}`;
  }
  return segments.join('/');
}

function pathString(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(pathString).join('|');
  return String(path);
}

/** The template of the base URL `url` inside the mounts of `t`. */
function baseTemplateOf(t: RouteTracking, url: unknown): string {
  const mounts = t.mounts;
  if (mounts !== undefined) {
    for (let i = mounts.length - 1; i >= 0; i--) if (mounts[i].url === url) return mounts[i].template;
  }
  if (url === t.rootUrl) return t.rootUrl;
  return typeof url === 'string' ? url : '';
}

function getBase(this: TrackedRequest): unknown {
  return this[kTracking]?.base;
}

function setBase(this: TrackedRequest, value: unknown): void {
  const t = this[kTracking];
  if (t === undefined) {
    // the first router of the request: its base is the root of the templates
    this[kTracking] = new RouteTracking(value);
    return;
  }
  // routers assign baseUrl for every layer they try, mostly the same value again
  if (t.base === value) return;
  t.base = value;
  if (typeof value !== 'string') return;
  // Routers set baseUrl when they enter a mount and restore it when they leave: keep a stack of the
  // mounts that enclose `value`, each with its template.
  let mounts = t.mounts;
  if (mounts !== undefined) {
    while (mounts.length > 0) {
      const top = mounts[mounts.length - 1].url;
      if (value === top || (value.startsWith(top) && value.charCodeAt(top.length) === 47)) break;
      mounts.pop();
    }
  }
  const topUrl = mounts !== undefined && mounts.length > 0 ? mounts[mounts.length - 1].url : t.rootUrl;
  if (value !== topUrl && value.startsWith(topUrl)) {
    const topTemplate = baseTemplateOf(t, topUrl);
    (mounts ??= t.mounts = []).push({
      url: value,
      template: topTemplate + templatize(value.slice(topUrl.length), this.params),
    });
  }
}

function getRoute(this: TrackedRequest): RouteLike | undefined {
  return this[kTracking]?.current;
}

function setRoute(this: TrackedRequest, route: RouteLike | undefined): void {
  let t = this[kTracking];
  if (t === undefined) this[kTracking] = t = new RouteTracking(undefined);
  if (t.current === route) return;
  t.current = route;
  if (!route || typeof route !== 'object') return;
  // Take the base template now: when an error unwinds the routers, baseUrl is restored before the
  // response ends.
  t.route = route;
  t.baseTemplate = baseTemplateOf(t, t.base);
}

const baseDescriptor: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get: getBase,
  set: setBase,
};
const routeDescriptor: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get: getRoute,
  set: setRoute,
};
const patched = new WeakSet<object>();

/**
 * Express's shared request prototype: the highest prototype of `req` below
 * `http.IncomingMessage.prototype`. Every app and mounted sub-app of one Express installation
 * inherits from it (`app.request = Object.create(expressRequest)`), so accessors put there see
 * requests in sub-apps too. Undefined for plain Node requests.
 */
function expressRequestPrototype(req: object): object | undefined {
  let proto = Object.getPrototypeOf(req) as object | null;
  let below: object | undefined;
  while (proto && proto !== IncomingMessage.prototype) {
    below = proto;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return proto ? below : undefined;
}

// the last request prototype seen, already patched, so the chain is walked once per app
let lastDirect: object | undefined;

/**
 * Starts following which route Express 4/5 requests match, including the base paths of mounted
 * routers and apps, remembering the template at the moment a route matches (an error unwinding the
 * routers restores `baseUrl` before the response ends). `req.baseUrl` and `req.route` become
 * accessors on Express's request prototype — defined once, at the first request, because defining
 * them on each request costs microseconds — that store and return exactly what Express assigns;
 * from then on every request of that Express installation is followed from its first router on.
 * Returns false (and tracks nothing) for requests that do not come from Express.
 */
export function trackRouteTemplate(req: object): boolean {
  const direct = Object.getPrototypeOf(req) as object;
  if (direct !== lastDirect) {
    const proto = expressRequestPrototype(req);
    if (!proto) return false;
    if (!patched.has(proto)) {
      Object.defineProperty(proto, 'baseUrl', baseDescriptor);
      Object.defineProperty(proto, 'route', routeDescriptor);
      patched.add(proto);
    }
    lastDirect = direct;
  }
  // Requests that got own data properties before the accessors existed (the first one) move them over.
  const own = Object.prototype.hasOwnProperty;
  if (own.call(req, 'baseUrl') || own.call(req, 'route')) {
    const r = req as TrackedRequest;
    const base = r.baseUrl;
    const route = r.route;
    delete r.baseUrl;
    delete r.route;
    r.baseUrl = base;
    r.route = route;
  }
  return true;
}

/** Mounted routes' templates, per route and base template: the label string is made once. */
const joined = new WeakMap<object, Map<string, string>>();

/**
 * The route template of a request followed by {@link trackRouteTemplate}: mounted base paths plus
 * the matched route (`/api/orders/:id`), or `__unmatched__` when no route matched.
 */
export function routeTemplateOf(req: object): string {
  const t = (req as TrackedRequest)[kTracking];
  if (t === undefined || t.route === undefined) return UNMATCHED_ROUTE;
  const { route, baseTemplate } = t;
  const path = route.path;
  if (baseTemplate === '' && typeof path === 'string') return path;
  let byBase = joined.get(route);
  let template = byBase?.get(baseTemplate);
  if (template === undefined) {
    const p = pathString(path);
    template = baseTemplate !== '' && p === '/' ? baseTemplate : baseTemplate + p;
    // a route reached under a handful of bases at most; past that, nothing more is kept
    if (byBase === undefined) joined.set(route, (byBase = new Map()));
    if (byBase.size < 64) byBase.set(baseTemplate, template);
  }
  return template;
}
