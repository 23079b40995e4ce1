# Backend image: gunicorn serving Django. Built by docker-compose.yml.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TREMPLIN_ENV=production
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock . && rm -rf /root/.cache
COPY backend ./backend
COPY fixtures ./fixtures
RUN useradd --system --home /app tremplin && mkdir -p /app/var/static && chown -R tremplin /app/var
USER tremplin
WORKDIR /app/backend
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_reference && python manage.py collectstatic --noinput && gunicorn tremplin.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
