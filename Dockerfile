# Production images, from one build:
#   --target web      nginx: the built web app (frontend/dist) and the proxy to the backend
#   --target backend  (the default, last stage) Django under gunicorn; also runs the daily rules
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=frontend /app/frontend/dist /srv/web

FROM python:3.11-slim AS backend
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TREMPLIN_ENV=production STATIC_ROOT=/app/var/static
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock . && rm -rf /root/.cache
COPY backend ./backend
COPY fixtures ./fixtures
COPY deploy/scheduler.sh ./deploy/scheduler.sh
# The backend serves the web app too (index.html with its CSRF cookie, assets by whitenoise), so
# that it can run without nginx in front; with nginx, nginx serves them.
COPY --from=frontend /app/frontend/dist ./frontend/dist
# Django's static files (admin, API docs) are collected into the image, served by whitenoise.
# Production settings need a key and hosts to load: placeholders, used for nothing else.
RUN cd backend && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput && rm -f /tmp/build.sqlite3
RUN useradd --system --home /app tremplin && mkdir -p /app/var && chown -R tremplin /app/var
USER tremplin
WORKDIR /app/backend
EXPOSE 8000
# Migrations (and the reference data, idempotent) at each start, then gunicorn in the foreground.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_reference && exec gunicorn tremplin.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --timeout 120 --access-logfile -"]
