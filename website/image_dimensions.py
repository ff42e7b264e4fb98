"""Image dimensions from the file's header, not from a full decode (issue 12.6).

Wagtail's `WagtailImageFieldFile.get_image_dimensions` asks Willow for the size, and Willow's Pillow
plugin decodes the whole picture (`image.load()`) to answer. Django calls it whenever an image's
file is assigned and again when it is saved (the width/height fields), so storing one 6000×6000
work cost the request worker ~140 MB although the picture had been checked in a separate process
(placenames/imagecheck.py). Pillow reads the size from the header alone; pictures Pillow cannot
open (SVG) still go to Wagtail's own method. Installed at start-up by website.apps.
"""

import warnings

from PIL import Image, UnidentifiedImageError
from wagtail.images.models import WagtailImageFieldFile

_wagtail_dimensions = WagtailImageFieldFile.get_image_dimensions


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
