# Production image for docker-compose.yml: gunicorn + whitenoise, PostgreSQL via DATABASE_URL.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml ./
COPY liability ./liability
RUN pip install .
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0
RUN useradd --system --home /app recourse && chown -R recourse /app
USER recourse
EXPOSE 8000
# The access log leaves out query strings and client addresses: a result's URL spells out the answers.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_content && python manage.py purge_shares && exec gunicorn liability.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile - --access-logformat '%(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(L)ss'"]
