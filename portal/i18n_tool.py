"""Keep each feature's translation catalogue in step with its source files.

Every `portal/**/translations/` folder has a `sources.txt` naming the files and folders
(relative to the repository) whose texts it translates. `python -m portal.i18n_tool update`
extracts them and creates or updates the fi, sv and en catalogues there.
"""

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fi", "sv", "en")


def catalogues() -> list[Path]:
    """All catalogue folders that declare their sources."""
    return sorted(p.parent for p in (ROOT / "portal").glob("**/translations/sources.txt"))


def sources(folder: Path) -> list[str]:
    """The files and folders a catalogue translates, as absolute paths."""
    return [
        str(ROOT / line.strip())
        for line in (folder / "sources.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def extract(folder: Path, pot: Path) -> None:
    """Extract the texts of a catalogue's sources into a .pot file."""
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            *sources(folder),
        ]
    )


def update(folder: Path) -> None:
    """Extract the folder's sources and update (or create) its three catalogues."""
    pot = folder / "messages.pot"
    extract(folder, pot)
    run = CommandLineInterface().run
    for language in LANGUAGES:
        po = folder / language / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        run(
            [
                "pybabel",
                "-q",
                command,
                "-i",
                str(pot),
                "-d",
                str(folder),
                "-l",
                language,
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []),
            ]
        )


def main(argv: list[str]) -> int:
    """Command line entry point."""
    if argv[1:] != ["update"]:
        print("usage: python -m portal.i18n_tool update", file=sys.stderr)  # noqa: T201
        return 2
    for folder in catalogues():
        update(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
