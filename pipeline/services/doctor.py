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
from pathlib import Path

from archive import Catalogue, ClearError
from pipeline.plumbing.config import CONFIG_NAME, PublishTarget, Settings
from pipeline.plumbing.credentials import hide
from pipeline.services.readiness import Finding, settings_findings

SECRET_NAME = "web-secret"  # pipeline.web.auth keeps the session secret here
PROXY_NOTE = ("clea web --behind-proxy fait confiance aux en-têtes X-Forwarded-* : ne "
              "l'employez que derrière le proxy HTTPS de la médiathèque, avec clea web écoutant "
              "sur 127.0.0.1 (sinon n'importe qui pourrait se faire passer pour une autre "
              "adresse et contourner la limite des connexions).")


def examine(cat: Catalogue, settings: Settings, *, network: bool = True) -> list[Finding]:
    """Every finding, blocking ones first."""
    found = settings_findings(settings)
    found += _covers(cat)
    found += _targets(cat, settings, network=network)
    found += _web(cat.folder)
    return sorted(found, key=lambda f: not f.blocks)


def _covers(cat: Catalogue) -> list[Finding]:
    public = {item.series for item in cat.public_items()}
    return [Finding(f"série « {s.slug} »", "n'a pas de couverture : une image générée la "
                    "remplace dans les applications ;",
                    f"donnez-lui une image carrée d'au moins 1400 px : clea series edit {s.slug} "
                    "--cover IMAGE.")
            for s in cat.series_list() if s.slug in public and not s.cover_sha]


def _targets(cat: Catalogue, settings: Settings, *, network: bool) -> list[Finding]:
    targets = settings.publish_targets()
    if not targets:
        return [Finding("[publish] publish_to", "aucune cible de publication n'est réglée ;",
                        "indiquez le dossier du serveur web ou s3://ESPACE[/PRÉFIXE] ; d'autres "
                        "cibles peuvent être nommées dans [publish.targets.NOM].", blocks=True)]
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
        return [Finding(setting, f"« {hide(target.to)} » est refusée : {hide(exc.line())} ;",
                        "choisissez une autre cible.", blocks=True)]
    if target.to.startswith("s3://"):
        return _bucket(setting, dest, network=network)
    folder = Path(dest.label)
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK | os.X_OK):
        return [Finding(setting, f"clea ne peut pas écrire dans « {folder} » ;",
                        "donnez ce dossier (ou son parent) à l'utilisateur qui lance clea.",
                        blocks=True)]
    return []


def _bucket(setting: str, dest, *, network: bool) -> list[Finding]:  # noqa: ANN001 - S3Target
    import boto3

    if boto3.session.Session().get_credentials() is None:
        return [Finding(setting, f"aucune clé d'accès pour « {dest.label} » ;",
                        "définissez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY (ou AWS_PROFILE) "
                        "pour l'utilisateur qui lance clea et clea web.", blocks=True)]
    if not network:
        return []
    try:
        dest.prepare()
    except ClearError as exc:
        return [Finding(setting, f"« {dest.label} » ne répond pas comme il faut : "
                                 f"{hide(exc.reason())} ;",
                        "vérifiez le nom de l'espace, endpoint_url et les droits de la clé.",
                        blocks=True)]
    return []


def _web(folder: Path) -> list[Finding]:
    path = folder / SECRET_NAME
    try:
        st = path.stat()
    except FileNotFoundError:
        return []  # made, readable by its owner only, when clea web first starts
    found = []
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        found.append(Finding(str(path), f"est lisible par d'autres comptes "
                             f"({stat.filemode(st.st_mode)}) : qui le lit peut ouvrir une "
                             "session de responsable ;",
                             f"chmod 600 {path} (ou supprimez-le : tout le monde devra se "
                             "reconnecter).", blocks=False))
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        found.append(Finding(str(path), "n'appartient pas à l'utilisateur qui lance clea ;",
                             f"chown {os.getuid()} {path}.", blocks=False))
    return found


def report_lines(findings: list[Finding]) -> list[str]:
    lines = [("BLOQUANT  " if f.blocks else "à revoir  ") + f.line() for f in findings]
    lines.append(f"note      {PROXY_NOTE}")
    blocking = sum(f.blocks for f in findings)
    if blocking:
        lines.append(f"{blocking} point(s) bloquent la publication ; corrigez-les dans "
                     f"{CONFIG_NAME} (ou comme indiqué) puis relancez clea doctor.")
    elif findings:
        lines.append("Prêt à publier, avec des points à revoir.")
    else:
        lines.append("Prêt à publier.")
    return lines
