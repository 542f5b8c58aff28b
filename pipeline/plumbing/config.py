"""The archive's settings: one home, read and validated once, then passed down.

They live in ``clea.toml`` in the archive folder, written by ``clea init`` with a
comment beside each setting so a librarian can edit it by hand.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from archive import N_, ClearError, Term
from archive.atomic import write_text
from pipeline.plumbing.credentials import has_credentials, hide

CONFIG_NAME = "clea.toml"
SITE_NAME = "site"
DEFAULT_TARGET = "defaut"  # the name of [publish] publish_to among the targets
_TARGET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_TARGET_KEYS = ("to", "endpoint_url", "region")


@dataclass(frozen=True)
class PublishTarget:
    """A place the archive may be published to, named in ``clea.toml``.

    The web interface publishes only to these, chosen by name: a path or a
    bucket typed in a browser is never used.
    """

    name: str
    to: str
    endpoint_url: str = ""
    region: str = ""


@dataclass(frozen=True)
class Settings:
    title: str = "Archive des résidences CLEA"
    description: str = "Contes, podcasts et vidéos créés pendant les résidences d'artistes."
    base_url: str = "http://localhost:8000/"
    media_base_url: str = ""  # a CDN in front of the bucket; empty: same as base_url
    author: str = "Réseau des médiathèques"
    owner_name: str = "Réseau des médiathèques"
    owner_email: str = "podcast@example.org"
    language: str = "fr"
    category: str = "Education"
    require_transcripts: bool = False
    # media
    stereo_lufs: float = -16.0
    mono_lufs: float = -19.0
    true_peak: float = -1.0
    stereo_bitrate: int = 128
    mono_bitrate: int = 96
    # web interface
    max_upload_mb: int = 4096
    # The server's own limits (waitress): see README, "Security".
    threads: int = 6  # requests handled at the same time
    connection_limit: int = 500  # open connections, idle or slow ones included
    channel_timeout: int = 60  # seconds without a byte before a connection is closed
    cleanup_interval: int = 10  # seconds between looks for such connections
    backlog: int = 1024  # connections waiting to be accepted
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    # public site
    public_bilan: bool = False  # a « Bilan » page on the public site (counts only)
    # publish
    publish_to: str = ""
    endpoint_url: str = ""
    region: str = ""
    # [publish.targets.NAME] tables: other named targets
    targets: tuple[PublishTarget, ...] = ()
    # preservation: a replica of the originals (s3://bucket/prefix), OAI-PMH page size
    replica_url: str = ""
    replica_endpoint_url: str = ""
    replica_region: str = ""
    oai_page_size: int = 100

    @property
    def media_url(self) -> str:
        return self.media_base_url or self.base_url

    def publish_targets(self) -> list[PublishTarget]:
        """Every named target: ``publish_to`` first (as ``defaut``), then the others."""
        found = [PublishTarget(DEFAULT_TARGET, self.publish_to, self.endpoint_url,
                               self.region)] if self.publish_to.strip() else []
        return found + list(self.targets)

    def target(self, name: str) -> PublishTarget:
        """The target called ``name`` (empty: the default one), or a clear refusal."""
        targets = self.publish_targets()
        if not name:
            if not targets:
                raise ClearError(N_("no publish target is set: add publish_to to [publish] "
                                    "in {config}"), code="settings.no-target",
                                 config=CONFIG_NAME)
            return targets[0]
        for target in targets:
            if target.name == name:
                return target
        known = ", ".join(t.name for t in targets) or Term(N_("none"))
        raise ClearError(N_("no publish target of that name in {config} (known: {known})"),
                         name, code="settings.unknown-target", config=CONFIG_NAME, known=known)

    def with_base_url(self, url: str | None) -> Settings:
        if not url:
            return self
        return dataclasses.replace(self, base_url=check_url(url, "--base-url"))


_SECTIONS = {
    "archive": ("title", "description", "base_url", "media_base_url", "author", "owner_name",
                "owner_email", "language", "category", "require_transcripts"),
    "media": ("stereo_lufs", "mono_lufs", "true_peak", "stereo_bitrate", "mono_bitrate"),
    "web": ("max_upload_mb", "threads", "connection_limit", "channel_timeout",
            "cleanup_interval", "backlog", "session_idle_minutes", "session_max_hours",
            "trusted_proxies"),
    "site": ("public_bilan",),
    "publish": ("publish_to", "endpoint_url", "region"),
    "replica": ("url", "endpoint_url", "region"),
    "oai": ("page_size",),
}
# Keys whose field in Settings is not their own name (the same key in two sections).
_FIELDS = {("replica", "url"): "replica_url", ("replica", "endpoint_url"): "replica_endpoint_url",
           ("replica", "region"): "replica_region", ("oai", "page_size"): "oai_page_size"}


def check_url(url: str, what: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ClearError(N_("{what} {url!r} must be an http:// or https:// address"),
                         code="settings.bad-url", what=what, url=hide(url))
    if has_credentials(url):
        raise ClearError(N_("{what} {url!r} holds a user name or key: public addresses "
                            "never do"), code="settings.url-credentials", what=what, url=hide(url))
    return url if url.endswith("/") else url + "/"


def check_endpoint(url: str, what: str) -> str:
    """An S3 host's address: http(s), and never a key inside it (it would be shown
    in messages and logs); keys come from AWS_ACCESS_KEY_ID… or AWS_PROFILE."""
    parsed = urlparse(url)
    if has_credentials(url) or parsed.username or parsed.password:
        raise ClearError(N_("{what} {url!r} holds a user name or key: clea never takes keys "
                            "from an address, where they would be shown and logged; remove it "
                            "and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or "
                            "AWS_PROFILE)"), code="settings.endpoint-credentials", what=what,
                         url=hide(url))
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query:
        raise ClearError(N_("{what} {url!r} must be an http:// or https:// address without "
                            "a query"), code="settings.bad-endpoint", what=what, url=hide(url))
    return url


def site_folder(archive: Path) -> Path:
    """The one place the built site lives by default: the archive's ``site/`` folder,
    where ``clea build`` writes and ``publish``, ``serve`` and the web's jobs read."""
    return Path(archive) / SITE_NAME


