"""Timing helper for the parse benchmark (target: the five seeds in well under a second)."""

from __future__ import annotations

import time
from pathlib import Path

from . import parse_bytes


def time_seed_parsing(paths) -> dict:
    """Parse each file once (after one warm-up of OpenCC) and report wall-clock seconds."""
    files = [Path(p) for p in paths]
    blobs = {f.name: f.read_bytes() for f in files}
    if blobs:
        parse_bytes(next(iter(blobs.values())))  # load OpenCC's dictionaries outside the measurement
    per_file = {}
    start = time.perf_counter()
    for name, data in blobs.items():
        t0 = time.perf_counter()
        parse_bytes(data, name)
        per_file[name] = round(time.perf_counter() - t0, 4)
    return {"seconds": round(time.perf_counter() - start, 4), "per_file": per_file}
