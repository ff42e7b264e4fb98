"""End-to-end scenarios on the production stack (nginx, gunicorn, PostgreSQL, Redis, Chromium)."""
