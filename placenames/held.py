"""Keep a citizen's checked upload for a short while when the works form comes back with an error
(a wrong captcha, a missing field), so the file need not be chosen again: browsers never refill a
file input.

The file goes to a private folder (never under MEDIA_ROOT, so never served) under a random name;
the form carries only a signed, expiring token naming it. A resubmitted held file is checked again
like a new upload. Held files are removed when used and once they are older than HOLD_SECONDS.
Where the token names a file this server does not have (another server of a cluster, a restart
that emptied the folder), the form simply asks for the file again.
"""

import os
import re
import tempfile
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

HOLD_SECONDS = 30 * 60
SALT = "placenames.held-upload"
_name = re.compile(r"^[0-9a-f]{32}$")


def held_dir():
    path = getattr(settings, "WORKS_HELD_UPLOADS_DIR", None) or os.path.join(
        tempfile.gettempdir(), "xcmz-works-held-uploads"
    )
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def purge_expired(now=None):
    now = time.time() if now is None else now
    folder = held_dir()
    for entry in os.scandir(folder):
        try:
            if entry.is_file() and now - entry.stat().st_mtime > HOLD_SECONDS:
                os.remove(entry.path)
        except OSError:
            continue


def hold(upload):
    """Store `upload` and return the token for the form's hidden field."""
    purge_expired()
    name = uuid.uuid4().hex
    upload.seek(0)
    with open(os.path.join(held_dir(), name), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    filename = os.path.basename(upload.name or "upload")[:100]
    return signing.dumps({"n": name, "f": filename, "t": upload.content_type or ""}, salt=SALT)


def _read_token(token):
    try:
        data = signing.loads(token or "", salt=SALT, max_age=HOLD_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not _name.match(str(data.get("n", ""))):
        return None
    path = os.path.join(held_dir(), data["n"])
    return (path, data) if os.path.isfile(path) else None


def filename(token):
    found = _read_token(token)
    return found[1].get("f", "") if found else ""


def take(token):
    """The held upload for a valid token as an uploaded file, or None."""
    found = _read_token(token)
    if found is None:
        return None
    path, data = found
    with open(path, "rb") as source:
        content = source.read()
    return SimpleUploadedFile(data.get("f") or "upload", content, data.get("t") or "application/octet-stream")


def discard(token):
    found = _read_token(token)
    if found is not None:
        try:
            os.remove(found[0])
        except OSError:
            pass
