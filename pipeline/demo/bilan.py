"""The demo's residence figures, from the 2025 review of the CLEA « 100 % cohésion sociale ».

The article says « plus de 2 300 personnes impliquées » and gives, per residence:

- L'Organisation: 12 schools, 738 pupils, 80 interventions;
- Panoplie (Karine Bracq): 20 structures, more than 180 professionals;
- Lire en Sambre (Lola Monset): 14 structures, about thirty professionals;
- Qu(art)iers Feignies: 85 interventions, 420 pupils in 26 classes, 350
  inhabitants outside school, 3 talks;
- Qu(art)iers Ferrière-la-Grande: more than 650 inhabitants involved, of whom
  330 pupils, more than 50 interventions, 1 exhibition.

Ferrière's 650 already include its 330 pupils, so it is recorded as 330
pupils and 320 other inhabitants: counted once each. The people-counting
figures then add up to 738 + 180 + 30 + 420 + 350 + 330 + 320 = 2 368,
« plus de 2 300 personnes impliquées », as the article says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from archive import Catalogue
from archive.atomic import write_text
from pipeline.plumbing import config

FIGURES: dict[str, dict[str, int]] = {
    "l-organisation": {"eleves": 738, "ecoles": 12, "interventions": 80},
    "panoplie": {"professionnels": 180, "structures": 20},
    "lire-en-sambre": {"professionnels": 30, "structures": 14},
    "quartiers-feignies": {"eleves": 420, "classes": 26, "habitants": 350,
                           "interventions": 85, "conferences": 3},
    "quartiers-ferriere": {"eleves": 330, "habitants": 320, "interventions": 50,
                           "expositions": 1},
}


def record(cat: Catalogue, home: Path, say: Callable[[str], None]) -> None:
    """Record the figures (again: the same values change nothing) and show the public bilan."""
    for slug, figures in FIGURES.items():
        if cat.residence(slug).figure_map() != figures:
            cat.edit_residence(slug, figures=figures, actor="démo")
    settings = config.load(home)
    if not settings.public_bilan:
        write_text(home / config.CONFIG_NAME,
                   config.render(dataclasses.replace(settings, public_bilan=True)))
    say("Residence figures recorded: `clea bilan --year 2025` sums them up.")
