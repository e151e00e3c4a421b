# syntax=docker/dockerfile:1
# Samskaping: `samskaping serve` in a slim image, as a non-root user.
# Build:  docker build -t samskaping .
# Run:    docker run -p 3000:3000 --env-file .env samskaping

FROM python:3.11.14-slim-bookworm AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --requirement requirements.lock
COPY bot ./bot
RUN pip install --no-deps '.'

FROM python:3.11.14-slim-bookworm
RUN useradd --create-home --uid 10001 samskaping \
    && mkdir -p /app/data && chown samskaping:samskaping /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY prompts ./prompts
COPY schedules ./schedules
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PROMPTS_DIR=/app/prompts \
    SCHEDULES_DIR=/app/schedules \
    DATABASE_URL=sqlite+aiosqlite:////app/data/samskaping.db \
    PORT=3000
USER samskaping
RUN python -m bot.features.digest.wordlists
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]
ENTRYPOINT ["samskaping", "serve"]
