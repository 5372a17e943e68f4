FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STATIC_MANIFEST=1 LC_VAR_DIR=/app/var
WORKDIR /app

COPY pyproject.toml README.md ./
COPY lcplatform ./lcplatform
COPY core ./core
COPY accounts ./accounts
COPY instruments ./instruments
COPY communities ./communities
COPY valuecreation ./valuecreation
RUN pip install .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /app lc && mkdir -p /app/var && chown -R lc /app/var
USER lc
EXPOSE 8000
CMD ["gunicorn", "lcplatform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
