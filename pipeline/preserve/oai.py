"""An OAI-PMH 2.0 data provider over the public items, in ``oai_dc``.

Library catalogues (the network's SIGB, a departmental portal, Gallica's
partners, BASE…) harvest with OAI-PMH: they ask for what changed since their
last visit, page by page, and learn which records were removed. Every verb
and every error of the protocol is answered; see
http://www.openarchives.org/OAI/openarchivesprotocol.html.

- Records are the cleared and published items, through the public view
  (``dublincore.record``): no draft, and no minor's name.
- An item that was public and no longer is (withdrawn, or back to draft) is
  a deleted record (``deletedRecord`` persistent), stamped with the time of
  that change from its history; only its header is shown.
- Sets: ``residence`` and ``residence:<slug>``, ``series`` and
  ``series:<slug>``; asking for a set includes its subsets.
- Datestamps to the second (``YYYY-MM-DDThh:mm:ssZ``); ``from``/``until``
  also accept a day, and ``until`` a day means its end.
- Resumption tokens are opaque and signed (HMAC-SHA256 with a per-archive
  key): a token that was altered, or made for another request, is refused
  with ``badResumptionToken``. They hold the last record sent, not an offset,
  so records added between two pages are neither skipped nor repeated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from archive import PUBLIC_STATUSES, Catalogue, Item
from archive.atomic import write_text
from pipeline.plumbing.config import Settings
from pipeline.preserve import dublincore

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI = dublincore.XSI
ET.register_namespace("", OAI)
SECRET_NAME = "oai-secret"
VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}
PREFIX = "oai_dc"
WITHDRAWALS = ("withdrawn", "back-to-draft")


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One record as the provider lists it: live (with the item) or deleted."""

    identifier: str
    datestamp: datetime
    sets: tuple[str, ...]
    item: Item
    deleted: bool


def secret(folder: Path) -> bytes:
    """The key that signs resumption tokens: made once per archive, 0600, never shown.

    Not part of a backup: a restored archive makes a new one, which only
    invalidates the tokens of a harvest in progress (the harvester restarts).
    """
    path = Path(folder) / SECRET_NAME
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= 32:
            return value.encode("ascii")
    value = secrets.token_hex(32)
    write_text(path, value + "\n", mode=0o600)
    return value.encode("ascii")


