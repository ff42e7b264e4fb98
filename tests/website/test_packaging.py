"""pyproject.toml: every package of the site's apps is listed for setuptools (a flat layout)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["website", "news", "comments", "placenames", "qa", "editorial"]


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_app_package_is_listed_for_setuptools():
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for app in APPS
        for init in (ROOT / app).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = set(pyproject()["tool"]["setuptools"]["packages"])
    assert on_disk - listed == set(), "packages missing from [tool.setuptools] packages"
    assert listed - on_disk == set(), "listed packages that do not exist"


def test_package_data_files_exist():
    for package, patterns in pyproject()["tool"]["setuptools"]["package-data"].items():
        for pattern in patterns:
            assert list((ROOT / package).glob(pattern)), f"{package}: {pattern} matches nothing"


def test_runtime_and_dev_dependencies_are_declared():
    project = pyproject()["project"]
    names = {d.split("[")[0].split(">")[0].split("=")[0].split("<")[0].lower() for d in project["dependencies"]}
    assert {"django", "wagtail", "gunicorn", "psycopg"} <= names
    dev = {d.split("[")[0].split(">")[0].split("=")[0].lower() for d in project["optional-dependencies"]["dev"]}
    assert {"pytest", "ruff", "mypy", "django-stubs", "detect-secrets"} <= dev
    assert not dev & names, "a dev tool is also a runtime dependency"
