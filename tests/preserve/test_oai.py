"""OAI-PMH through the real waitress server, harvested by a real harvester (sickle),
every answer validated against the OAI-PMH and oai_dc schemas."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle

from pipeline.web.server import stop
from tests.web.conftest import start_server

from .conftest import MINOR, UNCLEARED

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "harvest.xsd")))
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}


def valid(body: bytes) -> etree._Element:
    doc = etree.fromstring(body)
    if not SCHEMA.validate(doc):
        raise AssertionError(f"{SCHEMA.error_log}\n{body.decode()[:2000]}")
    return doc


class CheckingSickle(Sickle):
    """sickle, validating every page it receives and keeping them for the test."""

    pages: list[bytes]

    def harvest(self, **kwargs):
        response = super().harvest(**kwargs)
        self.pages = [*getattr(self, "pages", []), response.http_response.content]
        valid(response.http_response.content)
        return response


@pytest.fixture
def oai(filled):
    toml = filled.folder / "clea.toml"
    toml.write_text(re.sub(r"page_size = \d+", "page_size = 2", toml.read_text("utf-8")), "utf-8")
    live = start_server(filled.folder)
    yield filled, live.url + "/oai"
    stop(live.server, live.worker)


def get(url: str, **params: str) -> tuple[str | None, etree._Element]:
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(params), timeout=30) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/xml")
        doc = valid(r.read())
    error = doc.find("o:error", NS)
    return (error.get("code") if error is not None else None), doc


def test_a_real_harvester_gets_every_public_record_page_by_page(oai):
    filled, url = oai
    harvester = CheckingSickle(url)
    identify = harvester.Identify()
    assert identify.baseURL == url and identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(harvester.pages) >= 2  # page size 2: the tokens were followed
    live = [r for r in records if not r.deleted]
    gone = [r for r in records if r.deleted]
    cat = filled.archive.catalogue
    public = {i.guid for i in cat.public_items()}
    assert {r.header.identifier for r in live} == {
        f"oai:podcasts.example.org:{g}" for g in public}
    withdrawn = cat.item(filled.slugs["gone"])
    assert [r.header.identifier for r in gone] == [f"oai:podcasts.example.org:{withdrawn.guid}"]
    withdrawal = [h for h in cat.history(withdrawn.slug) if h.action == "withdrawn"][-1]
    assert gone[0].header.datestamp == withdrawal.at.strftime("%Y-%m-%dT%H:%M:%SZ")
    pupils = next(r for r in live if r.metadata["title"] == ["Notre enquête sur l'info"])
    assert pupils.metadata["creator"] == ["Valérie Rohart", "élèves de CM2, école Jean-Jaurès"]
    assert pupils.metadata["coverage"] == ["Feignies"]
    assert "residence:lire-en-sambre" in pupils.header.setSpecs
    harvested = b"".join(harvester.pages).decode("utf-8")
    for word in ("Noémie", "Vasseur", MINOR, UNCLEARED):
        assert word not in harvested
    headers = list(CheckingSickle(url).ListIdentifiers(metadataPrefix="oai_dc",
                                                       set="series:pastilles"))
    assert [h.identifier for h in headers] == [
        f"oai:podcasts.example.org:{cat.item(filled.slugs['video']).guid}"]
    sets = {s.setSpec for s in CheckingSickle(url).ListSets()}
    assert {"residence", "residence:lire-en-sambre", "series:contes", "series:pastilles"} <= sets


def test_get_record_formats_and_dates(oai):
    filled, url = oai
    cat = filled.archive.catalogue
    ident = f"oai:podcasts.example.org:{cat.item(filled.slugs['tale']).guid}"
    code, doc = get(url, verb="GetRecord", identifier=ident, metadataPrefix="oai_dc")
    assert code is None
    assert doc.xpath("//dc:title/text()", namespaces=NS) == ["La légende du géant"]
    code, doc = get(url, verb="ListMetadataFormats", identifier=ident)
    assert doc.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    code, doc = get(url, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2000-01-01"})
    assert code is None
    assert get(url, verb="ListIdentifiers", metadataPrefix="oai_dc",
               until="2000-01-01")[0] == "noRecordsMatch"
    assert get(url, verb="ListIdentifiers", metadataPrefix="oai_dc",
               **{"from": "2099-01-01T00:00:00Z"})[0] == "noRecordsMatch"
    draft = cat.item(filled.slugs["draft"]).guid
    assert get(url, verb="GetRecord", identifier=f"oai:podcasts.example.org:{draft}",
               metadataPrefix="oai_dc")[0] == "idDoesNotExist"


ERRORS = [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": "Identify", "set": "x"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:podcasts.example.org:x"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-01",
      "until": "2025-12-31T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-02-01",
      "until": "2025-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "oai:podcasts.example.org:nope",
      "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "series:inconnue"},
     "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ.AAAA"},
     "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
]


def test_every_protocol_error(oai):
    _, url = oai
    for params, code in ERRORS:
        found, doc = get(url, **params)
        assert found == code, params
        if code in ("badVerb", "badArgument"):
            assert doc.find("o:request", NS).attrib == {}, params


def test_a_tampered_or_borrowed_token_is_refused_and_posts_work(oai):
    _, url = oai
    code, doc = get(url, verb="ListRecords", metadataPrefix="oai_dc")
    token = doc.find(".//o:resumptionToken", NS).text
    body, mac = token.split(".")
    import base64
    import json

    state = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    state["cursor"] = 0
    state["after"] = None
    forged = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
    assert get(url, verb="ListRecords", resumptionToken=f"{forged}.{mac}")[0] == \
        "badResumptionToken"
    assert get(url, verb="ListIdentifiers", resumptionToken=token)[0] == "badResumptionToken"
    assert get(url, verb="ListRecords", resumptionToken=token,
               metadataPrefix="oai_dc")[0] == "badArgument"
    data = urllib.parse.urlencode({"verb": "ListRecords", "resumptionToken": token}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as r:
        doc = valid(r.read())  # POST, without a session or a CSRF token: OAI-PMH allows it
    assert doc.find("o:error", NS) is None and doc.findall(".//o:record", NS)
