// The OpenAPI 3.1 document, generated from the route schemas (GET /openapi.json) and browsable at
// /docs (Swagger UI served from node_modules, so it works offline). Auth and the common error
// answers are added to every route here from what the route already declares (its roles, its
// request schemas), so a route states them once.
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { errorAnswers } from './errors.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

// An OpenAPI security requirement list: any one entry (scheme name → scopes) admits the call.
type Security = Array<Record<string, string[]>>;

/** Security requirement names, as declared in components.securitySchemes. */
// Routes with roles take either: a Bearer key (scripts) or the web app's session cookie.
export const API_KEY: Security = [{ apiKey: [] }, { session: [] }];
export const WRITE_KEY: Security = [{ writeKey: [] }];

/** A route schema (@fastify/swagger adds hide, description, security...), its answers by status code. */
type DocumentedSchema = FastifySchema & { response?: Record<string, unknown> };

/** Fills in what a route's declarations imply for the document: its security and the roles that
 * may call it, 401/403 for routes with roles, 400 for routes that validate input. Explicit schema
 * entries win. */
function documentRoute(route: RouteOptions) {
  const schema = (route.schema ?? {}) as DocumentedSchema;
  if (schema.hide) return;
  const roles = route.config?.roles;
  const response = { ...(schema.body || schema.querystring || schema.params ? errorAnswers(400) : {}), ...(roles ? errorAnswers(401, 403) : {}), ...schema.response };
  route.schema = {
    ...schema,
    security: schema.security ?? (roles ? API_KEY : []),
    ...(roles ? { description: [schema.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n') } : {}),
    response,
  };
}

export async function registerOpenApi(app: FastifyInstance) {
  app.addHook('onRoute', documentRoute);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Usage Alerts API',
        version: '0.1.0',
        description: 'Product-usage alerts for SaaS teams. JSON bodies, camelCase. A refused request writes nothing.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'an API key: Authorization: Bearer <key>; its role (admin, csm, manager, leadership) decides what it may do' },
          session: { type: 'apiKey', in: 'cookie', name: 'ua_session', description: 'the web app\'s session (sign in: POST /auth/login-link); a state-changing request also sends x-csrf-token (from GET /auth/me)' },
          writeKey: { type: 'http', scheme: 'basic', description: 'a source\'s write key as the Basic-auth user name, password empty (Segment\'s convention)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

/** Tags every route a feature plugin registers with the feature's name (the document's sections). */
export function tagRoutes(app: FastifyInstance, tag: string) {
  app.addHook('onRoute', (route) => {
    if (!route.schema?.hide) route.schema = { ...route.schema, tags: [tag] } as typeof route.schema;
  });
}
