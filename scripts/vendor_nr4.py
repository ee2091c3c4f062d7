"""Re-make rules/catalog/nr4/questions.json from the BCH's own form code.

    python scripts/vendor_nr4.py GIT_DIR [COMMIT]

GIT_DIR is a clone (or bare mirror) of the public repository scbd/absch.cbd.int. The fourth
report's question tree (app/app-data/bch/report-analyzer/cpbNationalReport4.js) names its English
wording as `nr4Data.<key>`, read from app/app-text/report-analyzer/bch-cpbNationalReport4.json; this
joins the two into plain JSON (the same treatment as rules/catalog/nr5/questions.json), values
unchanged. See rules/catalog/nr4/SOURCE.md.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

TREE = "app/app-data/bch/report-analyzer/cpbNationalReport4.js"
TEXT = "app/app-text/report-analyzer/bch-cpbNationalReport4.json"
OUT = Path(__file__).resolve().parent.parent / "rules" / "catalog" / "nr4" / "questions.json"


def show(git_dir: str, commit: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout


def main(argv: list[str]) -> int:
    git_dir, commit = argv[1], (argv[2] if len(argv) > 2 else "HEAD")
    text = json.loads(show(git_dir, commit, TEXT))
    source = show(git_dir, commit, TREE)
    marker = "export const cpbNationalReport4 ="
    body = source[source.index(marker) + len(marker):].strip().rstrip(";")
    missing: list[str] = []

    def words(match: re.Match[str]) -> str:
        if match.group(1) not in text:
            missing.append(match.group(1))
            return "null"
        return json.dumps(text[match.group(1)], ensure_ascii=False)

    tree = json.loads(re.sub(r"nr4Data\.(\w+)", words, body))
    if missing:
        print(f"no English text for: {', '.join(missing)}", file=sys.stderr)
        return 1
    OUT.write_text(json.dumps(tree, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
