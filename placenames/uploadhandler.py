"""Stop storing an uploaded file once it passes the hard limit.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files and FILE_UPLOAD_MAX_MEMORY_SIZE only
decides between memory and a temporary file, so without this a visitor could fill the disk. The
handler runs first for the works form only: past the limit it skips the file (the rest of its
bytes are read and thrown away), marks the request, and the form says the file is too large while
keeping every other field the visitor typed.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class FileSizeLimitHandler(FileUploadHandler):
    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None
