# The one image behind the web, worker, beat and migrate services of docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    BRICS_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media

RUN pip install --no-cache-dir "uv==0.13.8"

WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Static files are collected into the image (served by WhiteNoise) and the message catalogues (locale/*.po) compiled
# with polib (no gettext needed); the key only exists for these commands.
RUN export DJANGO_SECRET_KEY=build-time-only-not-a-secret \
    && python manage.py collectstatic --noinput \
    && python scripts/compile_messages.py --force

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin brics \
    && mkdir -p /data/media /app/var \
    && chown -R brics /data /app/var
USER brics

EXPOSE 8000
# uvicorn: HTTP and the live auction websockets. WEB_CONCURRENCY processes, one per core, each with its own
# SO_REUSEPORT socket (scripts/serve.py: the kernel balances connections; a shared socket let one worker take them all).
ENV WEB_CONCURRENCY=2
# X-Forwarded-For is believed from TRUSTED_PROXIES only, as in Django (brics_ttc/proxies.py); empty = from no one.
CMD ["sh", "-c", "exec python scripts/serve.py --host 0.0.0.0 --port 8000 -- --lifespan off --proxy-headers --forwarded-allow-ips=\"${TRUSTED_PROXIES:-}\" brics_ttc.asgi:application"]
