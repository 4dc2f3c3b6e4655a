import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySerializerCompiler, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { FILE_TYPES, isFileResponse, type RouteDef } from '../../shared/api/common.js';

type In<S> = S extends z.ZodType ? z.output<S> : undefined;
/** A request as the contract validated it: params, query and body already parsed. */
export type RouteRequest<D extends RouteDef> = Omit<FastifyRequest, 'params' | 'query' | 'body'> & {
  params: In<D['params']>; query: In<D['query']>; body: In<D['body']>;
};
/** What a handler returns: the server-side values of the response schema (serialised to the wire by it), or a sent file. */
export type RouteResult<D extends RouteDef> = D['response'] extends z.ZodType ? z.input<D['response']> : FastifyReply;
export type Handler<D extends RouteDef> = (req: RouteRequest<D>, reply: FastifyReply) => Promise<RouteResult<D>>;

const FileBody = z.string().meta({ format: 'binary' });

/** The Fastify schema of a contract route: validation, serialisation and OpenAPI from the one definition. */
export function fastifySchema(d: RouteDef) {
  const status = d.status ?? 200;
  const response = isFileResponse(d.response)
    ? { [status]: { description: '文件', content: { [FILE_TYPES[d.response.file]]: { schema: FileBody } } } }
    : { [status]: d.response };
  const schema: Record<string, unknown> = { tags: [...d.tags], summary: d.summary, response };
  if (d.hide) schema.hide = true;
  if (d.params) schema.params = d.params;
  if (d.query) schema.querystring = d.query;
  if (d.body) schema.body = d.body;
  if (d.multipart) schema.consumes = ['multipart/form-data'];
  return schema;
}

/**
 * Registers the routes of one module from its contract: `r('GET /api/orgs/:id', handler)`. The key names the route
 * in the contract, so a route the contract does not describe cannot be registered, and the handler is typed by it.
 */
export function routesOf<C extends Record<string, RouteDef>>(app: FastifyInstance, contract: C) {
  return <K extends keyof C & string>(key: K, handler: Handler<C[K]>) => {
    const d = contract[key];
    if (!d) throw new Error(`接口约定中没有 ${key}`);
    const [method, url] = key.split(' ') as [HTTPMethods, string];
    const status = d.status ?? 200;
    app.route({
      method, url, schema: fastifySchema(d),
      handler: async (req, reply) => {
        if (status !== 200) reply.code(status);
        return handler(req as unknown as RouteRequest<C[K]>, reply);
      },
    });
  };
}

/**
 * Serialises a JSON response through its schema: the server's values (dates, extra columns) become exactly what the
 * contract says the browser receives; fields the contract does not name are not sent. A response that does not
 * match its schema is a defect: outside production it fails the request (so the suite finds it); in production it
 * is logged and sent as it is, so that a person is not left without the page.
 */
export function responseSerializer(opts: { strict: boolean; log: (msg: string) => void }): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => (data: unknown) => {
    const r = z.safeParse(schema, data);
    const dropped = r.success && opts.strict ? droppedField(data, r.data) : null;
    if (r.success && !dropped) return JSON.stringify(r.data);
    const msg = `响应与接口约定不符：${method} ${url}：${dropped ? `${dropped} 未在约定中` : r.error!.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`;
    if (opts.strict) throw new Error(msg);
    opts.log(msg);
    return JSON.stringify(data);
  };
}

/**
 * The first field the server produced that the contract does not name (and so would silently not send), checked
 * outside production: a field the page needs must be in the contract, and one it must not see must not be produced.
 */
function droppedField(data: unknown, sent: unknown, path = ''): string | null {
  if (data instanceof Date || data === null || typeof data !== 'object' || sent === null || typeof sent !== 'object') return null;
  if (Array.isArray(data)) {
    for (let i = 0; i < Math.min(data.length, 50); i++) {
      const d = droppedField(data[i], (sent as unknown[])[i], `${path}${i}.`);
      if (d) return d;
    }
    return null;
  }
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    if (!(k in (sent as object))) return `${path}${k}`;
    const d = droppedField(v, (sent as Record<string, unknown>)[k], `${path}${k}.`);
    if (d) return d;
  }
  return null;
}
