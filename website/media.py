"""Uploaded files for `make run` and the test server; production serves none of them (nginx does).

Documents are never served from /media/: a document in a login- or password-restricted
collection would be readable by anyone who knows its file name. They go through Wagtail's
serve view (/documents/<id>/<name>), which checks the collection's view restrictions first.
"""

import os
import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve as serve_static

PRIVATE_DIRS = ("documents",)  # Wagtail's Document.file upload_to
NAME_MAX_BYTES = 255  # a file name on Linux file systems


def _impossible(path):
    """A NUL byte (ValueError in os.path) or a name too long for the file system (OSError) used to
    answer 500; no such file can exist, so it is a 404."""
    return "\x00" in path or any(
        len(part.encode("utf-8", "surrogateescape")) > NAME_MAX_BYTES for part in path.split("/")
    )


def serve_public_media(request, path):
    if _impossible(path):
        raise Http404("No such file.")
    # The same normalisation django.views.static.serve applies, then the real location on disk
    # (so "images/../documents/x.pdf" or a symlink cannot reach a document either).
    normalised = posixpath.normpath(path).lstrip("/")
    root = os.path.realpath(settings.MEDIA_ROOT)
    target = os.path.realpath(os.path.join(root, normalised))
    for name in PRIVATE_DIRS:
        private = os.path.join(root, name)
        if target == private or target.startswith(private + os.sep):
            raise Http404("Documents are served by /documents/ only.")
    return serve_static(request, normalised, document_root=settings.MEDIA_ROOT)
