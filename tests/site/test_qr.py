"""The QR code SVG draws exactly segno's modules, with its quiet zone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipeline.build.site.qr import BORDER, qr_matrix, qr_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_svg_draws_every_module_of_the_code_and_nothing_else():
    url = "https://mediatheques.example.fr/clea/episodes/la-legende-du-geant-de-bavay/"
    svg = ET.fromstring(qr_svg(url, "QR « <x> »"))
    matrix = qr_matrix(url)
    side = len(matrix) + 2 * BORDER
    assert svg.get("viewBox") == f"0 0 {side} {side}"
    assert svg.find(f"{SVG}title").text == "QR « <x> »"
    assert svg.find(f"{SVG}desc").text == url
    drawn = [[0] * side for _ in range(side)]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg.find(f"{SVG}path").get("d")):
        for i in range(int(w)):
            drawn[int(y)][int(x) + i] = 1
    expected = [[0] * side for _ in range(side)]
    for y, row in enumerate(matrix):
        for x, module in enumerate(row):
            expected[y + BORDER][x + BORDER] = 1 if module else 0
    assert drawn == expected
