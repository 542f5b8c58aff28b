"""Independent checks on our output, with ffmpeg and ffprobe, never with clea's code."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path


def loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) as ffmpeg's ebur128 measures them."""
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:a:0",
         "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
        capture_output=True, text=True, check=True)
    summary = proc.stderr[proc.stderr.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def streams(path: Path) -> tuple[dict, list[dict]]:
    proc = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of",
                           "json", str(path)], capture_output=True, text=True, check=True)
    data = json.loads(proc.stdout)
    return data["format"], data["streams"]


def top_level_atoms(path: Path) -> list[str]:
    """The MP4's top-level boxes, in file order."""
    names, data = [], Path(path).read_bytes()
    i = 0
    while i + 8 <= len(data):
        size = int.from_bytes(data[i:i + 4], "big")
        name = data[i + 4:i + 8].decode("latin-1")
        if size == 1:
            size = int.from_bytes(data[i + 8:i + 16], "big")
        names.append(name)
        if size < 8:
            break
        i += size
    return names


def silences(path: Path) -> list[tuple[float, float | None]]:
    proc = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
         "silencedetect=n=-55dB:d=0.3", "-f", "null", "-"], capture_output=True, text=True,
        check=True)
    found: list[tuple[float, float | None]] = []
    for line in proc.stderr.splitlines():
        if m := re.search(r"silence_start: (-?[\d.]+)", line):
            found.append((float(m.group(1)), None))
        elif (m := re.search(r"silence_end: (-?[\d.]+)", line)) and found:
            found[-1] = (found[-1][0], float(m.group(1)))
    return found
