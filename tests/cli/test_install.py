"""Installable: ``pip install .`` into a new venv gives a ``newscrawl`` command that works from any directory.

Offline and fast: the new venv is made without pip and sees the shared venv's site-packages
through a ``.pth`` file (the pinned dependencies, setuptools and wheel), and the shared venv's
pip installs into it (``pip --python``) with ``--no-deps --no-build-isolation --no-index``.
The package is built from a copy of the sources, so the checkout gets no build/ or egg-info
and nothing can import the checkout by accident.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from newscrawl import __version__
from tests.conftest import FAST, PROJECT

FAST_SET = [arg for setting in FAST for arg in ("--set", setting)]


def pins(requirements: Path) -> list[str]:
    """The ``name==version`` lines of a requirements file, comments and blanks dropped."""
    lines = (line.split("#", 1)[0].strip() for line in requirements.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with newscrawl installed by pip from a copy of the sources; returns its bin/."""
    root = tmp_path_factory.mktemp("install")
    source = root / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, source / name)
    shutil.copytree(PROJECT / "newscrawl", source / "newscrawl", ignore=shutil.ignore_patterns("__pycache__"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target_site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                      check=True, capture_output=True, text=True).stdout.strip())
    (target_site / "shared-venv.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                           "--quiet", "--no-deps", "--no-build-isolation", "--no-index", str(source)],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def declared() -> tuple[list[str], dict[str, list[str]]]:
    """pyproject.toml's dependencies and its extras."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"], project["optional-dependencies"]


#: what a crawler user's environment must not get from ``pip install .``: test, lint, type, benchmark and HF tools
NOT_FOR_USERS = ("pytest", "pytest-xdist", "hypothesis", "ruff", "mypy", "trafilatura", "selectolax", "datasets",
                 "playwright")


def test_requirements_txt_is_the_package_with_all_its_extras_pin_for_pin():
    dependencies, extras = declared()
    every = dependencies + [pin for pins_ in extras.values() for pin in pins_]
    assert len(every) == len(set(every))  # each pin declared once
    assert sorted(every) == sorted(pins(PROJECT / "requirements.txt"))
    assert all(re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==[\w.]+", pin) for pin in every)
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"newscrawl": "newscrawl.__main__:entry_point"}


def test_installed_metadata_pins_the_lean_set_and_the_extras(installed: Path):
    code = "import importlib.metadata as m, json; print(json.dumps([m.version('newscrawl'), m.requires('newscrawl')]))"
    version, requires = json.loads(subprocess.run([str(installed / "python"), "-c", code], check=True,
                                                  capture_output=True, text=True).stdout)
    assert version == __version__
    dependencies, extras = declared()
    # what `pip install .` pulls: the requirements without an extra marker
    plain = sorted(requirement for requirement in requires if "extra ==" not in requirement)
    assert plain == sorted(dependencies)
    assert not [pin for pin in plain if pin.split("==")[0] in NOT_FOR_USERS]
    # and nothing the benchmark or development extras declare (psutil, lxml-html-clean, wheel, ...)
    tools = {pin.split("==")[0].lower() for pin in extras["bench"] + extras["dev"]}
    assert not [pin for pin in plain if pin.split("==")[0].lower() in tools]
    # what `pip install .[redis]` adds
    redis = sorted(r.split(";")[0].strip() for r in requires if re.search(r"extra == .redis.", r))
    assert redis == sorted(extras["redis"]) and any(pin.startswith("scrapy-redis==") for pin in redis)
    assert set(extras) == {"redis", "bench", "dev"}


def test_newscrawl_command_works_from_another_directory_without_the_extras(installed: Path, tmp_path: Path, mirror):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # a lean install: the extras' and dev tools' modules cannot be imported (the shared venv has them all)
    absent = tmp_path / "absent"
    absent.mkdir()
    for module in ("redis", "scrapy_redis", "pytest", "xdist", "hypothesis", "trafilatura", "selectolax", "datasets",
                   "playwright", "prometheus_client"):
        (absent / f"{module}.py").write_text(f"raise ImportError('{module} is not installed')\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(absent)

    def newscrawl(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(installed / "newscrawl"), *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=300)

    where = subprocess.run([str(installed / "python"), "-c", "import newscrawl; print(newscrawl.__file__)"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(installed.parent)), where  # the installed copy, not the checkout

    assert newscrawl("--version").stdout.strip() == f"newscrawl {__version__}"
    assert "www.islamtimes.com" in newscrawl("sites").stdout

    crawl = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "-o", "out/articles.jsonl",
                      "--max-articles", "5", *FAST_SET)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    records = [json.loads(line) for line in (elsewhere / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5 and all(record["site"] == "islamtimes" and record["headline"] for record in records)
    assert "articles written : 5" in crawl.stderr

    # cron runs `scrapy crawl` in a child process: it must find the project's settings without scrapy.cfg
    cron = newscrawl("cron", "islamtimes", "--base-url", mirror.base_url, "--data-dir", "data",
                     "--set", "CLOSESPIDER_ITEMCOUNT=3", *FAST_SET)
    assert cron.returncode == 0, cron.stderr[-3000:]
    assert list((elsewhere / "data" / "islamtimes").glob("*.jsonl"))

    unknown = newscrawl("crawl", "nosuch")
    assert unknown.returncode == 2 and "known sites: " in unknown.stderr
    for command in ("serve", "demo"):  # the mirror is development tooling in the checkout, not in the package
        no_mirror = newscrawl(command, "--port", "0")
        assert no_mirror.returncode == 2 and "inside a checkout" in no_mirror.stderr, no_mirror.stderr
        assert "Traceback" not in no_mirror.stderr


def test_python_m_newscrawl_stays_an_alias():
    done = subprocess.run([sys.executable, "-m", "newscrawl", "--version"], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"newscrawl {__version__}"


# -- bin/setup ---------------------------------------------------------------------------------

def setup_copy(tmp_path: Path, requirements: str) -> Path:
    checkout = tmp_path / "checkout"
    (checkout / "bin").mkdir(parents=True)
    shutil.copy2(PROJECT / "bin" / "setup", checkout / "bin" / "setup")
    (checkout / "requirements.txt").write_text(requirements, encoding="utf-8")
    return checkout


def fake_python(tmp_path: Path, version: str) -> Path:
    """A `python3` that is too old: fails the version check and reports *version*."""
    fake = tmp_path / "python3.10"
    fake.write_text(f"#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python {version}'\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


def test_setup_refuses_an_old_python_before_doing_anything(tmp_path: Path):
    checkout = setup_copy(tmp_path, "")
    done = subprocess.run(["bash", "bin/setup"], cwd=checkout, capture_output=True, text=True,
                          env={**os.environ, "PYTHON": str(fake_python(tmp_path, "3.10.12"))})
    assert done.returncode == 2
    assert "needs Python 3.11 or newer" in done.stderr and "3.10.12" in done.stderr
    assert not (checkout / ".venv").exists()


def test_a_failed_install_leaves_no_venv_that_later_runs_trust(tmp_path: Path):
    base = getattr(sys, "_base_executable", sys.executable)
    checkout = setup_copy(tmp_path, "newscrawl-no-such-package==0.0.1\n")
    env = {**os.environ, "PYTHON": base, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path)}  # offline, fails fast
    first = subprocess.run(["bash", "bin/setup"], cwd=checkout, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode != 0
    assert not (checkout / ".venv" / ".requirements.sha256").exists()  # never marked complete
    second = subprocess.run(["bash", "bin/setup"], cwd=checkout, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode != 0  # tried again from scratch, not trusted
    assert "removing .venv left by a failed or outdated set-up" in second.stdout
    # (the success path, stamp written last, is what every CI run does first: .ci/run -> bin/setup)
