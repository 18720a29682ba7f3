// The web app's built files (web/dist, made by `npm run build:web`) at /app/. Paths that are not
// files are the app's own pages (/app/alerts/12), answered with index.html so a reload works.
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function registerWebApp(app: FastifyInstance, root = WEB_DIST) {
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/app', { schema: { hide: true } }, (_req, reply) => reply.redirect('/app/'));
  app.get('/app/*', { schema: { hide: true } }, (req, reply) => {
    if (!existsSync(join(root, 'index.html'))) {
      return reply.code(503).type('text/plain').send('The web app is not built: run `npm run build:web` (npm start does it).\n');
    }
    const rel = normalize((req.params as { '*': string })['*'] || 'index.html').replace(/^(\.\.(\/|$))+/, '');
    const file = join(root, rel);
    if (rel.startsWith('assets/') && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by content hash: they never change under the same name.
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(rel);
    }
    if (existsSync(file) && statSync(file).isFile() && rel !== 'index.html') return reply.sendFile(rel);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
