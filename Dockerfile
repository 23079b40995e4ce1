# Production image: the web app built with Node, served with the API by Django under gunicorn.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TREMPLIN_ENV=production
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock . && rm -rf /root/.cache
COPY backend ./backend
COPY fixtures ./fixtures
COPY --from=frontend /app/frontend/dist ./frontend/dist
RUN useradd --system --home /app tremplin && mkdir -p /app/var/static && chown -R tremplin /app/var
USER tremplin
WORKDIR /app/backend
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_reference && python manage.py collectstatic --noinput && gunicorn tremplin.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
