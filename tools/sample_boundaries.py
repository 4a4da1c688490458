"""Cut the demo's boundaries out of the ONS district boundaries: sample/boundaries.geojson.

    python tools/sample_boundaries.py ../shared/data/boundaries/lad24_boundaries_en_buc.geojson

Keeps the districts and unitaries that sample/areas.csv names (Hertfordshire's ten, Essex's
twelve, Leicester), as the ONS file has them, so that ``lspgraph demo`` can draw maps
without shipping all 296. The licence statement is sample/BOUNDARIES.md.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample"


def main(source: str) -> None:
    with (SAMPLE / "areas.csv").open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    doc = json.loads(Path(source).read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["LAD24CD"] in codes]
    out = SAMPLE / "boundaries.geojson"
    with out.open("w", encoding="utf-8") as fh:  # one feature a line, as the ONS file
        head = {k: v for k, v in doc.items() if k != "features"}
        fh.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"features":[\n')
        fh.write(",\n".join(json.dumps(f, separators=(",", ":")) for f in doc["features"]))
        fh.write("\n]}\n")
    print(f"{out}: {len(doc['features'])} districts")


if __name__ == "__main__":
    main(sys.argv[1])