def respond(cat: Catalogue, settings: Settings, params: Mapping[str, Sequence[str]],
            base_url: str, key: bytes, *, now: datetime | None = None) -> bytes:
    """The XML answer to one OAI-PMH request (GET query or POST form, as lists)."""
    now = now or datetime.now(UTC)
    root = ET.Element(f"{{{OAI}}}OAI-PMH",
                      {f"{{{XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"})
    ET.SubElement(root, f"{{{OAI}}}responseDate").text = _stamp(now)
    request = ET.SubElement(root, f"{{{OAI}}}request")
    request.text = base_url
    provider = _Provider(cat, settings, base_url, key)
    try:
        verb, args = _check(params)
        for name, value in args.items():
            request.set(name, value)
        request.set("verb", verb)
        provider.answer(root, verb, args)
    except OAIError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request.attrib.clear()  # the protocol: no attributes for a request it refuses
        for child in list(root)[2:]:
            root.remove(child)
        ET.SubElement(root, f"{{{OAI}}}error", {"code": exc.code}).text = exc.message
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _check(params: Mapping[str, Sequence[str]]) -> tuple[str, dict[str, str]]:
    verbs = list(params.get("verb", []))
    if len(verbs) != 1:
        raise OAIError("badVerb", "Missing or repeated verb argument.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"Illegal verb: {verb[:40]}")
    required, optional, exclusive = VERBS[verb]
    args: dict[str, str] = {}
    for name, values in params.items():
        if name == "verb":
            continue
        allowed = required | optional | ({exclusive} if exclusive else set())
        if name not in allowed:
            raise OAIError("badArgument", f"Illegal argument for {verb}: {name[:40]}")
        if len(values) != 1:
            raise OAIError("badArgument", f"Repeated argument: {name}")
        args[name] = values[0]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument")
        return verb, args
    missing = required - set(args)
    if missing:
        raise OAIError("badArgument", "Missing argument(s): " + ", ".join(sorted(missing)))
    return verb, args


class _Provider:
    def __init__(self, cat: Catalogue, settings: Settings, base_url: str, key: bytes) -> None:
        self.cat = cat
        self.settings = settings
        self.base_url = base_url
        self.key = key
        self.page = settings.oai_page_size

    # -- the catalogue as records ------------------------------------------------

    def entries(self) -> list[Entry]:
        series = {s.slug: s for s in self.cat.series_list()}
        withdrawn_at = self._withdrawals()
        out = []
        for item in self.cat.items():
            if item.status in PUBLIC_STATUSES:
                stamp, deleted = item.updated_at, False
            elif item.published_at is not None:
                stamp, deleted = withdrawn_at.get(item.id, item.updated_at), True
            else:
                continue  # never public: a harvester never heard of it
            s = series[item.series]
            sets = ((f"residence:{s.residence}",) if s.residence else ()) + (f"series:{s.slug}",)
            out.append(Entry(dublincore.oai_identifier(self.settings, item.guid),
                             _utc(stamp), sets, item, deleted))
        out.sort(key=lambda e: (e.datestamp, e.identifier))
        return out

    def _withdrawals(self) -> dict[int, datetime]:
        marks = ",".join("?" * len(WITHDRAWALS))
        rows = self.cat.conn.execute(
            f"SELECT item_id, MAX(at) FROM history WHERE action IN ({marks}) GROUP BY item_id",
            WITHDRAWALS)
        return {r[0]: datetime.fromisoformat(r[1]) for r in rows}

    # -- verbs -------------------------------------------------------------------

    def answer(self, root: ET.Element, verb: str, args: dict[str, str]) -> None:
        getattr(self, verb)(root, args)

    def Identify(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        box = ET.SubElement(root, f"{{{OAI}}}Identify")
        entries = self.entries()
        earliest = min((e.datestamp for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
        for name, value in (
            ("repositoryName", self.settings.title),
            ("baseURL", self.base_url),
            ("protocolVersion", "2.0"),
            ("adminEmail", self.settings.owner_email),
            ("earliestDatestamp", _stamp(earliest)),
            ("deletedRecord", "persistent"),
            ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
        ):
            ET.SubElement(box, f"{{{OAI}}}{name}").text = value

    def ListMetadataFormats(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        if "identifier" in args:
            self._find(args["identifier"])
        box = ET.SubElement(root, f"{{{OAI}}}ListMetadataFormats")
        fmt = ET.SubElement(box, f"{{{OAI}}}metadataFormat")
        ET.SubElement(fmt, f"{{{OAI}}}metadataPrefix").text = PREFIX
        ET.SubElement(fmt, f"{{{OAI}}}schema").text = dublincore.OAI_DC_SCHEMA
        ET.SubElement(fmt, f"{{{OAI}}}metadataNamespace").text = dublincore.OAI_DC

    def ListSets(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        if "resumptionToken" in args:
            # Every set fits on one page: no token of ours can name a later one.
            raise OAIError("badResumptionToken", "This resumptionToken is not valid.")
        sets = [("residence", "Résidences"), ("series", "Séries")]
        sets += [(f"residence:{r.slug}", r.title) for r in self.cat.residences()]
        sets += [(f"series:{s.slug}", s.title) for s in self.cat.series_list()]
        box = ET.SubElement(root, f"{{{OAI}}}ListSets")
        for spec, name in sets:
            one = ET.SubElement(box, f"{{{OAI}}}set")
            ET.SubElement(one, f"{{{OAI}}}setSpec").text = spec
            ET.SubElement(one, f"{{{OAI}}}setName").text = name

    def GetRecord(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        entry = self._find(args["identifier"])
        self._prefix(args["metadataPrefix"])
        box = ET.SubElement(root, f"{{{OAI}}}GetRecord")
        self._record(box, entry)

    def ListIdentifiers(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        self._list(root, "ListIdentifiers", args)

    def ListRecords(self, root: ET.Element, args: dict[str, str]) -> None:  # noqa: N802
        self._list(root, "ListRecords", args)

    # -- helpers -----------------------------------------------------------------

    def _list(self, root: ET.Element, verb: str, args: dict[str, str]) -> None:
        if "resumptionToken" in args:
            state = self._open_token(args["resumptionToken"], verb)
        else:
            self._prefix(args["metadataPrefix"])
            start, end = _range(args.get("from"), args.get("until"))
            state = {"verb": verb, "set": args.get("set"), "from": start, "until": end,
                     "after": None, "cursor": 0}
            if state["set"] is not None:
                self._check_set(state["set"])
        start = datetime.fromisoformat(state["from"]) if state["from"] else None
        end = datetime.fromisoformat(state["until"]) if state["until"] else None
        chosen = [e for e in self.entries()
                  if (start is None or e.datestamp >= start)
                  and (end is None or e.datestamp <= end)
                  and (state["set"] is None or _in_set(e, state["set"]))]
        if not chosen:
            raise OAIError("noRecordsMatch", "No records match this request.")
        after = tuple(state["after"]) if state["after"] else None
        rest = [e for e in chosen if after is None or (_stamp(e.datestamp), e.identifier) > after]
        page, more = rest[:self.page], rest[self.page:]
        box = ET.SubElement(root, f"{{{OAI}}}{verb}")
        for entry in page:
            if verb == "ListIdentifiers":
                self._header(box, entry)
            else:
                self._record(box, entry)
        if more or state["cursor"]:
            token = ET.SubElement(box, f"{{{OAI}}}resumptionToken",
                                  {"completeListSize": str(len(chosen)),
                                   "cursor": str(state["cursor"])})
            if more:
                last = page[-1]
                token.text = self._make_token({
                    **state, "after": [_stamp(last.datestamp), last.identifier],
                    "cursor": state["cursor"] + len(page)})

    def _record(self, parent: ET.Element, entry: Entry) -> None:
        record = ET.SubElement(parent, f"{{{OAI}}}record")
        self._header(record, entry)
        if entry.deleted:
            return
        series = self.cat.series(entry.item.series)
        residence = self.cat.residence(series.residence) if series.residence else None
        metadata = ET.SubElement(record, f"{{{OAI}}}metadata")
        metadata.append(dublincore.element(
            dublincore.record(entry.item, series, residence, self.settings)))

    def _header(self, parent: ET.Element, entry: Entry) -> None:
        header = ET.SubElement(parent, f"{{{OAI}}}header",
                               {"status": "deleted"} if entry.deleted else {})
        ET.SubElement(header, f"{{{OAI}}}identifier").text = entry.identifier
        ET.SubElement(header, f"{{{OAI}}}datestamp").text = _stamp(entry.datestamp)
        for spec in entry.sets:
            ET.SubElement(header, f"{{{OAI}}}setSpec").text = spec

    def _find(self, identifier: str) -> Entry:
        for entry in self.entries():
            if entry.identifier == identifier:
                return entry
        raise OAIError("idDoesNotExist", "No item has this identifier.")

    def _prefix(self, prefix: str) -> None:
        if prefix != PREFIX:
            raise OAIError("cannotDisseminateFormat",
                           f"Only {PREFIX} is disseminated by this repository.")

    def _check_set(self, spec: str) -> None:
        known = {"residence", "series"}
        known |= {f"residence:{r.slug}" for r in self.cat.residences()}
        known |= {f"series:{s.slug}" for s in self.cat.series_list()}
        if spec not in known:
            raise OAIError("noRecordsMatch", "No records match this set.")

    # -- resumption tokens ---------------------------------------------------------

    def _make_token(self, state: dict) -> str:
        body = base64.urlsafe_b64encode(
            json.dumps(state, separators=(",", ":"), sort_keys=True).encode("utf-8")
        ).decode("ascii").rstrip("=")
        return f"{body}.{self._sign(body)}"

    def _sign(self, body: str) -> str:
        mac = hmac.new(self.key, body.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:18]).decode("ascii")

    def _open_token(self, token: str, verb: str) -> dict:
        bad = OAIError("badResumptionToken", "This resumptionToken is not valid or has expired.")
        body, _, mac = token.partition(".")
        try:
            if not hmac.compare_digest(mac.encode("ascii"), self._sign(body).encode("ascii")):
                raise bad
            state = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except (ValueError, UnicodeError) as exc:
            raise bad from exc
        if not isinstance(state, dict) or state.get("verb") != verb:
            raise bad
        return state


def _in_set(entry: Entry, spec: str) -> bool:
    return any(s == spec or s.startswith(spec + ":") for s in entry.sets)


def _utc(value: datetime) -> datetime:
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _stamp(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str, *, end: bool) -> tuple[datetime, str]:
    """A ``from``/``until`` value and its granularity, or badArgument."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
            return moment.replace(microsecond=0), "day"
        if len(value) == 20 and value.endswith("Z"):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "second"
    except ValueError:
        pass
    raise OAIError("badArgument", f"Not a UTC date or datetime: {value[:40]}")


def _range(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    a = _parse(start, end=False) if start else None
    b = _parse(end, end=True) if end else None
    if a and b:
        if a[1] != b[1]:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if a[0] > b[0]:
            raise OAIError("badArgument", "from is later than until.")
    return (a[0].isoformat() if a else None, b[0].isoformat() if b else None)

