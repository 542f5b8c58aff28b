"""``make demo``: build a demo archive from the 2025 residences, media and all.

Media are made here and now (espeak-ng speaks the French texts, ffmpeg adds a
jingle and makes the videos, Pillow draws covers and title cards), so the
repository holds no binary media. Running it again reuses what exists.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw
from pydub import AudioSegment
from pydub.generators import Sine

from archive import Catalogue, ClearError, ItemFields, parse_contributor, users
from media import MediaError
from media.covers import font
from pipeline.demo import bilan, intros, productions
from pipeline.demo.data import ITEMS, RESIDENCES, SERIES
from pipeline.demo.stats import import_demo_logs
from pipeline.plumbing import config
from pipeline.services.ingest import Recording, add_recording, stage_sidecar

# Settings a real archive would have: `clea publish` refuses a local address and
# a placeholder e-mail. Pages link relatively, so the local preview still works.
BASE_URL = "https://podcasts.clea-sambre-avesnois.fr/"
OWNER_EMAIL = "podcasts@clea-sambre-avesnois.fr"
OWNER_NAME = "Médiathèques du Val de Sambre"
PUBLIC = "public"  # beside the archive: where the web interface's "Construire et publier" puts it
DEMO_USERS = (("marie", "responsable"), ("paul", "bibliothecaire"))
DEMO_PASSWORD = "clea-demo-2025"


def run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def speak(lines: list[str], dest: Path, *, stereo: bool) -> list[tuple[float, float, str]]:
    """Speak each line after a short jingle; return cue timings for the transcript.

    pydub does the short edits (a two-note jingle, silences between lines,
    fades): the clips are seconds long, so holding them in memory is fine;
    long recordings always go through ffmpeg's streaming filters instead.
    """
    jingle = (Sine(523).to_audio_segment(duration=600, volume=-14).fade_out(80)
              + Sine(659).to_audio_segment(duration=600, volume=-14).fade_out(200)
              + AudioSegment.silent(duration=800))
    audio, cues = jingle, []
    with tempfile.TemporaryDirectory() as tmp:
        for n, line in enumerate(lines):
            wav = Path(tmp) / f"line{n}.wav"
            run("espeak-ng", "-v", "fr", "-s", "150", "-w", str(wav), line)
            spoken = AudioSegment.from_wav(wav)
            start = len(audio) / 1000
            cues.append((start, start + len(spoken) / 1000, line))
            audio += spoken + AudioSegment.silent(duration=500)
    audio = audio.set_frame_rate(44100).set_channels(2 if stereo else 1)
    audio.export(dest, format="wav")
    return cues


def picture(dest: Path, title: str, size: tuple[int, int], colour: tuple[int, int, int],
            subtitle: str = "CLEA 2025") -> Path:
    width, height = size
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    big = font(max(28, width // 14))
    small = font(max(18, width // 28))
    words, lines, line = title.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=big) > width * 0.8 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = height * 0.35
    for text in lines:
        draw.text((width * 0.1, y), text, font=big, fill=(255, 255, 255))
        y += big.size * 1.25
    draw.text((width * 0.1, height * 0.85), subtitle, font=small, fill=(235, 235, 235))
    img.save(dest)
    return dest


def video(dest: Path, card: Path, audio: Path) -> None:
    run("ffmpeg", "-nostdin", "-y", "-loop", "1", "-framerate", "25", "-i", str(card),
        "-i", str(audio), "-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "veryfast",
        "-tune", "stillimage", "-c:a", "aac", "-b:a", "128k", "-shortest", str(dest))


def vtt(cues: list[tuple[float, float, str]]) -> str:
    def ts(s: float) -> str:
        return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"

    return "WEBVTT\n\n" + "\n".join(f"{ts(a)} --> {ts(b)}\n{text}\n" for a, b, text in cues)


def chapters(cues: list[tuple[float, float, str]]) -> str:
    marks = [(0.0, "Générique")] + [(a, text.split(",")[0][:40]) for a, _, text in cues[1::2]]
    return "".join(f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{int(t % 60):02d} {title}\n"
                   for t, title in marks)


def make_archive(folder: Path, say) -> Catalogue:
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    home = folder / "archive"
    cat = Catalogue.create(home)
    config.write_initial(home, title="Archive des résidences CLEA 2025", base_url=BASE_URL,
                         owner_name=OWNER_NAME, owner_email=OWNER_EMAIL,
                         publish_to=str(folder / PUBLIC))
    for r in RESIDENCES:
        cat.add_residence(r["slug"], r["title"], kind=r["kind"], description=r["description"],
                          artists=r["artists"], places=r["places"], themes=r["themes"],
                          start=date.fromisoformat(r["start"]), end=date.fromisoformat(r["end"]))
    for s in SERIES:
        cover = picture(sources / f"{s['slug']}.png", s["title"], (1400, 1400), s["colour"])
        with contextlib.ExitStack() as stack:
            staged = stage_sidecar(cat, cover, "cover", stack)
            cat.add_series(s["slug"], s["title"], medium=s["medium"], residence=s["residence"],
                           description=s["description"], cover=staged)
    colours = {s["slug"]: s["colour"] for s in SERIES}
    for n, item in enumerate(ITEMS, 1):
        say(f"  [{n}/{len(ITEMS)}] {item['title']}")
        stem = sources / f"item-{n:02d}"
        audio = stem.with_suffix(".wav")
        cues = speak(item["lines"], audio, stereo=n % 2 == 0)
        media_file = audio
        if item.get("video"):
            card = picture(stem.with_suffix(".png"), item["title"], item["video"],
                           colours[item["series"]], subtitle="Pastille vidéo")
            media_file = stem.with_suffix(".mp4")
            video(media_file, card, audio)
        transcript = None
        if item.get("transcript"):
            transcript = stem.with_suffix(".vtt")
            transcript.write_text(vtt(cues), encoding="utf-8")
        chapter_file = None
        if item.get("chapters"):
            chapter_file = stem.with_suffix(".chapters.txt")
            chapter_file.write_text(chapters(cues), encoding="utf-8")
        fields = ItemFields(
            title=item["title"], description=item["description"], kind=item["kind"],
            audiences=item["audiences"], themes=item["themes"], place=item["place"],
            contributors=tuple(parse_contributor(c) for c in item["contributors"]),
            group=item.get("group", ""), recorded=date.fromisoformat(item["recorded"]),
            licence="cc-by-nc-nd-4.0",
        )
        add_recording(cat, Recording(
            file=media_file, series=item["series"], fields=fields, transcript=transcript,
            chapters=chapter_file, cleared=item["cleared"],
            form_ref=f"AUT-2025-{n:03d}" if item["cleared"] else "",
        ), actor="démo")
    productions.add(cat, sources / "productions", say)
    return cat


def add_users(cat: Catalogue, say) -> None:
    """Accounts for the web interface; those that exist already are kept."""
    for name, role in DEMO_USERS:
        with contextlib.suppress(ClearError):
            users.add_user(cat.conn, name, role, DEMO_PASSWORD)
    say(f"Demo accounts: {', '.join(f'{n} ({r})' for n, r in DEMO_USERS)}, "
        f"password {DEMO_PASSWORD}")


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "demo").resolve()
    home = folder / "archive"

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        if (home / "catalogue.sqlite").exists():
            say(f"Reusing the demo archive in {home}")
            cat = Catalogue.open(home)
        else:
            say(f"Making the demo archive in {home} (media spoken by espeak-ng)…")
            cat = make_archive(folder, say)
        add_users(cat, say)
        intros.add(cat, folder / "sources", say)
        bilan.record(cat, home, say)
        from pipeline.build import build

        report = build(cat, config.load(home), config.site_folder(home), log=say, progress=True)
        say(report.summary())
        from pipeline.demo import preserve

        preserve.build(cat, folder, say)
        say(import_demo_logs(cat, folder / "logs"))
    except (ClearError, MediaError) as exc:
        print(f"demo: {exc.line()}", file=sys.stderr)
        return 1
    drafts = [i.slug for i in cat.items() if i.status == "draft"]
    clea = Path(sys.executable).with_name("clea")
    say("")
    say("Done. Where to look:")
    say(f"  archive (catalogue, originals):  {home}")
    say(f"  public site, opened from disk:   {home / 'site' / 'index.html'}")
    say(f"  podcast feeds:                   {home / 'site' / 'feeds'}/")
    say(f"  preview with range requests:     {clea} --archive {home} serve --port 8000")
    say("                                   then open http://127.0.0.1:8000/")
    say(f"  librarians' web interface:       {clea} --archive {home} web")
    say("                                   then open http://127.0.0.1:8421/")
    say(f"  the catalogue from the terminal: {clea} --archive {home} list")
    say(f"  publish (to {folder / PUBLIC}):  {clea} --archive {home} publish")
    if drafts:
        say(f"  not cleared, so not public:      {', '.join(drafts)}")
    cat.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