def load(folder: Path) -> Settings:
    path = Path(folder) / CONFIG_NAME
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ClearError(N_("cannot read the settings ({error})"), path,
                         code="settings.unreadable", error=str(exc)) from exc
    values: dict[str, object] = {}
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        for key, value in table.items():
            if section == "publish" and key == "targets":
                values["targets"] = _targets(value, path)
                continue
            if key not in keys:
                raise ClearError(N_("unknown setting [{section}] {key}"), path,
                                 code="settings.unknown", section=section, key=key)
            name = _FIELDS.get((section, key), key)
            expected = {"str": str, "bool": bool, "int": int, "float": (int, float),
                        "tuple[str, ...]": list}[types[name]]
            if (not isinstance(value, expected) or (expected is int and isinstance(value, bool))
                    or (expected is list and not all(isinstance(v, str) for v in value))):
                raise ClearError(N_("setting [{section}] {key} has the wrong type"), path,
                                 code="settings.wrong-type", section=section, key=key)
            values[name] = tuple(value) if expected is list else value
    settings = Settings(**values)
    _check_web(settings, path)
    if not 1 <= settings.oai_page_size <= 1000:
        raise ClearError(N_("setting [oai] page_size must be between 1 and 1000"), path,
                         code="settings.oai-page-size")
    if settings.replica_url and not settings.replica_url.startswith("s3://"):
        raise ClearError(N_("setting [replica] url must be written s3://BUCKET[/PREFIX]"), path,
                         code="settings.replica-url")
    for key in ("base_url", "media_base_url"):
        url = getattr(settings, key)
        if url:
            settings = dataclasses.replace(settings, **{key: check_url(url, f"{path}: {key}")})
    if settings.endpoint_url:
        check_endpoint(settings.endpoint_url, f"{path}: [publish] endpoint_url")
    for target in settings.targets:
        if target.endpoint_url:
            check_endpoint(target.endpoint_url, f"{path}: [publish.targets.{target.name}] "
                                                "endpoint_url")
    return settings


def _check_web(settings: Settings, path: Path) -> None:
    for key in ("max_upload_mb", "threads", "connection_limit", "channel_timeout",
                "cleanup_interval", "backlog", "session_idle_minutes", "session_max_hours"):
        if getattr(settings, key) < 1:
            raise ClearError(N_("setting [web] {key} must be 1 or more"), path,
                             code="settings.web-below-one", key=key)
    for address in settings.trusted_proxies:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise ClearError(N_("[web] trusted_proxies: {address!r} is not an IP address or "
                                "network (for example \"127.0.0.1\", \"10.0.0.0/24\")"), path,
                             code="settings.trusted-proxy", address=address) from None


def _targets(table: object, path: Path) -> tuple[PublishTarget, ...]:
    """``[publish.targets.NAME]`` tables, each with ``to`` and optionally the S3 host."""
    if not isinstance(table, dict):
        raise ClearError(N_("[publish] targets must be tables: [publish.targets.NAME]"), path,
                         code="settings.targets-not-tables")
    found = []
    for name, fields in table.items():
        if not _TARGET_NAME.fullmatch(name) or name == DEFAULT_TARGET:
            raise ClearError(N_("publish target name {name!r}: use lower-case letters, digits "
                                "and dashes (and not {default!r}, the name of publish_to)"),
                             path, code="settings.target-name", name=name,
                             default=DEFAULT_TARGET)
        if not isinstance(fields, dict):
            raise ClearError(N_("[publish.targets.{name}] must be a table"), path,
                             code="settings.target-not-table", name=name)
        for key, value in fields.items():
            if key not in _TARGET_KEYS:
                raise ClearError(N_("unknown setting [{section}] {key}"), path,
                                 code="settings.unknown", section=f"publish.targets.{name}",
                                 key=key)
            if not isinstance(value, str):
                raise ClearError(N_("setting [{section}] {key} has the wrong type"), path,
                                 code="settings.wrong-type", section=f"publish.targets.{name}",
                                 key=key)
        if not fields.get("to", "").strip():
            raise ClearError(N_("[publish.targets.{name}] needs to = \"FOLDER\" or "
                                "\"s3://BUCKET[/PREFIX]\""), path, code="settings.target-no-to",
                             name=name)
        found.append(PublishTarget(name, fields["to"].strip(), fields.get("endpoint_url", ""),
                                   fields.get("region", "")))
    return tuple(found)


