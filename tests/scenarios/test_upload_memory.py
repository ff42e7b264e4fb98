"""Works uploads on the production stack leave the gunicorn workers' memory alone (issue 12.6).

Through nginx (TLS) to gunicorn (production settings, 2 workers), four citizens' posters of
6000×6000 pixels (36 M, under the 40 M bound; 103 KB files, 108 MB each once decoded) are sent
with the form's captcha and stored. The decoding happens in placenames/imagecheck.py's process, so
neither worker's peak resident memory (VmHWM, reset through /proc/<pid>/clear_refs after a
warm-up upload) rises by MAX_WORKER_PEAK_GROWTH_MB. Decoding in the worker raised it by ~110 MB.
"""

import io
import os
import re
import warnings

import pytest
from django.conf import settings
from PIL import Image

from tests.placenames.conftest import column, make_story, story  # noqa: F401  (fixtures)
from tests.scenarios.processes import _master, _workers
from tests.scenarios.test_production_stack import GUNICORN, NGINX, UA, stack  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get("REDIS_URL"),
        reason="需要 PostgreSQL 和 Redis（设置 DATABASE_URL、REDIS_URL）",
    ),
    pytest.mark.skipif(not NGINX or not GUNICORN, reason="需要 nginx 和 gunicorn"),
    pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK), reason="/proc/<pid>/clear_refs 不可写"),
    pytest.mark.django_db(transaction=True),
]
MAX_WORKER_PEAK_GROWTH_MB = 30


def _status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(key)


def _png(size):
    out = io.BytesIO()
    Image.new("RGB", size, (170, 20, 30)).save(out, "PNG")
    return out.getvalue()


def _send_work(session, base, story, name, content):  # noqa: F811
    from captcha.models import CaptchaStore

    form = session.get(base + "/placenames/submit/", timeout=60)
    assert form.status_code == 200
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', form.text).group(1)
    fields = {
        "title": f"海报 {name}",
        "kind": "poster",
        "story": str(story.pk),
        "author_name": "李华",
        "phone": "13912345678",
        "consent": "on",
        "captcha_0": key,
        "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    return session.post(
        base + "/placenames/submit/",
        data=fields,
        files={"file": (name, content, "image/png")},
        headers={"Origin": base, "Referer": base + "/placenames/submit/"},
        timeout=60,
    )


def test_four_big_posters_through_nginx_do_not_grow_the_workers(stack, story):  # noqa: F811
    import requests
    import urllib3

    from placenames.models import Work

    base = stack["url"]
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify=False
    session.verify = False
    session.headers["User-Agent"] = UA
    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
    workers = _workers(_master())
    for _ in range(4):  # both workers have imported the form and its templates
        assert session.get(base + "/placenames/submit/", timeout=60).status_code == 200
    warm = _send_work(session, base, story, "warm.png", _png((200, 150)))
    assert warm.status_code == 200 and "作品已提交" in warm.text, warm.text[:500]

    baseline = {}
    for pid in workers:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")  # VmHWM := VmRSS
        baseline[pid] = _status(pid, "VmRSS")
    poster = _png((6000, 6000))
    assert len(poster) < 200_000
    for n in range(4):
        response = _send_work(session, base, story, f"poster-{n}.png", poster)
        assert response.status_code == 200 and "作品已提交" in response.text, response.text[:500]
    growth = {pid: _status(pid, "VmHWM") - baseline[pid] for pid in workers}
    assert _workers(_master()) == workers  # the same workers, none restarted
    assert Work.objects.filter(kind="poster").count() == 5
    assert sorted(Work.objects.values_list("image__width", flat=True)) == [200] + [6000] * 4
    print("worker peak RSS growth (MB):", {pid: round(mb, 1) for pid, mb in growth.items()})
    assert max(growth.values()) < MAX_WORKER_PEAK_GROWTH_MB, growth
