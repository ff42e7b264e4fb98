"""A citizen and an administrator on the production stack: nginx in front of gunicorn
(website.settings.production, deploy/gunicorn.conf.py, 2 workers) and the background worker
(manage.py db_worker) on the test's PostgreSQL database and a Redis database, Chromium at 375 px.

Runs only when DATABASE_URL is PostgreSQL, REDIS_URL is set and nginx and gunicorn are installed
(the PostgreSQL pass of CI); skipped with the reason otherwise.

nginx runs deploy/nginx.conf itself, with TLS on a free loopback port (a throw-away self-signed
certificate): production's Secure session and CSRF cookies need HTTPS. Two deviations, both
because of the free port: `Host $http_host` (with the port, which Django's CSRF origin check
compares) and local folders instead of /srv/. The app servers use production's password hashers.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.qr_utils import decode_screenshot
from tests.scenarios.steps import post_comment

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
UA = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
TITLE = "我市开展冬季困难群众走访慰问"
COMMENT = "生产环境场景测试的评论：走访慰问很温暖，谢谢！"


def _missing():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "DATABASE_URL is not PostgreSQL"
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is not set"
    if not NGINX:
        return "nginx is not installed (apt-get install nginx-light)"
    if not GUNICORN:
        return "gunicorn is not installed"
    if not CHROMIUM and os.environ.get("REQUIRE_BROWSER") != "1":  # CI (REQUIRE_BROWSER=1) fails instead
        return "未找到 Chromium（apt-get install chromium 后可运行）"
    return ""


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.browser,
    pytest.mark.skipif(bool(_missing()), reason=f"production-stack scenario skipped: {_missing()}"),
    pytest.mark.django_db(transaction=True),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_url():
    """The test's Redis with a database number of its own (the app servers and this process share it),
    one per pytest-xdist worker: the stack fixture empties it on start, which must not reach a stack
    test running at the same time in another worker (several scenario files use the stack)."""
    parts = urlsplit(os.environ["REDIS_URL"])
    number = int(parts.path.strip("/") or 0)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    offset = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return urlunsplit(parts._replace(path=f"/{(number + 9 + offset) % 16}"))


def _database_url():
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def _wait_for(port, proc, log, timeout=60, path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{proc.args[0]} exited:\n{Path(log).read_text(errors='replace')[-3000:]}")
        try:
            if path:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                    if r.status == 200:
                        return
            else:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{proc.args[0]} did not answer on :{port}:\n{Path(log).read_text(errors='replace')[-3000:]}")


def _stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _nginx_conf(tmp, nginx_port, app_port, media):
    """deploy/nginx.conf on loopback with a self-signed certificate, the test's app server and folders."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
    )
    site = re.sub(r"#.*$", "", (DEPLOY / "nginx.conf").read_text(encoding="utf-8"), flags=re.M)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{_free_port()};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{nginx_port} ssl http2;")
    site = site.replace("/etc/ssl/xcmz/fullchain.pem", str(tmp / "cert.pem"))
    site = site.replace("/etc/ssl/xcmz/privkey.pem", str(tmp / "key.pem"))
    site = site.replace("server_name mzj.xuancheng.gov.cn;", "server_name 127.0.0.1 localhost;")
    site = site.replace("/srv/xcmz/app/deploy/errors/", f"{DEPLOY / 'errors'}/")
    site = site.replace("/srv/xcmz/app/staticfiles/", f"{settings.BASE_DIR / 'staticfiles'}/")
    site = site.replace("alias /srv/xcmz/media/;", f"alias {media}/;")
    site = site.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{app_port}")
    # Production listens on 443, where $host is the origin; on a free port the origin has the
    # port, and Django's CSRF origin check compares it with the Host header.
    site = site.replace("proxy_set_header Host $host;", "proxy_set_header Host $http_host;")
    assert f":{app_port}" in site and str(media) in site and "/srv/" not in site
    temp = "\n".join(f"{name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    # Started as root (CI), nginx's workers would run as nobody, who cannot enter pytest's private
    # tmp_path to buffer an upload (500 on every admin image upload); production keeps the Debian
    # default (www-data, /var/lib/nginx).
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}daemon off;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}\n{site}\n}}\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture
def stack(request, tmp_path, transactional_db, settings):
    """`@pytest.mark.stack_env(NAME="value")` on a test changes the app servers' environment."""
    redis_url = _redis_url()
    # This process purges the page cache the app servers read: the same Redis database.
    settings.CACHES = {alias: {**config, "LOCATION": redis_url} for alias, config in settings.CACHES.items()}
    # The app servers check passwords with production's hashers (the test settings use MD5).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()
    app_port, nginx_port = _free_port(), _free_port()
    site_url = f"https://127.0.0.1:{nginx_port}"
    media = Path(settings.MEDIA_ROOT)
    env = {k: v for k, v in os.environ.items() if k not in ("PAGE_CACHE_ENABLED", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=site_url,
        SECURE_SSL_REDIRECT="0",
        TRUSTED_PROXY_COUNT="1",
        MEDIA_ROOT=str(media),
        GUNICORN_WORKERS="2",
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        PAGE_CACHE_ENABLED="1",
        CONN_MAX_AGE="0",
    )
    marker = request.node.get_closest_marker("stack_env")
    if marker:
        env.update(marker.kwargs)
    # Manifest static storage: the app needs staticfiles.json, nginx the files (the checkout's
    # staticfiles/, as in production; unchanged files are skipped).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    procs = []
    try:
        gunicorn_log = tmp_path / "gunicorn.log"
        with open(gunicorn_log, "w") as out:
            procs.append(
                subprocess.Popen(
                    [GUNICORN, "-c", str(DEPLOY / "gunicorn.conf.py"), "website.wsgi:application"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        _wait_for(app_port, procs[0], gunicorn_log, path="/healthz")
        # The background worker, as deploy/systemd/xcmz-worker.service runs it (docs/background-work.md).
        worker_log = tmp_path / "worker.log"
        with open(worker_log, "w") as out:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "run_worker", "--interval", "1", "--no-startup-delay"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        conf = _nginx_conf(tmp_path, nginx_port, app_port, media)
        error_log = tmp_path / "error.log"
        error_log.touch()
        procs.append(
            subprocess.Popen(
                [NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", str(error_log)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        _wait_for(nginx_port, procs[-1], error_log)
        yield {"url": site_url, "gunicorn_log": gunicorn_log, "worker_log": worker_log}
    finally:
        for proc in reversed(procs):
            _stop(proc)
        print(gunicorn_log.read_text(errors="replace")[-4000:])
        if (tmp_path / "worker.log").exists():
            print((tmp_path / "worker.log").read_text(errors="replace")[-2000:])
        connection.close()


_INSECURE = ssl.create_default_context()
_INSECURE.check_hostname = False
_INSECURE.verify_mode = ssl.CERT_NONE


def _get(url):
    request = urllib.request.Request(url, headers={"User-Agent": UA})
    try:
        with urllib.request.urlopen(request, timeout=30, context=_INSECURE) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode(errors="replace")


def test_citizen_and_admin_through_nginx(stack, home, make_article, django_user_model, browser):
    from playwright.sync_api import expect

    from comments.models import Comment

    started = time.monotonic()
    base = stack["url"]
    article = make_article(TITLE, slug="winter-visits", paragraphs=["市民政局走访慰问困难群众。"])
    password = secrets.token_urlsafe(12)
    django_user_model.objects.create_superuser("scenario-admin", "admin@example.invalid", password)

    # Plain HTTP through nginx: the page cache fills, then answers.
    status, headers, body = _get(base + article.url)
    assert status == 200 and TITLE in body
    assert headers["X-Page-Cache"] == "miss"
    status, headers, body = _get(base + article.url)
    assert status == 200 and headers["X-Page-Cache"] == "hit"

    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        user_agent=UA,
        ignore_https_errors=True,
    )
    try:
        page = context.new_page()
        response = page.goto(base + "/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        expect(page.locator("body")).to_contain_text("民政")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        # No waiting for the comments script here: it loads the form's state only when the form
        # comes near the screen, which on a phone is after scrolling (below).
        response = page.goto(base + article.url)
        assert response.status == 200
        expect(page.locator("h1")).to_contain_text(TITLE)

        # The QR code, read from a screenshot as a phone camera would: SITE_URL + the article's URL.
        qr = page.locator(".qr-block svg").first
        qr.scroll_into_view_if_needed()
        assert decode_screenshot(qr.screenshot()) == base + article.url

        # A citizen posts a comment with the captcha.
        post_comment(page, COMMENT)
        assert Comment.objects.get(text=COMMENT).status == Comment.Status.PENDING

        # The administrator logs in through nginx and approves it in the admin.
        page.goto(base + "/admin/login/")
        page.locator("#id_username").fill("scenario-admin")
        page.locator("#id_password").fill(password)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/admin/$"))
        page.goto(base + "/admin/snippets/comments/comment/?status=pending")
        row = page.locator("tr", has_text=COMMENT[:20])
        expect(row).to_have_count(1)
        row.locator("input[type=checkbox]").check()
        page.locator("[data-bulk-action-footer]").get_by_role("link", name="审核通过").click()
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator(".messages")).to_contain_text("已审核通过 1 条评论")
    finally:
        context.close()
    assert Comment.objects.get(text=COMMENT).status == Comment.Status.APPROVED

    # The public article shows it at once, on either worker (the cached copy was purged in Redis).
    for _ in range(3):
        status, _, body = _get(base + article.url)
        _, _, fragment = _get(base + f"/comments/{article.pk}/")
        assert status == 200 and (COMMENT in body or COMMENT in fragment)

    # Unpublished from this process: nginx answers 404 at once, not a cached copy.
    article.refresh_from_db()
    article.unpublish()
    for _ in range(3):
        status, _, body = _get(base + article.url)
        assert status == 404 and TITLE not in body
    assert time.monotonic() - started < 90