def write_initial(folder: Path, *, title: str | None, base_url: str | None,
                  owner_name: str | None = None, owner_email: str | None = None,
                  publish_to: str | None = None) -> Settings:
    settings = Settings(
        title=title or Settings.title,
        base_url=check_url(base_url, "--base-url") if base_url else Settings.base_url,
        owner_name=owner_name or Settings.owner_name,
        author=owner_name or Settings.author,
        owner_email=owner_email or Settings.owner_email,
        publish_to=publish_to or "",
    )
    write_text(Path(folder) / CONFIG_NAME, render(settings))
    return settings


def render(s: Settings) -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""# clea archive settings. Edit by hand; `clea build` reads them each time.

[archive]
title = {q(s.title)}
description = {q(s.description)}
# The public address of the site (where `clea publish` puts it), in https://.
# `clea publish` refuses a local address such as http://localhost:8000/.
base_url = {q(s.base_url)}
# Optional: a separate address for media files (a CDN in front of the bucket).
media_base_url = {q(s.media_base_url)}
author = {q(s.author)}
# Who answers for the podcasts: written into every feed (itunes:owner,
# podcast:locked). `clea publish` refuses the placeholder address.
owner_name = {q(s.owner_name)}
owner_email = {q(s.owner_email)}
language = {q(s.language)}
# An Apple Podcasts category, e.g. "Education", "Arts", "Kids & Family".
category = {q(s.category)}
# true: refuse to publish an item that has no transcript (or captions, for video).
require_transcripts = {str(s.require_transcripts).lower()}

[media]
stereo_lufs = {s.stereo_lufs}
mono_lufs = {s.mono_lufs}
true_peak = {s.true_peak}
stereo_bitrate = {s.stereo_bitrate}
mono_bitrate = {s.mono_bitrate}

[web]
# The largest file the web interface accepts, in megabytes.
max_upload_mb = {s.max_upload_mb}
# Requests handled at the same time (`clea web --threads` overrides it).
threads = {s.threads}
# Open connections at most, slow or idle ones included; past it, new ones wait.
connection_limit = {s.connection_limit}
# Seconds a connection may send nothing before it is closed (a stalled upload too).
channel_timeout = {s.channel_timeout}
# Seconds between two looks for connections past that timeout.
cleanup_interval = {s.cleanup_interval}
# Connections the system keeps waiting to be accepted.
backlog = {s.backlog}
# A session ends after this many minutes without a request (log in again)...
session_idle_minutes = {s.session_idle_minutes}
# ...and this many hours after logging in, however busy.
session_max_hours = {s.session_max_hours}
# With `clea web --behind-proxy`: the reverse proxies (addresses or networks) whose
# X-Forwarded-For/-Proto/-Host headers are believed. Default: this computer only.
trusted_proxies = [{", ".join(q(a) for a in s.trusted_proxies)}]

[site]
# true: the public site gets a « Bilan » page: the figures and productions of the
# residences it shows, as counts (never a name). Off until you choose to show it.
public_bilan = {str(s.public_bilan).lower()}

[publish]
# Default target for `clea publish` (a folder or s3://bucket/prefix).
publish_to = {q(s.publish_to)}
# For an S3-compatible host (OVHcloud, Scaleway, MinIO…): its endpoint and region.
endpoint_url = {q(s.endpoint_url)}
region = {q(s.region)}
# The web interface publishes only to publish_to (named "defaut") and to the
# targets named below, chosen in a list; never to a path typed in a browser:
# [publish.targets.cle-usb]
# to = "/media/usb/podcasts"
{_render_targets(s.targets)}
[replica]
# Optional: a copy of every original on S3-compatible storage (MinIO, Garage, Ceph,
# a host's object storage), e.g. "s3://archives-clea/mediatheque". `clea add` and
# `clea backup` keep it current; `clea verify --replica` checks it.
url = {q(s.replica_url)}
endpoint_url = {q(s.replica_endpoint_url)}
region = {q(s.replica_region)}

[oai]
# Records per page of the OAI-PMH answers (/oai) that library catalogues harvest.
page_size = {s.oai_page_size}
"""


def _render_targets(targets: tuple[PublishTarget, ...]) -> str:
    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    blocks = []
    for t in targets:
        lines = [f"[publish.targets.{t.name}]", f"to = {q(t.to)}"]
        lines += [f"{key} = {q(getattr(t, key))}" for key in ("endpoint_url", "region")
                  if getattr(t, key)]
        blocks.append("\n" + "\n".join(lines) + "\n")
    return "".join(blocks)
