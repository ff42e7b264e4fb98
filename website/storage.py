"""File storage that never leaves a half-written file behind.

Django's FileSystemStorage creates the file and then writes it chunk by chunk; when the disk
fills up half way the partial file stays on disk. Here a failed write removes what it wrote, so
an upload either is stored whole or not at all (the caller rolls back its rows).
"""

import os

from django.core.files.storage import FileSystemStorage


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            path = self.path(name)
            expected = getattr(content, "size", None)
            # The file was created exclusively by this call (O_EXCL); a short one is ours and partial.
            if os.path.isfile(path) and expected is not None and os.path.getsize(path) < expected:
                os.remove(path)
            raise
