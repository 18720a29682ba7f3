// Zod at the edge: a failed parse becomes a ValidationError naming every bad field.
import type { z } from 'zod';
import { ValidationError } from '../../services/shared/errors.js';

export function parse<S extends z.ZodType>(schema: S, data: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
      message: i.message,
    })),
  );
}
