"""An archive with two built audio episodes of 150 s, and writers for the three log formats.

The build is real (ffmpeg encodes the MP3s, the derivatives table records their
size and length), made once per module and copied for each test.
"""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from archive import Catalogue, ItemFields
from pipeline.build import build
from pipeline.plumbing import config
from pipeline.services.ingest import Recording, add_recording
from pipeline.services.stats.importer import episode_files

APPLE = "Podcasts/1555.2.1 CFNetwork/1408.0.4 Darwin/22.5.0"
OVERCAST = "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)"
SPOTIFY = "Spotify/8.8.0 Android/33 (SM-G991B)"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
ADDICT = "PodcastAddict/v5 (Linux;Android 13) ExoPlayerLib/2.18.7"
GOOGLEBOT = "Googlebot/2.1 (+http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
CURL = "curl/8.5.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory, media) -> Path:
    folder = tmp_path_factory.mktemp("stats") / "archive"
    cat = Catalogue.create(folder)
    config.write_initial(folder, title="Archive de test", base_url="https://podcasts.example.org/")
    cat.add_residence("lire-en-sambre", "Lire en Sambre", kind="mission-appui")
    cat.add_series("contes", "Les bibliothèques racontent", residence="lire-en-sambre")
    cat.add_series("souvenirs", "Musique et souvenirs")
    for series, title, freq in (("contes", "La légende du géant", 440),
                                ("souvenirs", "Une chanson de mon enfance", 550)):
        add_recording(cat, Recording(file=media.tone(150, freq=freq), series=series,
                                     fields=ItemFields(title=title), cleared=True), actor="test")
    build(cat, config.load(folder), folder / "site")
    cat.close()
    return folder


@pytest.fixture
def archive_copy(built, tmp_path) -> Path:
    dest = tmp_path / "archive"
    shutil.copytree(built, dest)
    return dest


@pytest.fixture
def cat(archive_copy):
    with Catalogue.open(archive_copy) as c:
        yield c


def sizes(cat: Catalogue, slug: str) -> tuple[int, int]:
    """(bytes of the file, bytes for one minute of it) for episode ``slug``."""
    ep = episode_files(cat)[f"media/{slug}.mp3"]
    return ep.size, ep.threshold


def at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


def combined(rows) -> str:
    """nginx/Apache combined lines from (ip, ua, 'YYYY-MM-DD HH:MM:SS', method, path,
    status, bytes)."""
    out = []
    for ip, ua, when, method, path, status, sent in rows:
        stamp = at(when).strftime("%d/%b/%Y:%H:%M:%S +0000")
        out.append(f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {sent} '
                   f'"-" "{ua}"\n')
    return "".join(out)


def s3(rows) -> str:
    out = []
    for n, (ip, ua, when, method, key, status, sent) in enumerate(rows):
        stamp = at(when).strftime("%d/%b/%Y:%H:%M:%S +0000")
        op = f"REST.{method}.OBJECT"
        out.append(
            f'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be clea-podcasts '
            f'[{stamp}] {ip} - 3E57427F3EXAMPLE{n:04d} {op} {key} "{method} /{key} HTTP/1.1" '
            f'{status} - {sent} 2400000 70 10 "-" "{ua}" - '
            f'Ke1bUcazaN1jWuUlPJaxF64cQVpUEhoZKEG/hmy/gijN/I1DeWqDfFvnpybfEseEME/u7ME1234= '
            f'SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader clea-podcasts.s3.fr-par.scw.cloud '
            f'TLSv1.2 - -\n')
    return "".join(out)


CF_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
             "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
             "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for "
             "ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version "
             "fle-status fle-encrypted-fields c-port time-to-first-byte "
             "x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start "
             "sc-range-end")


def cloudfront(rows) -> str:
    """CloudFront lines from (ip, ua, when, method, path, status, bytes, range_start)."""
    out = ["#Version: 1.0\n", f"#Fields: {CF_FIELDS}\n"]
    for ip, ua, when, method, path, status, sent, start in rows:
        d, t = when.split(" ")
        end = "-" if start is None else str(start + sent - 1)
        cells = [d, t, "CDG50-C1", str(sent), ip, method, "d111111abcdef8.cloudfront.net",
                 path, str(status), "-", quote(quote(ua, safe="/();,+:")), "-", "-", "Miss",
                 "Xk3Q1WmvZoXqBVn4VzPr1ZD4JcE0z3oXdJh5Y9bFvQ==", "cdn.example.org", "https",
                 "200", "0.050", "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "Miss", "HTTP/2.0",
                 "-", "-", "51234", "0.020", "Miss", "audio/mpeg", str(sent),
                 "-" if start is None else str(start), end]
        out.append("\t".join(cells) + "\n")
    return "".join(out)


def write(path: Path, text: str, *, gz: bool = False) -> Path:
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
