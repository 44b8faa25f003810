import { IncomingMessage } from 'node:http';
import { UNMATCHED_ROUTE } from '@obskit/catalog';

const kRoute = Symbol('obskit.route');
const kBase = Symbol('obskit.baseUrl');
const kMounts = Symbol('obskit.mounts');
const kTemplate = Symbol('obskit.template');

interface Mount {
  readonly url: string;
  readonly template: string;
}

/** The Express request fields read here (Express 4 and 5 both set them). */
interface TrackedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
  params?: Record<string, unknown>;
  [kRoute]?: { path?: unknown };
  [kBase]?: string;
  [kMounts]?: Mount[];
  [kTemplate]?: string;
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

function getBase(this: TrackedRequest): string | undefined {
  return this[kBase];
}

function setBase(this: TrackedRequest, value: string): void {
  // routers assign baseUrl for every layer they try, mostly the same value again
  if (this[kBase] === value) return;
  this[kBase] = value;
  const mounts = this[kMounts];
  if (mounts === undefined || typeof value !== 'string') return;
  // Routers set baseUrl when they enter a mount and restore it when they leave: keep a stack of the
  // mounts that enclose `value`, each with its template.
  while (mounts.length > 1) {
    const top = mounts[mounts.length - 1].url;
    if (value === top || (value.startsWith(top) && value.charCodeAt(top.length) === 47)) break;
    mounts.pop();
  }
  const top = mounts[mounts.length - 1];
  if (value !== top.url && value.startsWith(top.url)) {
    mounts.push({
      url: value,
      template: top.template + templatize(value.slice(top.url.length), this.params),
    });
  }
}

function getRoute(this: TrackedRequest): { path?: unknown } | undefined {
  return this[kRoute];
}

function setRoute(this: TrackedRequest, route: { path?: unknown } | undefined): void {
  if (this[kRoute] === route) return;
  this[kRoute] = route;
  if (!route || this[kMounts] === undefined) return;
  // Read the template now: when an error unwinds the routers, baseUrl is restored before the
  // response ends.
  const base = this[kBase] ?? '';
  const mounts = this[kMounts];
  let baseTemplate = base;
  for (let i = mounts.length - 1; i >= 0; i--) {
    if (mounts[i].url === base) {
      baseTemplate = mounts[i].template;
      break;
    }
  }
  const path = pathString(route.path);
  this[kTemplate] = baseTemplate !== '' && path === '/' ? baseTemplate : baseTemplate + path;
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

// the last request prototype seen and its Express base, so the chain is walked once per app
let lastDirect: object | undefined;
let lastExpress: object | undefined;

/**
 * Starts following which route an Express 4/5 request matches, including the base paths of mounted
 * routers and apps, remembering the template at the moment a route matches (an error unwinding the
 * routers restores `baseUrl` before the response ends). `req.baseUrl` and `req.route` become
 * accessors on Express's request prototype — defined once, because defining them on each request
 * costs microseconds — that store and return exactly what Express assigns. Returns false (and
 * tracks nothing) for requests that do not come from Express.
 */
export function trackRouteTemplate(req: object): boolean {
  const direct = Object.getPrototypeOf(req) as object;
  let proto = direct === lastDirect ? lastExpress : undefined;
  if (proto === undefined) {
    proto = expressRequestPrototype(req);
    if (!proto) return false;
    lastDirect = direct;
    lastExpress = proto;
  }
  if (!patched.has(proto)) {
    Object.defineProperty(proto, 'baseUrl', baseDescriptor);
    Object.defineProperty(proto, 'route', routeDescriptor);
    patched.add(proto);
  }
  const r = req as TrackedRequest;
  // Requests that got own data properties before the accessors existed (the first one) move them over.
  const own = Object.prototype.hasOwnProperty;
  if (own.call(req, 'baseUrl') || own.call(req, 'route')) {
    const base = r.baseUrl;
    const route = r.route;
    delete r.baseUrl;
    delete r.route;
    r[kBase] = base;
    r[kRoute] = route;
  }
  const base = typeof r[kBase] === 'string' ? (r[kBase] as string) : '';
  r[kMounts] = [{ url: base, template: base }];
  r[kTemplate] = undefined;
  return true;
}

/**
 * The route template of a request followed by {@link trackRouteTemplate}: mounted base paths plus
 * the matched route (`/api/orders/:id`), or `__unmatched__` when no route matched.
 */
export function routeTemplateOf(req: object): string {
  return (req as TrackedRequest)[kTemplate] ?? UNMATCHED_ROUTE;
}
