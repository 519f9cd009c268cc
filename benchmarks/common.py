"""Shared by the benchmarks: the machine, timing helpers, one row of the results table."""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results"


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM and load: printed with every result, since ratios are all we compare."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gb": ram_gb, "python": platform.python_version(),
            "load_avg": [round(x, 2) for x in os.getloadavg()]}


def row(benchmark: str, measure: str, value: float, unit: str, baseline: str, ratio: float | None,
        target: str, passed: bool | None, **extra: Any) -> dict[str, Any]:
    """One line of the table: *ratio* is what the *target* is about; ``passed`` None means no target."""
    return {"benchmark": benchmark, "measure": measure, "value": value, "unit": unit, "baseline": baseline,
            "ratio": ratio, "target": target, "passed": passed, **extra}


def timed(func: Callable[[], Any]) -> float:
    """Seconds one call of *func* takes (perf_counter)."""
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextlib.contextmanager
def quiet_loggers(*names: str, level: int = logging.CRITICAL) -> Iterator[None]:
    """Silence the per-page warnings of *names* while measuring, and restore their levels after:
    the benchmarks also run inside the test suite, whose later tests read those warnings."""
    loggers = [logging.getLogger(name) for name in names]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, saved, strict=True):
            logger.setLevel(old)
