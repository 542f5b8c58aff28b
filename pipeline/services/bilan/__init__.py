"""The bilan: per residence and in total, what the residences did (their recorded
figures) and produced (what the catalogue knows), and how many listened when
listening figures are given. One library for ``clea bilan``, the web page and
the public page."""

from pipeline.services.bilan.compute import check_year, compute, from_catalogue, production_of
from pipeline.services.bilan.export import FORMATS, people_phrase, render
from pipeline.services.bilan.model import Bilan, Count, Part, Production

__all__ = ["FORMATS", "Bilan", "Count", "Part", "Production", "check_year", "compute",
           "from_catalogue", "people_phrase", "production_of", "render"]
