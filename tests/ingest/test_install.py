"""The package as a user gets it: the wheel installed into a fresh venv in another folder runs, with
its rules shipped inside; optional features say which extra they need; Dask workers use their own
installed rules and are refused when those differ from the driver's."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import tomllib

from conftest import ROOT, SAMPLES, read_csv
from extract.errors import ExitCode, WorkerRulesError
from extract.ingest.pipeline import RunOptions, run
from extract.settings import PACKAGE_DIR, Settings, default_models_dir

TWO = ("seed_001_digital.pdf", "2013_06413_digital.pdf")
DATASET = ("agreements", "projects", "sections", "pages", "errors")


def clean_env() -> dict[str, str]:
    """No PYTHONPATH: the subprocess imports aqb from where it is installed, not from this checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_pyproject_ships_every_subpackage_and_the_models() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.relative_to(ROOT).parts[:-1]) for p in PACKAGE_DIR.rglob("__init__.py")}
    assert set(config["packages"]) == found | {"extract.models"}
    assert config["package-dir"]["extract.models"] == "models"
    assert all(p.suffix == ".jsonl" for p in (ROOT / "models").iterdir())  # what package-data ships


def test_models_dir_is_the_packaged_copy_when_installed(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "extract").mkdir(parents=True)
    (checkout / "models").mkdir()
    assert default_models_dir(checkout / "extract") == checkout / "models"
    installed = tmp_path / "site-packages" / "extract"
    (installed / "models").mkdir(parents=True)
    assert default_models_dir(installed) == installed / "models"


BLOCK = "import sys; [sys.modules.__setitem__(m, None) for m in ('fontTools', 'matplotlib')]; "  # Jinja2 comes with spaCy


@pytest.mark.parametrize("args, code, extra", [
    (["--help"], ExitCode.OK, None),
    (["run", str(SAMPLES / "seed_001_digital.pdf"), "--out", "{tmp}/out", "--archive"], ExitCode.MISSING_DEPENDENCY, "aqb[archive]"),
    (["report", "{tmp}"], ExitCode.MISSING_DEPENDENCY, "aqb[report]"),
])
def test_optional_features_need_their_extra(args: list[str], code: int, extra: str | None, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    script = BLOCK + f"from extract.cli import main; main({args!r}, prog_name='aqb')"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == code, done.stderr
    if extra:
        assert extra in done.stderr and "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources, installed into a fresh venv. Its dependencies are the
    ones this interpreter has (a .pth line), so no index is needed; .ci/install-check does the same with
    the dependencies resolved from the package index."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("extract", "models"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600, env=clean_env())
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("aqb-*.whl")
    env = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    purelib = subprocess.run([env / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "aqb-test-deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--no-index",
                                "--no-deps", "-q", str(wheel)], capture_output=True, text=True, timeout=600, env=clean_env())
    assert installed.returncode == 0, installed.stderr
    return env


@pytest.mark.e2e
def test_wheel_installed_in_another_folder_runs(venv: Path, tmp_path: Path) -> None:
    where = subprocess.run([venv / "bin" / "python", "-c", "import extract.settings as s; print(s.MODELS_DIR)"],
                           capture_output=True, text=True, cwd=tmp_path, env=clean_env(), check=True).stdout.strip()
    assert Path(where).is_relative_to(venv) and (Path(where) / "districts.jsonl").is_file()
    helped = subprocess.run([venv / "bin" / "aqb", "--help"], capture_output=True, text=True, cwd=tmp_path, env=clean_env())
    assert helped.returncode == 0 and "Exit codes" in helped.stdout
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in TWO:
        shutil.copy(SAMPLES / name, inbox / name)
    done = subprocess.run([venv / "bin" / "aqb", "run", "inbox", "--out", "dataset", "-j", "1", "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path, env=clean_env(), timeout=600)
    assert done.returncode == 0, done.stderr
    agreements = {row["source_file"]: row for row in read_csv(tmp_path / "dataset" / "agreements.csv")}
    assert sorted(agreements) == sorted(TWO)
    assert agreements["seed_001_digital.pdf"]["district_ags"] == "06434"


@pytest.fixture(scope="module")
def wheel_worker(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask scheduler here and one worker process run by the installed wheel, in another folder."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        folder = tmp_path_factory.mktemp("worker")
        worker = subprocess.Popen([venv / "bin" / "python", "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
                                   "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
                                  cwd=folder, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with distributed.Client(cluster.scheduler_address) as client:
                client.wait_for_workers(1, timeout=120)
            yield cluster.scheduler_address
        finally:
            worker.terminate()
            worker.wait(timeout=60)


@pytest.mark.e2e
def test_dask_worker_from_the_wheel_gives_the_local_dataset(wheel_worker: str, venv: Path, tmp_path: Path) -> None:
    import distributed

    with distributed.Client(wheel_worker) as client:
        (models,) = client.run(default_models_dir).values()
    assert Path(models).is_relative_to(venv)  # its own packaged rules, not this checkout's path
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in (*TWO, "2018_06412_scan.pdf", "nonagreement_pressemitteilung_2023_digital.pdf"):
        shutil.copy(SAMPLES / name, inbox / name)
    local = run([inbox], tmp_path / "local", options=RunOptions(jobs=1))
    remote = run([inbox], tmp_path / "dask", options=RunOptions(executor="dask", scheduler=wheel_worker))
    assert (remote.processed, remote.agreements) == (local.processed, local.agreements) == (4, 3)
    for table in DATASET:
        assert (tmp_path / "dask" / f"{table}.csv").read_bytes() == (tmp_path / "local" / f"{table}.csv").read_bytes(), table
        assert pq.read_table(tmp_path / "dask" / f"{table}.parquet").equals(pq.read_table(tmp_path / "local" / f"{table}.parquet"))


@pytest.mark.e2e
def test_dask_worker_with_other_rules_is_refused(wheel_worker: str, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(default_models_dir(), models)
    with open(models / "wordlists.jsonl", "a", encoding="utf-8") as handle:
        handle.write("\n")  # the driver's rules differ from the worker's by one byte
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / TWO[0], inbox / TWO[0])
    with pytest.raises(WorkerRulesError, match="other rules than the driver"):
        run([inbox], tmp_path / "out", Settings(models_dir=models), options=RunOptions(executor="dask", scheduler=wheel_worker))
