#!/usr/bin/env python3
"""Regenerates the failure-code table of README.md from FailureCode.java (run after adding a code)."""
import pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
src = (root / "evidence-parsers/src/main/java/dev/rats/evidence/FailureCode.java").read_text()
rows = re.findall(r'\n    ([A-Z0-9_]+)\("([a-z0-9-]+)", ([A-Z_]+), "([^"]+)"\)', src)
table = ["| code | category | meaning |", "|---|---|---|"]
table += [f"| `{w}` | {c.lower().replace('_', '-')} | {t} |" for _, w, c, t in rows]
readme = root / "README.md"
text = readme.read_text()
start = text.index("| code | category | meaning |")
end = text.index("\n\n", start)
readme.write_text(text[:start] + "\n".join(table) + text[end:])
print(f"{len(rows)} failure codes written to README.md")
