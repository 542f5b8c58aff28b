"""``clea doctor``: what is not ready before the archive goes public, and what to do.

It reads the settings, the catalogue and the places to publish to, and changes
nothing. Each finding names the setting (or the file) and the fix; those that
make ``clea publish`` refuse are marked blocking, and so are targets that
cannot work (none set, a folder clea refuses, a bucket without credentials or
that does not answer).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from archive import N_, Catalogue, ClearError, Term
from pipeline.plumbing.config import CONFIG_NAME, PublishTarget, Settings
from pipeline.plumbing.credentials import hide
from pipeline.services.readiness import Finding, Reason, settings_findings

SECRET_NAME = "web-secret"  # pipeline.web.auth keeps the session secret here
PROXY_NOTE = N_("clea web --behind-proxy trusts the X-Forwarded-* headers: use it only behind "
                "the library's HTTPS proxy, with clea web listening on 127.0.0.1 (otherwise "
                "anyone could pass for another address and get round the limit on logins).")


def examine(cat: Catalogue, settings: Settings, *, network: bool = True) -> list[Finding]:
    """Every finding, blocking ones first."""
    found = settings_findings(settings)
    found += _covers(cat)
    found += _targets(cat, settings, network=network)
    found += _web(cat.folder)
    return sorted(found, key=lambda f: not f.blocks)


def _covers(cat: Catalogue) -> list[Finding]:
    public = {item.series for item in cat.public_items()}
    return [Finding(Term(N_("series “{series}”")),
                    N_("has no cover: a generated image stands in for it in the apps;"),
                    N_("give it a square image of at least 1400 px: "
                       "clea series edit {series} --cover IMAGE."), params={"series": s.slug})
            for s in cat.series_list() if s.slug in public and not s.cover_sha]


def _targets(cat: Catalogue, settings: Settings, *, network: bool) -> list[Finding]:
    targets = settings.publish_targets()
    if not targets:
        return [Finding("[publish] publish_to", N_("no publish target is set;"),
                        N_("give the web server's folder or s3://BUCKET[/PREFIX]; other targets "
                           "can be named in [publish.targets.NAME]."), blocks=True)]
    return [f for target in targets for f in _target(cat, target, network=network)]


def _target(cat: Catalogue, target: PublishTarget, *, network: bool) -> list[Finding]:
    from pipeline.publish import default_site
    from pipeline.publish.target import open_target

    setting = ("[publish] publish_to" if target.name == "defaut"
               else f"[publish.targets.{target.name}]")
    try:
        dest = open_target(target.to, site=default_site(cat), endpoint_url=target.endpoint_url,
                           region=target.region, archive=cat.folder)
    except ClearError as exc:
        return [Finding(setting, N_("“{target}” is refused: {error};"),
                        N_("choose another target."), blocks=True,
                        params={"target": hide(target.to), "error": exc})]
    if target.to.startswith("s3://"):
        return _bucket(setting, dest, network=network)
    folder = Path(dest.label)
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK | os.X_OK):
        return [Finding(setting, N_("clea cannot write into “{folder}”;"),
                        N_("give this folder (or its parent) to the user who runs clea."),
                        blocks=True, params={"folder": str(folder)})]
    return []


def _bucket(setting: str, dest, *, network: bool) -> list[Finding]:  # noqa: ANN001 - S3Target
    import boto3

    if boto3.session.Session().get_credentials() is None:
        return [Finding(setting, N_("no access key for “{bucket}”;"),
                        N_("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) "
                           "for the user who runs clea and clea web."), blocks=True,
                        params={"bucket": dest.label})]
    if not network:
        return []
    try:
        dest.prepare()
    except ClearError as exc:
        return [Finding(setting, N_("“{bucket}” does not answer as it should: {error};"),
                        N_("check the bucket's name, endpoint_url and the key's rights."),
                        blocks=True, params={"bucket": dest.label, "error": Reason(exc)})]
    return []


def _web(folder: Path) -> list[Finding]:
    path = folder / SECRET_NAME
    try:
        st = path.stat()
    except FileNotFoundError:
        return []  # made, readable by its owner only, when clea web first starts
    found = []
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        found.append(Finding(str(path), N_("is readable by other accounts ({mode}): whoever "
                                           "reads it can open a responsable's session;"),
                             N_("chmod 600 {path} (or delete it: everyone will have to log in "
                                "again)."), params={"mode": stat.filemode(st.st_mode),
                                                    "path": str(path)}))
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        found.append(Finding(str(path), N_("does not belong to the user who runs clea;"),
                             N_("chown {uid} {path}."),
                             params={"uid": os.getuid(), "path": str(path)}))
    return found


def report_lines(findings: list[Finding], translate: Callable[[str], str],
                 ngettext: Callable[[str, str, int], str]) -> list[str]:
    """The report, one line per finding, in the language of ``translate``: the
    blocking ones marked, the note on the proxy, then whether publishing may go."""
    blocking_mark, review_mark, note_mark = (translate(N_("BLOCKING")),
                                             translate(N_("to review")), translate(N_("note")))
    width = max(len(blocking_mark), len(review_mark), len(note_mark)) + 2
    lines = [(blocking_mark if f.blocks else review_mark).ljust(width) + f.line(translate)
             for f in findings]
    lines.append(note_mark.ljust(width) + translate(PROXY_NOTE))
    blocking = sum(f.blocks for f in findings)
    if blocking:
        lines.append(ngettext("{count} finding blocks publishing; fix it in {config} (or as "
                              "said) then run clea doctor again.",
                              "{count} findings block publishing; fix them in {config} (or as "
                              "said) then run clea doctor again.", blocking).format(
                                  count=blocking, config=CONFIG_NAME))
    elif findings:
        lines.append(translate(N_("Ready to publish, with findings to review.")))
    else:
        lines.append(translate(N_("Ready to publish.")))
    return lines
