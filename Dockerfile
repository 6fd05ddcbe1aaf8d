# The image docker-compose.yml runs as web, migrate and purge: gunicorn and whitenoise,
# PostgreSQL from DATABASE_HOST and the rest. Exactly the packages requirements.lock
# names, checked against its hashes. The code belongs to root; the app runs as an
# unprivileged user who can change none of it.
# The Spanish catalog is compiled in a build stage that has gettext; the image keeps only the .mo.
FROM python:3.12-slim AS messages
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY liability/locale ./liability/locale
RUN cd liability && msgfmt --check -o locale/es/LC_MESSAGES/django.mo locale/es/LC_MESSAGES/django.po

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 PORT=8000
WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY manage.py ./
COPY liability ./liability
COPY --from=messages /app/liability/locale/es/LC_MESSAGES/django.mo ./liability/locale/es/LC_MESSAGES/django.mo
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --no-create-home --shell /usr/sbin/nologin recourse
USER recourse
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Threaded workers, private logs (liability/gunicorn_conf.py). migrate and load_content run
# once in compose's migrate service, not here: several web containers would race.
CMD ["gunicorn", "-c", "python:liability.gunicorn_conf", "liability.wsgi"]
