"""A week of access logs for the demo, in two formats, counted by ``clea stats import``.

The site's own server writes nginx "combined" lines, the CDN CloudFront
standard logs (gzipped, with byte offsets). Listeners use the usual apps;
some download an episode several times the same day, some only try its first
seconds (short range requests), and crawlers fetch everything: the counts
``clea stats`` then shows are lower than the requests, as they should be.
Addresses are from the ranges reserved for documentation (RFC 5737, 3849).
The logs are drawn from a fixed seed: running the demo again imports the same
logs, which are recognised and count nothing twice.
"""

from __future__ import annotations

import gzip
import random
import time
from pathlib import Path
from urllib.parse import quote

from archive import Catalogue
from pipeline.services.stats import import_logs
from pipeline.services.stats.importer import episode_files

WEEK_START = 1762128000  # 2025-11-03 00:00:00 UTC, the week after the Lire en Sambre residence
DAYS = 7
APPS = [
    ("Podcasts/1555.2.1 CFNetwork/1408.0.4 Darwin/22.5.0", 30),
    ("AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; fr_fr)", 10),
    ("Spotify/8.9.28 Android/34 (SM-A546B)", 18),
    ("Deezer/7.0.0.1 (Android; 14; Mobile; fr)", 8),
    ("PodcastAddict/v5 (Linux;Android 14) ExoPlayerLib/2.19.1", 8),
    ("AntennaPod/3.4.0", 5),
    ("Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", 4),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/128.0.0.0 Safari/537.36", 10),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.5 Mobile/15E148 Safari/604.1", 7),
]
BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "curl/8.5.0", "python-requests/2.32.3"]
CF_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
             "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
             "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
             "sc-range-start sc-range-end")


def _address(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"2001:db8:{rng.randrange(1, 400):x}:{rng.randrange(1, 9):x}::{rng.randrange(1, 99):x}"
    net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
    return f"{net}.{rng.randrange(1, 255)}"


def _requests(rng: random.Random, episodes: list[tuple[str, int, int]]):
    """(time, address, agent, method, path, status, bytes sent, range start) per request."""
    listeners = [(_address(rng), rng.choices([a for a, _ in APPS], [w for _, w in APPS])[0])
                 for _ in range(260)]
    out = []
    for day in range(DAYS):
        base = WEEK_START + day * 86400
        for addr, agent in rng.sample(listeners, 90 + 8 * day):
            path, size, minute = rng.choice(episodes)
            t = base + rng.randrange(6 * 3600, 23 * 3600)
            kind = rng.random()
            if kind < 0.6:  # a whole download, sometimes again later the same day
                out.append((t, addr, agent, "GET", path, 200, size, None))
                if rng.random() < 0.3:
                    out.append((t + rng.randrange(600, 7200), addr, agent, "GET", path, 200,
                                size, None))
            elif kind < 0.85:  # a player streaming by ranges
                start = 0
                while start < size:
                    chunk = min(size - start, max(1, minute // 2))
                    out.append((t, addr, agent, "GET", path, 206, chunk, start))
                    start += chunk
                    t += 20
            else:  # a few seconds tried, then given up: under a minute
                out.append((t, addr, agent, "GET", path, 206, minute // 6, 0))
            if rng.random() < 0.1:
                out.append((t, addr, agent, "HEAD", path, 200, 0, None))
        for bot in BOTS:
            for path, size, _ in episodes:
                out.append((base + rng.randrange(0, 86400), _address(rng), bot, "GET", path, 200,
                            size, None))
    out.sort(key=lambda r: r[0])
    return out


def _combined(r) -> str:
    t, addr, agent, method, path, status, sent, _ = r
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(t))
    return f'{addr} - - [{stamp}] "{method} /{path} HTTP/1.1" {status} {sent} "-" "{agent}"\n'


def _cloudfront(r) -> str:
    t, addr, agent, method, path, status, sent, start = r
    end = "-" if start is None else str(start + sent - 1)
    cells = [time.strftime("%Y-%m-%d\t%H:%M:%S", time.gmtime(t)), "CDG50-C1", str(sent), addr,
             method, "d1demo.cloudfront.net", "/" + path, str(status), "-",
             quote(quote(agent, safe="/();,+:")), "-", "-", "Hit", "demo", "cdn.example.org",
             "https", "180", "0.010", "-" if start is None else str(start), end]
    return "\t".join(cells) + "\n"


def import_demo_logs(cat: Catalogue, folder: Path) -> str:
    """Write the week's logs into ``folder`` (site server and CDN) and import them."""
    folder.mkdir(parents=True, exist_ok=True)
    episodes = [(path, ep.size, ep.threshold) for path, ep in sorted(episode_files(cat).items())]
    if not episodes:
        return "No published episode: no listening figures."
    rng = random.Random(2025)
    requests = _requests(rng, episodes)
    site = folder / "site-access.log"
    cdn = folder / "cdn-E2DEMO.2025-11-03.gz"
    with open(site, "w", encoding="utf-8") as plain, \
            gzip.GzipFile(cdn, "wb", mtime=0) as packed:
        packed.write(f"#Version: 1.0\n#Fields: {CF_FIELDS}\n".encode())
        for n, r in enumerate(requests):
            # Most listeners come through the CDN; the site serves the rest.
            if n % 4 == 0:
                plain.write(_combined(r))
            else:
                packed.write(_cloudfront(r).encode())
    report = import_logs(cat, [site, cdn], actor="démo")
    counted = sum(n for (n,) in cat.conn.execute("SELECT SUM(downloads) FROM listening_daily"))
    return (f"Listening figures: {len(requests)} requests in a week of logs, "
            f"{report.downloads} new download(s), {counted} in all (clea stats --by series).")
