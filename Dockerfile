# perfgrade's grader image: Debian 12 (bookworm) with Node 20, bubblewrap and the course's Python packages
# from Debian (the same list as scripts/setup.sh; no PyPI). One image for both roles:
#   server (default):  node dist/src/main.js     — the API, plus GRADER_CONCURRENCY grading slots
#   worker:            node dist/src/worker.js   — grading slots only, against the same Postgres
# The sandbox creates cgroups and namespaces, so the container must run privileged (see docker-compose.yml).

FROM node:20-bookworm AS build
WORKDIR /app
# isolated-vm builds from source here (node:20-bookworm has python3, make and g++).
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund --loglevel=warn
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src src
COPY bench bench
COPY migrations migrations
RUN npm run build --loglevel=warn && npm prune --omit=dev --loglevel=warn

FROM node:20-bookworm-slim
# Keep this list in step with scripts/setup.sh.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      bubblewrap util-linux python3 python3-numpy python3-numba python3-joblib python3-line-profiler \
      python3-memory-profiler python3-psutil python3-seccomp python3-yaml tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json .npmrc ./
COPY sandbox sandbox
COPY assignments assignments
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    ASSIGNMENTS_DIR=/app/assignments \
    HARNESS_DIR=/app/sandbox \
    PERFGRADE_PYTHON=/usr/bin/python3 \
    PERFGRADE_BWRAP=/usr/bin/bwrap
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini forwards SIGTERM to node (graceful shutdown: stop claiming, finish or hand back) and reaps orphans.
ENTRYPOINT ["tini", "--"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
