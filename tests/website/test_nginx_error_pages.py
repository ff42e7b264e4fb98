"""nginx answers some errors itself (bad request, body too large, URL or headers too long, app
server down); deploy/nginx.conf must give those the static Chinese pages in deploy/errors/."""

import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CONF = DEPLOY / "nginx.conf"
ERRORS = DEPLOY / "errors"
CODES = {
    "400": "无法处理您的请求",
    "404": "您访问的页面不存在",
    "413": "提交的内容过大",
    "414": "网址过长",
    "431": "浏览器发送的信息过多",
    "502": "网站暂时无法访问",
}


def _error_pages(conf):
    """{status: page path} from the conf's error_page lines."""
    pages = {}
    for line in re.findall(r"^\s*error_page\s+([^;]+);", conf, re.M):
        parts = line.split()
        uri = parts[-1]
        for part in parts[:-1]:
            if not part.startswith("="):
                pages[part] = uri
    return pages


def test_the_conf_gives_nginx_errors_chinese_pages():
    conf = CONF.read_text(encoding="utf-8")
    pages = _error_pages(conf)
    for code in ("400", "404", "413", "414", "431", "494", "502", "503", "504"):
        assert code in pages, code
        assert pages[code].startswith("/__xcmz_errors/")
    # The error pages are only reachable as error pages, and come from the checkout.
    block = re.search(r"location \^~ /__xcmz_errors/ \{(.*?)\}", conf, re.S).group(1)
    assert "internal;" in block
    assert "alias /srv/xcmz/app/deploy/errors/;" in block
    # The app's own Chinese error pages must not be replaced.
    assert "proxy_intercept_errors on" not in conf


@pytest.mark.parametrize("code,heading", CODES.items())
def test_each_error_page_is_a_chinese_page(code, heading):
    assert f"/__xcmz_errors/{code}.html" in CONF.read_text(encoding="utf-8")
    html = (ERRORS / f"{code}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
    assert heading in html
    assert 'href="/"' in html
    assert not re.search(r"\b(Bad Request|Not Found|Too Large|nginx)\b", html, re.I)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Stub(BaseHTTPRequestHandler):
    def do_GET(self):
        body = "应用自己的页面".encode()
        self.send_response(404 if self.path == "/missing/" else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    nginx_bin = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx_bin:
        pytest.skip("nginx is not installed")
    tmp = tmp_path_factory.mktemp("nginx")
    media = tmp / "media"  # stands in for the shared media folder
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "private.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "images").mkdir()
    (media / "images" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    stub = HTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    http_port, port = _free_port(), _free_port()
    site = CONF.read_text(encoding="utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"^\s*ssl_certificate.*$", "", site, flags=re.M)
    site = site.replace("/srv/xcmz/app/deploy/errors/", f"{ERRORS}/")
    site = site.replace("alias /srv/xcmz/media/;", f"alias {media}/;")
    site = site.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{stub.server_port}")
    assert str(ERRORS) in site and str(stub.server_port) in site and str(media) in site
    temp = "\n".join(f"{name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"master_process off;\ndaemon off;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{temp}\n{site}\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [nginx_bin, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    yield {"port": port, "stub": stub}
    proc.terminate()
    proc.wait(10)
    stub.shutdown()


def _raw(port, request):
    # nginx lingers up to lingering_timeout (5 s) after a 413 before closing: wait longer than that.
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(request)
        data = b""
        # After an early error (413) nginx may keep the connection open to drain the body it
        # refused (lingering close): stop at the end of the response, not at the socket's close.
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if sep and length and len(body) >= int(length.group(1)):
                break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    return status, head.decode("latin-1"), body.decode("utf-8")


def test_a_huge_url_gets_the_chinese_414_page(nginx):
    path = "/news/?" + "q" * 20000
    status, head, body = _raw(nginx["port"], f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status == 414
    assert "网址过长" in body and '<html lang="zh-CN">' in body
    assert "charset=utf-8" in head.lower()


def test_a_huge_cookie_gets_the_chinese_431_page(nginx):
    cookie = "a=" + "b" * 20000
    request = f"GET / HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    status, _, body = _raw(nginx["port"], request.encode())
    assert status == 431
    assert "浏览器发送的信息过多" in body


def test_a_too_large_upload_gets_the_chinese_413_page(nginx):
    request = "POST /admin/ HTTP/1.1\r\nHost: x\r\nContent-Length: 500000000\r\nConnection: close\r\n\r\n"
    status, _, body = _raw(nginx["port"], request.encode())
    assert status == 413
    assert "提交的内容过大" in body


def test_a_malformed_request_gets_the_chinese_400_page(nginx):
    status, _, body = _raw(nginx["port"], b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")  # no Host
    assert status == 400
    assert "无法处理您的请求" in body


def test_the_apps_own_pages_and_404s_pass_through(nginx):
    conn = http.client.HTTPConnection("127.0.0.1", nginx["port"], timeout=5)
    conn.request("GET", "/missing/")
    response = conn.getresponse()
    assert response.status == 404
    assert response.read().decode() == "应用自己的页面"
    conn.close()
