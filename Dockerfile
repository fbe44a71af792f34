# One image for the three services; docker-compose.yml picks the service with `command`.
FROM node:20-bookworm-slim AS build
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
RUN pnpm install --frozen-lockfile
COPY packages packages
COPY services services
RUN pnpm --filter @chatops/shared --filter @chatops/bot --filter @chatops/heaven --filter @chatops/notifier build \
 && pnpm install --frozen-lockfile --prod

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000 3001 3002
CMD ["node", "services/bot/dist/main.js"]
