"""The publishing scheduler of `make run`: `manage.py publish_scheduled` once a minute.

Run as `python -m website.scheduler` by the run_site command. It exits on its own when its parent
goes away (runserver ends with os._exit when its port is taken, which skips run_site's cleanup).
In production cron or the systemd timer does this job (deploy/).
"""

import os
import subprocess
import sys
import time

INTERVAL = 60  # seconds, as the cron line in deploy/


def main(interval=INTERVAL):
    parent = os.getppid()
    while os.getppid() == parent:
        subprocess.call([sys.executable, "manage.py", "publish_scheduled"], stdout=subprocess.DEVNULL)
        for _ in range(interval):
            time.sleep(1)
            if os.getppid() != parent:
                return


if __name__ == "__main__":
    main()
