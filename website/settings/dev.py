"""Local development: `make run`. Citizens' pages look as in production; `DEBUG=1` shows debug pages.

Static files are served by `run_site` (runserver --insecure) whatever DEBUG says.
"""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SERVE_MEDIA = True  # images and videos under /media/; never documents (website/media.py)
