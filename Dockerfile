# One image for the three services; docker-compose.yml picks the service with `command`.
FROM node:24-bookworm-slim AS build
ENV CI=true
WORKDIR /app
RUN npm install --global pnpm@12.4.2
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages/shared/package.json packages/shared/
COPY packages/testkit/package.json packages/testkit/
COPY packages/sandbox/package.json packages/sandbox/
COPY services/bot/package.json services/bot/
COPY services/heaven/package.json services/heaven/
COPY services/notifier/package.json services/notifier/
RUN pnpm install --frozen-lockfile --no-optional
COPY packages packages
COPY services services
RUN pnpm --filter @chatops/shared --filter @chatops/bot --filter @chatops/heaven --filter @chatops/notifier build \
 && pnpm install --frozen-lockfile --prod --no-optional

FROM node:24-bookworm-slim
# Each service's old-generation heap is capped at 128 MB (its live heap is about 30 MB): V8 then
# collects before the process grows past about 150 MB RSS under load, instead of letting garbage
# pile up to 4x the live heap. The young generation is set too: from the cap alone, Node 24 makes it
# so small that request garbage reaches the old generation and the process spends most of its CPU
# collecting it (docs/BENCHMARKS.md, "Memory"). Set NODE_OPTIONS in a service's environment to
# change both; a process that stops with "JavaScript heap out of memory" needs a larger cap.
ENV NODE_ENV=production NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4"
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000 3001 3002
CMD ["node", "services/bot/dist/main.js"]
