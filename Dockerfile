# One image for both production roles. The API is the default command; the worker runs the same
# image with `node --import tsx runtime/workerMain.ts` (see docker-compose.yml).
# TypeScript runs through tsx (a runtime dependency); the one build step is the worker's workflow
# bundle (dist/workflow-bundle.js), built once here so workers start without bundling.
# The web app is built in its own stage (it needs the dev dependencies: Vite, React, TypeScript);
# only its static files (web/dist) reach the final image, where the API serves them at /app/.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. Runtime dependencies only:
# tsx and the Temporal SDK (with its glibc native bridge) are in "dependencies".
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
COPY --from=web /app/web/dist ./web/dist
RUN npm run build:workflows

# Inside a container the API must listen on all interfaces (the app's default is 127.0.0.1).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000

# The source stays root-owned and read-only to the process; tsx caches in the OS temp dir.
USER node
EXPOSE 3000

# apiMain runs the knex migrations and ensures the admin key before it listens.
CMD ["node", "--import", "tsx", "runtime/apiMain.ts"]
