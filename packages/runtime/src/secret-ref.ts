import { z } from 'zod';

/** A secret is never written in the config file: `{ "env": "NAME" }` names the variable that holds it. */
export const SecretRef = z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }).strict();
export type SecretRef = z.infer<typeof SecretRef>;

/** Reads the variable at parse time; a missing or empty one is a config error at its path. */
export function secretFrom(env: NodeJS.ProcessEnv) {
  return SecretRef.transform((ref, ctx) => {
    const value = env[ref.env];
    if (!value) {
      ctx.addIssue({ code: 'custom', message: `environment variable ${ref.env} is not set` });
      return z.NEVER;
    }
    return value;
  });
}
