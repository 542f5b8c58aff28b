"""The demo's audio series get their « générique »: a short intro and outro each.

pydub draws them (a few notes of a pentatonic motif, different for each
series, with a little silence around it, as a file from a musician would have)
and ``set_series_jingles`` stores them as ``clea series edit --intro/--outro``
would; the build then trims, fades and levels them and joins them to every
episode. A series that already has its intro keeps it, so a rerun adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from pydub import AudioSegment
from pydub.generators import Sine, Triangle

from archive import AUDIO, Catalogue
from pipeline.demo.data import SERIES
from pipeline.services.jingles import JingleFile, set_series_jingles

NOTES = (392.0, 440.0, 523.25, 587.33, 659.25, 783.99)  # G major pentatonic, G4-G5
MARGIN_MS = 400  # silence around the motif, which the preparation trims


def add(cat: Catalogue, sources: Path, say) -> None:
    """Give every audio series of the demo an intro and an outro, once."""
    sources.mkdir(parents=True, exist_ok=True)
    done = 0
    for n, s in enumerate(SERIES):
        if s["medium"] != AUDIO or cat.series(s["slug"]).intro_sha:
            continue
        intro, outro = sources / f"{s['slug']}-intro.wav", sources / f"{s['slug']}-outro.wav"
        motif(n, rising=True).export(intro, format="wav")
        motif(n, rising=False).export(outro, format="wav")
        set_series_jingles(cat, s["slug"], intro=JingleFile(intro), outro=JingleFile(outro),
                           actor="démo")
        done += 1
    if done:
        say(f"  intros and outros for {done} audio series")


def motif(seed: int, *, rising: bool) -> AudioSegment:
    """Four notes and a held fifth, rising for an intro, falling for an outro."""
    steps = [(seed + k * (2 + seed % 3)) % len(NOTES) for k in range(4)]
    steps = sorted(steps) if rising else sorted(steps, reverse=True)
    out = AudioSegment.silent(duration=MARGIN_MS, frame_rate=44100)
    for step in steps:
        note = (Sine(NOTES[step]).to_audio_segment(duration=260, volume=-12)
                .overlay(Triangle(NOTES[step] / 2).to_audio_segment(duration=260, volume=-22)))
        out += note.fade_in(10).fade_out(120)
    last = NOTES[steps[-1]]
    out += Sine(last).to_audio_segment(duration=900, volume=-12).fade_out(700)
    out += AudioSegment.silent(duration=MARGIN_MS, frame_rate=44100)
    return out.set_channels(2)
