// Zod at the edge, through Fastify's schema validation: every route's params, query and body
// schemas are zod schemas, and a failed parse becomes one ValidationError naming every bad field
// (body fields bare, `query.x` and `params.x` for the others), so handlers receive parsed values.
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../../services/shared/errors.js';
import { jsonValueProblem } from '../../domain/shared/safeValues.js';

const PREFIX: Record<string, string | undefined> = { querystring: 'query', params: 'params', headers: 'headers' };

export function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldIssue[] {
  return issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}

// Schemas that document a part of the request the service checks itself (streamed bulk bodies,
// tracking messages resolved before validation, email-link forms answered as HTML pages).
const documentationOnly = new WeakSet<z.ZodType>();

/** Marks a schema as describing, not validating: the part reaches the handler as it came. */
export function describedOnly<S extends z.ZodType>(schema: S): S {
  documentationOnly.add(schema);
  return schema;
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  if (documentationOnly.has(schema)) return (data) => ({ value: data });
  const prefix = httpPart ? PREFIX[httpPart] : undefined;
  return (data) => {
    // Before the schema: a NUL or control character anywhere, or a nesting too deep to walk, is
    // refused naming its path, for every route, whatever its schema says of that field (and zod's
    // own recursion never meets a value nested thousands deep).
    const unsafe = jsonValueProblem(data);
    if (unsafe) return { error: new ValidationError(fieldIssues([{ path: unsafe.path, message: unsafe.message } as z.core.$ZodIssue], prefix)) };
    // A missing body is an empty object, so its required fields are named one by one.
    const result = schema.safeParse(httpPart === 'body' ? (data ?? {}) : data);
    if (result.success) return { value: result.data };
    return { error: new ValidationError(fieldIssues(result.error.issues, prefix)) };
  };
};


/** For a plugin whose routes verify a signature over the exact bytes (Slack, SendGrid): bodies of
 * `contentType` reach them as text, parsed by the service after verification. Encapsulated: the
 * plugin's routes only. */
export function textBodies(app: FastifyInstance, contentType: string): void {
  app.removeContentTypeParser(contentType);
  app.addContentTypeParser(contentType, { parseAs: 'string' }, (_req, body, done) => done(null, body));
}
