# One image for the three services; SERVICE picks which one runs.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.json tsconfig.base.json ./
COPY packages ./packages
COPY services ./services
COPY schemas ./schemas
COPY test/package.json ./test/package.json
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
USER node
CMD ["sh", "-c", "exec node --import tsx services/${SERVICE}/src/main.ts"]
