# syntax=docker/dockerfile:1
# retail360 gateway and subgraph servers: one image, the command picks the role
# (deploy/k8s/*.yaml). Build: docker build -t retail360:latest .

# --- deps: production dependencies only (tsx runs the TypeScript sources; it is one of them)
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- console: the call-centre console's static build (Vite is a dev dependency)
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY console ./console
RUN npm run build:console

# --- runtime: sources + production node_modules, no compilers, no dev tools, not root
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root schema ./schema
COPY --chown=root:root adapters ./adapters
COPY --chown=root:root subgraphs ./subgraphs
COPY --chown=root:root legacy ./legacy
COPY --chown=root:root gateway ./gateway
COPY --from=console --chown=root:root /app/console/dist ./console/dist
# The sources are root-owned and read-only to the app user; tsx caches its transforms in /tmp.
USER node
EXPOSE 4000
# Kubernetes uses its own probes (deploy/k8s); this serves plain `docker run`.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# One worker per core (WEB_CONCURRENCY overrides); SIGTERM drains every worker before exit.
CMD ["node", "--import", "tsx", "gateway/src/cluster.ts"]
