"""Image dimensions from the file's header, not from a full decode (issue 12.6).

Wagtail's `WagtailImageFieldFile.get_image_dimensions` asks Willow for the size, and Willow's Pillow
plugin decodes the whole picture (`image.load()`) to answer. Django calls it whenever an image's
file is assigned and again when it is saved (the width/height fields), so storing one 6000×6000
work cost the request worker ~140 MB although the picture had been checked in a separate process
(placenames/imagecheck.py). Pillow reads the size from the header alone; pictures Pillow cannot
open (SVG) still go to Wagtail's own method.

The admin's upload field (`WagtailImageField.check_image_pixel_size`) likewise asks Willow for the
size before comparing it with WAGTAILIMAGES_MAX_IMAGE_PIXELS, so a 7000×7000 PNG was decoded
(147 MB) only to be refused. The header's width × height is now compared first; pictures within
the limit go on to Wagtail's own check. Both are installed at start-up by website.apps.
"""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField
from wagtail.images.models import WagtailImageFieldFile

_wagtail_dimensions = WagtailImageFieldFile.get_image_dimensions
_wagtail_pixel_check = WagtailImageField.check_image_pixel_size


def _header_size(source):
    """(width, height) from the header of a file object, or None when Pillow cannot read it."""
    try:
        source.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as picture:
                return picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        source.seek(0)


def header_pixel_check(self, f):
    source = getattr(getattr(f, "image", None), "f", None)  # the upload as Willow opened it
    if self.max_image_pixels is not None and source is not None:
        size = _header_size(source)
        if size and size[0] * size[1] > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": size[0] * size[1], "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )
    return _wagtail_pixel_check(self, f)


def header_dimensions(self):
    close = self.closed
    try:
        self.open()
        self.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(self) as picture:  # reads the header; nothing is decoded
                return picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        pass
    finally:
        if close:
            self.close()
        else:
            self.seek(0)
    return _wagtail_dimensions(self)


def install():
    WagtailImageFieldFile.get_image_dimensions = header_dimensions
    WagtailImageField.check_image_pixel_size = header_pixel_check
