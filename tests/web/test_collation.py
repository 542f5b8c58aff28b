"""The web interface lists series and residences in French order, through the real server."""

from __future__ import annotations

import re

from archive import Catalogue

from .conftest import make_archive, start_server
from .test_uploads import Session


def test_series_and_residences_are_listed_in_french_order(tmp_path):
    folder = make_archive(tmp_path / "archive")
    with Catalogue.open(folder) as cat:
        cat.add_series("quartiers-nature", "Quartiers nature", medium="video")
        cat.add_series("eclats-de-rire", "Éclats de rire à l'école")
        cat.add_residence("ecoles", "Écoles rurales", kind="quartiers")
        cat.add_residence("zoo", "Zoologie", kind="quartiers")
    live = start_server(folder)
    try:
        session = Session(live.url, "bob")
        status, _, page = session.request("GET", "/series")
        assert status == 200
        slugs = re.findall(r"<code>([a-z-]+)</code>", page.decode())
        assert slugs == ["eclats-de-rire", "contes", "pastilles", "quartiers-nature"]
        _, _, listing = session.request("GET", "/enregistrements")
        select = listing.decode().split('name="serie"')[1].split("</select>")[0]
        options = re.findall(r'<option value="([a-z-]+)"', select)
        assert options == ["eclats-de-rire", "contes", "pastilles", "quartiers-nature"]
        _, _, residences = session.request("GET", "/residences")
        text = residences.decode()
        assert text.index("Écoles rurales") < text.index("Lire en Sambre") < text.index("Zoologie")
    finally:
        from pipeline.web.server import stop

        stop(live.server, live.worker)
