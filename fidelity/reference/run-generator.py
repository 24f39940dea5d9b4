#!/usr/bin/env python3
"""Runs the playlist generator's own beat3tower extractor (release 3.2.0) on the
fidelity audio set and writes its numbers as the reference JSON (see README,
"Analysis fidelity"). Needs the generator's source and librosa importable:

  PYTHONPATH=<librosa-0.11 source>:<soxr shim> python3 run-generator.py \
      GENERATOR_CHECKOUT AUDIO_DIR ../reference.json

GENERATOR_CHECKOUT is a checkout of vonschwab/smart-playlist-generator at the
"Release v3.2.0" commit (79fbde48); only src/features/beat3tower_*.py are used.
"""
import json
import os
import sys
import time
import types
import importlib.util

gen_dir, audio_dir, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
manifest = json.load(open(os.path.join(os.path.dirname(__file__), "..", "tracks.json")))

# The extractor imports src.logging_utils for its __main__ only: a stand-in suffices.
src = types.ModuleType("src")
src.__path__ = [os.path.join(gen_dir, "src")]
sys.modules["src"] = src
logging_utils = types.ModuleType("src.logging_utils")
logging_utils.configure_logging = lambda **_: None
sys.modules["src.logging_utils"] = logging_utils
features = types.ModuleType("src.features")
features.__path__ = [os.path.join(gen_dir, "src", "features")]
sys.modules["src.features"] = features
for name in ("beat3tower_types", "beat3tower_extractor"):
    spec = importlib.util.spec_from_file_location(
        f"src.features.{name}", os.path.join(gen_dir, "src", "features", f"{name}.py")
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules[f"src.features.{name}"] = mod
    spec.loader.exec_module(mod)
extractor_mod = sys.modules["src.features.beat3tower_extractor"]

import librosa  # noqa: E402

ext = {"copy": None, "flac": ".flac", "wav": ".wav", "mp3": ".mp3", "tracker-flac": ".flac"}
only = set(sys.argv[4:])
out = {}
if os.path.exists(out_path):
    out = json.load(open(out_path)).get("tracks", {})
extractor = extractor_mod.Beat3TowerExtractor()
# Warm up numba's compiled paths so the first track's CPU time is not compile time.
import numpy as np  # noqa: E402
extractor._extract_full_with_meta(np.random.default_rng(0).standard_normal(22050 * 8).astype(np.float32) * 0.1, "full")
for track in manifest["tracks"]:
    if only and track["id"] not in only:
        continue
    e = ext[track["make"]] or os.path.splitext(track["source"])[1]
    path = os.path.join(audio_dir, track["id"] + e)
    t0 = time.process_time()
    result = extractor.extract_from_file(path)
    cpu = time.process_time() - t0
    out[track["id"]] = {"cpu_seconds": cpu, "features": result}
    print(f"{track['id']}: {cpu:.1f} s CPU", flush=True)

json.dump(
    {
        "about": "beat3tower values of the fidelity audio set from the playlist generator's own extractor",
        "extractor": "vonschwab/smart-playlist-generator src/features/beat3tower_extractor.py, Release v3.2.0 (79fbde48)",
        "librosa": librosa.__version__,
        "tracks": out,
    },
    open(out_path, "w"),
    indent=None,
    separators=(",", ":"),
)
