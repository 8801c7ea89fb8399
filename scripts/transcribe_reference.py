"""Re-transcribe the research files into the project's own reference data.

    .venv/bin/python scripts/transcribe_reference.py [../shared/reference]

Reads participation.csv, declarations.csv and bilateral.csv (rules: states/data/README.md,
code: rogatory.states.transcribe) and writes, under src/rogatory/states/data/:
treaty_facts.csv (the earlier transcription's rows that the research does not restate are
kept), state_law.csv and bilateral_instruments.csv. Prints what was left out and why.
Re-running it on the same research writes the same files.
"""

import csv
import sys
from pathlib import Path

import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rogatory.states import transcribe  # noqa: E402  (after the path is set)

DATA = ROOT / "src" / "rogatory" / "states" / "data"
FACT_COLUMNS = ("state", "instrument", "fact", "value", "source", "source_kind", "as_of")
STATE_FACT_COLUMNS = ("state", "fact", "value", "source", "source_kind", "as_of")
INSTRUMENT_COLUMNS = ("code", "name", "kind", "scope", "offences", "parties", "adopted",
                      "in_force", "source")


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in columns} for row in rows)


def known(rows: list[dict], codes: set[str], out: transcribe.Transcription,
          *columns: str) -> list[dict]:
    """Rows whose States are ISO 3166-1 entries (the EU, a party to some treaties, is not)."""
    kept = [row for row in rows if all(row[c].upper() in codes for c in columns)]
    if len(kept) < len(rows):
        out.skipped["not a State in ISO 3166-1 (e.g. the European Union)"] += len(rows) - len(kept)
    return kept


def unique(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """One row per key: the one stated at the latest date (the same source read twice)."""
    best: dict[tuple, dict] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        if k not in best or row["as_of"] > best[k]["as_of"]:
            best[k] = row
    return sorted(best.values(), key=lambda row: tuple(row[c] for c in key))


def main(reference: Path) -> None:
    codes = {country.alpha_2 for country in pycountry.countries}
    territories = Locale("en").territories  # State.name("en"): the importer names them so
    names = {code: territories.get(code, code) for code in codes}
    members = frozenset(row["state"] for row in read(DATA / "un_membership.csv")
                        if row["status"] == "member")
    out = transcribe.Transcription()
    participation = known(read(reference / "participation.csv"), codes, out, "iso2")
    transcribe.participation_facts(participation, out, members)
    transcribe.declaration_facts(known(read(reference / "declarations.csv"), codes, out, "iso2"),
                                 out, transcribe.deposits(participation))
    transcribe.bilateral_facts(known(read(reference / "bilateral.csv"), codes, out,
                                     "iso2_a", "iso2_b"), out, names)
    key = ("state", "instrument", "fact", "source")
    restated = {tuple(f[c] for c in key) for f in out.facts}
    restated_values = {(f["state"], f["instrument"], f["fact"], f["value"]) for f in out.facts}
    earlier = [row for row in read(DATA / "treaty_facts.csv")
               if tuple(row[c] for c in key) not in restated
               and (row["state"], row["instrument"], row["fact"], row["value"])
               not in restated_values]
    for row in earlier:
        row["source_kind"] = row.get("source_kind") or transcribe.classify_source(row["source"])
    facts = unique(out.facts + earlier, key)
    write(DATA / "treaty_facts.csv", FACT_COLUMNS, facts)
    write(DATA / "state_law.csv", STATE_FACT_COLUMNS,
          unique(out.state_facts, ("state", "fact", "source")))
    write(DATA / "bilateral_instruments.csv", INSTRUMENT_COLUMNS,
          sorted(out.instruments, key=lambda row: row["code"]))
    print(f"{len(facts)} treaty facts ({len(earlier)} kept from the earlier transcription), "
          f"{len(out.state_facts)} facts of national law, "
          f"{len(out.instruments)} bilateral treaties")
    for reason, count in sorted(out.skipped.items()):
        print(f"  left out: {count} rows: {reason}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
