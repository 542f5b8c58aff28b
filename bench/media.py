"""Benchmark: clea's loudness-normalised MP3 beside a plain transcode and ffmpeg-normalize.

Goals (issue 3): clea's normalise+encode (measure pass + encode pass) at most
1.5x the time of a plain ``ffmpeg -i in.wav -b:a 128k out.mp3``, at least 3x
faster than ``ffmpeg-normalize`` (EBU R128 two-pass loudnorm), and peak memory of
the process tree (Python and ffmpeg) at most 120 MB whatever the duration.
Issue 12: the same encode with a series intro and outro joined (prepared with
pydub, concatenated in the streaming pass) keeps the same flat memory, printed
beside the plain clea encode.

The input is speech-like: espeak-ng reading French sentences, looped to length,
in stereo 44.1 kHz WAV. Every command reads the same file with a warm page cache.

    .venv/bin/python bench/media.py [--minutes 20 60]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import mb, run  # noqa: E402

TEXT = ("Il était une fois, dans une petite bibliothèque de Maubeuge, une conteuse qui lisait "
        "des histoires aux enfants. Chaque mercredi, les élèves de CM2 venaient écouter les "
        "livres parler de forêts, de loups et de rivières. Puis ils enregistraient leurs "
        "propres récits, avec des rires, des silences et des questions.")
NORMALIZE = str(Path(sys.executable).with_name("ffmpeg-normalize"))


def make_speech(folder: Path, minutes: int) -> Path:
    voice = folder / "voice.wav"
    if not voice.exists():
        subprocess.run(["espeak-ng", "-v", "fr", "-s", "150", "-w", str(voice), TEXT], check=True)
    out = folder / f"speech-{minutes}min.wav"
    # Two voices a little apart in pitch and place, so the stereo is not dual mono.
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(voice),
         "-t", str(minutes * 60), "-af",
         "aresample=44100,asplit[a][b];[b]adelay=180,asetrate=44100*1.06,aresample=44100[c];"
         "[a][c]join=inputs=2:channel_layout=stereo,volume=-6dB", str(out)], check=True)
    return out


def make_jingle(folder: Path) -> Path:
    """A 20 s musical « générique » at 48 kHz, with silence at both ends to trim."""
    out = folder / "jingle.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=f=523:d=20:sample_rate=48000,volume=-8dB,adelay=1500:all=1,"
                    "apad=pad_dur=1.5", "-ac", "2", str(out)], check=True)
    return out


def worker(src: Path, dest: Path, jingle: Path | None = None) -> None:
    """clea's own path: measure, then one streaming normalise + encode pass.

    With ``jingle``, it is prepared with pydub as an intro and an outro (as the
    media stage does) and joined to the episode in that same pass.
    """
    # This script is bench/media.py: its folder must not hide the real media package.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    from media import jingles
    from media.audio import MP3_LOSS_DB, AudioSpec, encode_mp3
    from media.loudness import measure

    spec = AudioSpec(mono=False, lufs=-16.0, true_peak=-1.0, bitrate=128)
    parts = {}
    if jingle is not None:
        recipe = jingles.Recipe("bench", spec.lufs, spec.true_peak, MP3_LOSS_DB,
                                spec.sample_rate, spec.mono)
        parts = {which: jingles.prepare(jingle, dest.with_name(f"{which}.wav"), recipe,
                                        subject=jingle.name) for which in ("intro", "outro")}
    loud = measure(src, subject=src.name, channels=2)
    encode_mp3(src, dest, loud=loud, spec=spec, channels=2, subject=src.name, **parts)


def loudness(path: Path) -> str:
    proc = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
                           "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    summary = proc.stderr[proc.stderr.rfind("Summary:"):]
    lines = [ln.strip() for ln in summary.splitlines() if ln.strip().startswith(("I:", "Peak:"))]
    return ", ".join(" ".join(ln.split()) for ln in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, nargs="+", default=[20, 60])
    parser.add_argument("--worker", nargs="+", metavar="IN OUT [JINGLE]",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*(Path(a) for a in args.worker))
        return
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        tmp = Path(tmp)
        for minutes in args.minutes:
            print(f"\n== {minutes} min of speech-like stereo WAV ==", flush=True)
            src = make_speech(tmp, minutes)
            subprocess.run(["cat", str(src)], stdout=subprocess.DEVNULL, check=True)  # warm
            plain_s, plain_mem = run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src),
                                      "-b:a", "128k", str(tmp / "plain.mp3")])
            clea_s, clea_mem = run([sys.executable, __file__, "--worker", str(src),
                                    str(tmp / "clea.mp3")])
            norm_s, norm_mem = run([NORMALIZE, str(src), "-o", str(tmp / "normalize.mp3"),
                                    "-c:a", "libmp3lame", "-b:a", "128k", "-t", "-16",
                                    "-tp", "-1", "-f"])
            print(f"plain ffmpeg transcode   {plain_s:7.1f} s  peak {mb(plain_mem):>7}  "
                  f"({minutes * 60 / plain_s:.0f}x real time)")
            print(f"clea normalise+encode    {clea_s:7.1f} s  peak {mb(clea_mem):>7}  "
                  f"= {clea_s / plain_s:.2f}x plain (goal <= 1.5x), memory goal <= 120 MB")
            print(f"ffmpeg-normalize         {norm_s:7.1f} s  peak {mb(norm_mem):>7}  "
                  f"= clea is {norm_s / clea_s:.1f}x faster (goal >= 3x)")
            print(f"  clea output:             {loudness(tmp / 'clea.mp3')}  (target -16 LUFS, "
                  "<= -1 dBTP)")
            jingle = make_jingle(tmp)
            joined_s, joined_mem = run([sys.executable, __file__, "--worker", str(src),
                                        str(tmp / "joined.mp3"), str(jingle)])
            print(f"clea + intro and outro   {joined_s:7.1f} s  peak {mb(joined_mem):>7}  "
                  f"beside clea alone {mb(clea_mem)} (goal: the same, <= 120 MB)")
            for name in ("joined.mp3", "intro.wav", "outro.wav"):
                (tmp / name).unlink()
            print(f"  ffmpeg-normalize output: {loudness(tmp / 'normalize.mp3')}")
            for name in ("plain.mp3", "clea.mp3", "normalize.mp3", src.name):
                (tmp / name).unlink()


if __name__ == "__main__":
    main()
