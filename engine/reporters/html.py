"""HTML: the Compliance Committee's file. One self-contained page per run (inline CSS, no script,
nothing loaded from anywhere), readable in any browser and on a phone, printable on A4 with page
numbers and a running header: per Party the verdict first (html_party.py: the gate, tiles of counts,
the table of gaps), then every finding, nothing folded; the provenance of the run and the limits of
the source in an annex at the end.

Every string that comes from a profile or the catalog goes through `escaping.html_text`."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

from ..catalog.loader import load_catalog
from ..catalog.nr5_i18n import LANGUAGE_NAMES, RTL_LANGUAGES
from ..clock import run_time
from ..i18n import N_, tr
from ..l10n import date, isolate_html, labelled, moment
from ..wording import counted
from .escaping import css_string, html_text as esc
from .html_parts import _head, _labels, bch_html, english, plan_lang, question_hint_html, say
from .html_party import render_profile
from .layout import HumanReporter, invalid_lines, report_lang, totals_line, unmatched_words

Clock = Callable[[], datetime]

__all__ = ["Reporter", "STYLE", "bch_html", "question_hint_html", "render_profile"]

STYLE = """
@page { size: A4; margin: 18mm 14mm 18mm 14mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans", "DejaVu Sans", sans-serif; color: #444; }
  @top-center { font: 8pt "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans", sans-serif; color: #444; } }
:root { color-scheme: light; }
/* Arabic and Chinese drawn by Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk) where installed */
body { font: 10.5pt/1.45 "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; border-bottom: 2px solid #1a1a1a; padding-bottom: 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #bbb; }
h4 { font-size: 10.5pt; margin: 4mm 0 1mm; }
h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
/* ids, codes and pointers read left to right in every language, isolated from the text around them */
code { font: 9pt "Noto Sans Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; direction: ltr; unicode-bidi: isolate; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: start; vertical-align: top; }
thead th { background: #e8e8e8; }
tbody th { font-weight: 600; background: #f6f6f6; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
th.id, td.id { white-space: nowrap; width: 1%; }
table.missing th { width: 32%; }
.meta th { width: 28%; }
.party { border-top: 3px solid #1a1a1a; margin-top: 10mm; }
.gap { border-inline-start: 4px solid #a4161a; padding-block: 1mm; padding-inline: 4mm 0; margin: 3mm 0 5mm; }
.gap.commitment { border-inline-start-color: #9a4a00; }
.gap.option { border-inline-start-color: #6d4c00; }
.badge { display: inline-block; color: #fff; border-radius: 2px; padding: 0 1.5mm; font-size: 8.5pt; font-weight: 600; }
.note { color: #444; font-size: 9.5pt; }
.limits li { margin-bottom: 1mm; }
dl.links { display: grid; grid-template-columns: 36mm 1fr; gap: 1mm 4mm; margin: 1mm 0 2mm; }
dl.links dt { font-weight: 600; }
dl.links dd { margin: 0; }
.nr5 { display: block; }
/* right to left: each paragraph takes the direction of its first letter, so the tool's English
   sentences keep their punctuation where English puts it, inside a mirrored page */
[dir="rtl"] p, [dir="rtl"] td, [dir="rtl"] dd, [dir="rtl"] li, [dir="rtl"] .nr5 { unicode-bidi: plaintext; }
nav ol { margin: 1mm 0; padding-inline-start: 8mm; }
nav li { margin: 0.5mm 0; }
details { margin: 2mm 0; }
summary { cursor: pointer; font-weight: 600; }
svg { display: block; margin: 2mm 0; max-width: 100%; height: auto; }
/* the verdict first: a sentence, tiles of counts, the table of gaps */
.verdict { font-size: 12pt; padding: 2mm 3mm; margin: 2mm 0; border-inline-start: 5px solid; }
.verdict.fails { border-color: #a4161a; background: #fbeaea; }
.verdict.passes { border-color: #1e6b34; background: #e9f5ec; }
ul.tiles { list-style: none; padding: 0; margin: 2mm 0 4mm; display: grid; grid-template-columns: repeat(auto-fit, minmax(34mm, 1fr)); gap: 2mm; }
.tile { border: 1px solid #999; border-inline-start-width: 5px; padding: 1.5mm 2.5mm; }
.tile a { color: inherit; text-decoration: none; display: block; }
.tile .count { display: block; font-size: 16pt; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .what { font-size: 9pt; }
table.gaps code.rule { display: block; font-size: 8pt; color: #444; }
/* the chart: a bar per count, its label and figure in text (wraps on a phone, mirrors in Arabic) */
figure.chart { margin: 2mm 0 4mm; }
.bar-row { display: grid; grid-template-columns: minmax(8em, 32%) 1fr 3.5em; align-items: center; gap: 2mm; margin: 0.6mm 0; }
.bar-track { background: #eee; height: 3.5mm; }
.bar { display: block; height: 100%; min-inline-size: 0; }
.bar-row .n { text-align: end; font-variant-numeric: tabular-nums; }
.annex { border-top: 3px solid #1a1a1a; margin-top: 10mm; }
@media (max-width: 600px) {
  body { padding: 3mm; }
  table { display: block; overflow-x: auto; }
  .bar-row { grid-template-columns: 1fr 3em; }
  .bar-track { grid-column: 1 / -1; grid-row: 2; }
  dl.links { grid-template-columns: 1fr; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .party + .party, .annex { break-before: page; }
  .party, .annex { border-top: none; margin-top: 0; }
  table { display: table; }
  h2, h3, h4, h5 { break-after: avoid; }
  tr, .gap, dl.links, svg, figure, ul.tiles, .verdict { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


_LACKING = {"objectives": N_("Objectives of goal {goal} ({rules} cite none)"), "articles": N_("Articles of goal {goal} ({rules} cite none)")}


def _limits(header: dict[str, Any]) -> str:
    """The plain limits of the source, in the catalog's own words: where the text comes from, its
    notes, and every item the rules of this run cite that the source lacks in whole or in part."""
    lang, en = report_lang(header), plan_lang(header)
    said = _labels(lang)
    source = load_catalog().plan.source
    out = [f"<p>{said.taken_from.format(source=english(esc(source.name), en))}</p>", '<ul class="limits">']
    out += [f"<li{en}>{esc(note)}</li>" for note in source.notes]
    out.append("</ul>")
    rows = [(f"<code>{esc(id_)}</code>", item["missing"]) for id_, item in header["plan"].items() if item.get("missing")]
    # what a goal's rules lack, said once per goal (its rules share the goal's missing objectives)
    lacking: dict[tuple[str, str, str], int] = {}
    for details in header["rules"]["details"].values():
        for name in ("objectives", "articles"):
            if details.get(f"{name}_missing"):
                key = (details["goal"], name, details[f"{name}_missing"])
                lacking[key] = lacking.get(key, 0) + 1
    for (goal, name, missing), count in lacking.items():
        rows.append((say(tr(lang, _LACKING[name]), goal=f"<code>{esc(goal)}</code>", rules=esc(counted(count, "rule", lang))), missing))
    if rows:
        out.append(
            f'<table class="missing"><caption class="note">{said.lacks_caption}</caption>'
            + _head(tr(lang, "Item"), tr(lang, "What is missing"))
            + "<tbody>"
            + "".join(f'<tr><th scope="row">{item}</th><td{en}>{esc(missing)}</td></tr>' for item, missing in rows)
            + "</tbody></table>"
        )
    return "\n".join(out)


def _waivers_row(header: dict[str, Any], lang: str = "en") -> str:
    said = _labels(lang)
    waivers = header["waivers"]
    described = say(
        tr(lang, "{file}, sha256 {sha256}: {count}, judged on {today}"),
        file=f'<code>{esc(waivers["file"])}</code>',
        sha256=f'<code>{esc(waivers["sha256"])}</code>',
        count=esc(waivers["count"]),
        today=esc(date(waivers["today"], lang)),
    )
    return f'<tr><th scope="row">{said.waivers}</th><td>{described}</td></tr>'


def _language_rows(lang: str) -> list[str]:
    """In a report in another language than English: which words are in it, and why the plan's are not."""
    said = _labels(lang)
    if lang == "en":
        return []
    language = say(
        tr(lang, "{language} ({code}): the tool's own words, and the national report's questions and answers in the BCH's own wording"),
        language=esc(LANGUAGE_NAMES[lang]),
        code=f"<code>{esc(lang)}</code>",
    )
    plan = say(
        tr(
            lang,
            "Quoted in English and marked so: only the English text of the plan is available here, and no translation of it is invented. "
            "The same holds for the project's summaries of the articles.",
        )
    )
    return [
        f'<tr><th scope="row">{said.language}</th><td>{language}</td></tr>',
        f'<tr id="plan-language"><th scope="row">{said.plan_text}</th><td>{plan}</td></tr>',
    ]


class Reporter(HumanReporter):
    def __init__(self, clock: Clock = run_time) -> None:
        super().__init__()
        self.clock = clock
        self.profiles = 0
        self.files: list[tuple[str, str]] = []
        self.moment = datetime.now(timezone.utc)  # set by start
        self.when = ""
        self.annex = ""

    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        self.moment = self.clock().astimezone(timezone.utc)
        lang = report_lang(header)
        self.when = moment(self.moment, lang)  # as the report's language writes a date and time
        said = _labels(lang)
        direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
        self.annex = self._provenance(header)
        # TRANSLATORS: the running header of the printed pages outside a Party's section; {date} is when the check ran
        running = tr(lang, "Cartagena Protocol compliance check of {date}").format(date=self.when)
        run_note = say(tr(lang, "Run at {when}; how it was run, and the limits of the source, are in the annex at the end."), when=esc(self.when))
        return isolate_html("\n".join(
            [
                f'<!DOCTYPE html>\n<html lang="{esc(lang)}"{direction}>\n<head>\n<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                # no request of any kind: nothing may load, not even by accident
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
                f"<title>{said.title}</title>",
                f"<style>{STYLE}@page {{ @top-center {{ content: {css_string(running, lang)}; }} }}</style>\n</head>\n<body>",
                f'<header>\n<h1>{said.title}</h1>\n<p class="note">{run_note}</p>',
                "</header>\n<main>\n",
            ]
        ), lang)

    def _provenance(self, header: dict[str, Any]) -> str:
        """The annex: how the run was made (tool, engine, rules, gate, waivers, language) and the
        limits of the source; kept from the start of the run and written at its end."""
        when = self.when
        engine = header["engine"]
        lang = report_lang(header)
        said = _labels(lang)
        rules = said.rules_hash.format(rules=esc(counted(header["rules"]["count"], "rule", lang)), sha256=f'<code>{esc(header["rules"]["sha256"])}</code>')
        profiles = say(
            tr(lang, "each file with its sha256 at the end of its Party's section, and all of them in {list}"),
            list=f'<a href="#profiles">{said.list_at_end}</a>',
        )
        return "\n".join(
            [
                f'<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">{said.provenance}</h2>',
                '<table class="meta"><tbody>',
                f'<tr><th scope="row">{said.run_at}</th><td><time datetime="{self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")}">{esc(when)}</time></td></tr>',
                f'<tr><th scope="row">{said.tool}</th><td>{esc(header["tool"]["name"])} {esc(header["tool"]["version"])}</td></tr>',
                f'<tr><th scope="row">{said.engine}</th><td>{esc(engine["name"])} ({esc(engine["implementation"])})</td></tr>',
                f'<tr><th scope="row">{said.rules}</th><td>{rules}</td></tr>',
                f'<tr><th scope="row">{said.fails_on}</th><td><code>--fail-on {esc(header["fail_on"])}</code></td></tr>',
                *([_waivers_row(header, lang)] if "waivers" in header else []),
                *_language_rows(lang),
                f'<tr><th scope="row">{said.profiles_row}</th><td>{profiles}</td></tr>',
                "</tbody></table>",
                f'<h3 id="limits">{said.limits}</h3>',
                _limits(header),
                "</section>",
            ]
        )  # isolated with the rest of the annex, in finish

    def render(self, record: dict[str, Any]) -> Any:
        return record  # rendered by `place`: a Party's section is numbered by its place in the report

    def place(self, rendered: Any) -> str:
        return self.profile(rendered)

    def profile(self, record: dict[str, Any]) -> str:
        self.profiles += 1
        self.files.append((record["file"], record["sha256"]))
        return isolate_html(render_profile(record, self.header, self.profiles, self.when), report_lang(self.header))

    def finish(self, tail: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        said = _labels(lang)
        annex = tr(lang, "Annex: how this check was run")
        out = [
            "</main>\n<footer>",
            f'<section class="annex" id="annex" aria-labelledby="annex-h"><h2 id="annex-h">{esc(annex)}</h2>',
            f"<p><strong>{esc(totals_line(self.header, tail, lang))}</strong></p>",
            self.annex,
            f'<section id="profiles" aria-labelledby="profiles-h"><h2 id="profiles-h">{said.profiles_of_run}</h2>',
        ]
        if self.files:
            out.append("<table>" + _head(tr(lang, "Profile file"), "sha256") + "<tbody>")
            out += [f'<tr><th scope="row"><code>{esc(file)}</code></th><td><code>{esc(sha)}</code></td></tr>' for file, sha in self.files]
            out.append("</tbody></table>")
        if tail["invalid"]:
            out.append(f'<h3 id="invalid">{said.invalid}</h3><ul>')
            out += [
                f"<li>{labelled('<code>' + esc(where) + '</code>' + (' <code>' + esc(pointer) + '</code>' if pointer else ''), esc(error['message']), lang)}</li>"
                for where, pointer, error in invalid_lines(tail)
            ]
            out.append("</ul>")
        unmatched = tail.get("unmatched_waivers", [])
        if unmatched:
            out.append(f'<h3 id="unmatched-waivers">{said.unmatched}</h3><ul>')
            out += [f"<li>{esc(unmatched_words(waiver, lang))}</li>" for waiver in unmatched]
            out.append("</ul>")
        out.append("</section></section>\n</footer>\n</body>\n</html>\n")
        return isolate_html("\n".join(out), lang)
