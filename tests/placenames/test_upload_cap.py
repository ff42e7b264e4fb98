"""Issue 12.15: the upload cap holds per request: extra file parts are skipped, never stored."""

from django.core.files.uploadedfile import SimpleUploadedFile

from placenames.uploadhandler import FileSizeLimitHandler


def parsed_files(rf, data, limit=1000):
    request = rf.post("/placenames/submit/", data)
    request.upload_handlers.insert(0, FileSizeLimitHandler(request, limit))
    return request, request.FILES


def test_only_the_one_file_field_is_accepted_once(rf):
    data = {
        "title": "云岭",
        "file": [SimpleUploadedFile("a.jpg", b"a" * 500), SimpleUploadedFile("b.jpg", b"b" * 500)],
        "other": SimpleUploadedFile("c.jpg", b"c" * 500),
        "file2": SimpleUploadedFile("d.jpg", b"d" * 500),
    }
    request, files = parsed_files(rf, data)
    assert list(files.keys()) == ["file"]
    assert len(files.getlist("file")) == 1 and files["file"].read() == b"a" * 500
    assert request.POST["title"] == "云岭"
    assert not getattr(request, "upload_too_large", False)


def test_one_file_over_the_limit_is_dropped_and_flagged(rf):
    request, files = parsed_files(rf, {"file": SimpleUploadedFile("a.jpg", b"a" * 5000)})
    assert "file" not in files and request.upload_too_large is True
