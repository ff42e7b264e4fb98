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


def _name(requirement):
    for sep in "[<>=!~; ":
        requirement = requirement.split(sep)[0]
    return requirement.lower().replace("_", "-").replace(".", "-")


def _lock(name):
    """{package: (version, number of hashes)} of a pip-compile'd lock file."""
    pins, current = {}, None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            package, version = line.split(" ")[0].split("==")
            current = _name(package)
            pins[current] = [version, 0]
        elif line.strip().startswith("--hash=sha256:"):
            pins[current][1] += 1
    return {k: tuple(v) for k, v in pins.items()}


def test_locks_pin_every_declared_dependency_with_hashes():
    project = pyproject()["project"]
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    assert {_name(d) for d in project["dependencies"]} <= set(runtime)
    assert {_name(d) for d in project["optional-dependencies"]["dev"]} <= set(dev)
    for pins in (runtime, dev):
        assert all(hashes for _, hashes in pins.values()), "a pin without a hash"


def test_dev_lock_has_the_runtime_lock_versions():
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    assert {k: v[0] for k, v in runtime.items()} == {k: dev[k][0] for k in runtime}


def test_makefile_installs_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert not (ROOT / "requirements.txt").exists() and not (ROOT / "requirements-dev.txt").exists()


def test_docs_and_tests_point_at_nothing_outside_the_repository():
    """A clone has no ../shared/ folder and no DESIGN.md: docs and tests use files in the repository."""
    offenders = []
    for pattern in ("*.md", "*.py", "*.txt", "*.toml"):
        for path in ROOT.rglob(pattern):
            parts = path.relative_to(ROOT).parts
            if parts[0].startswith(".venv") or parts[0] == "build" or path == Path(__file__):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if "../shared/" in text or "/work/shared" in text or "DESIGN.md" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_readme_speaks_chinese_to_the_it_staff():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for heading in ("## 快速开始", "## 试用", "## 部署", "## 配置", "## 运维"):
        assert heading in readme
    assert "docs/architecture.md" in readme
