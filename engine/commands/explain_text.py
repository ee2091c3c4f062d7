"""`cartagena explain ID` as text: the explanation `engine.commands.explain.build_explanation`
builds as data, in lines for a reader (wrapped, in the reader's language; the plan's text, the
treaties' labels and the reference summaries stay English)."""

from __future__ import annotations

from typing import Any

from .. import l10n
from ..i18n import N_, tr


def _bch(item: dict[str, Any], lang: str, key: str = "title") -> str:
    """An NR5 text as shown, marked when the chosen language lacks it and the English one stands in."""
    return item[key] + (" " + tr(lang, "(English)") if item.get("fallback") else "")


def explanation_lines(ex: dict[str, Any]) -> list[str]:
    """The explanation built by `build_explanation`, as lines of text for a reader, in its language
    (`lang`; the plan's text, the treaties' labels and the reference summaries stay English)."""
    from ..catalog.present import BINDS_WORDS, FORCE_WORDS, MEND_KINDS, force_lines, shown_data, text_lines, wrap

    lang = ex.get("lang", "en")

    lines = [f"{ex['id']}  {l10n.bracketed(ex['kind_label'], lang)}"]
    if lang != "en":
        lines += wrap(tr(lang, "The plan's and the treaties' text is quoted in English: it is the only text of them this tool has."), "  ")
    summary_head = tr(lang, "Reference summary (the project's, not the treaty text):")
    if ex["kind"] == "section":
        lines += wrap(ex["title"], "  ")
    elif ex["kind"] == "article":
        art = ex["article"]
        lines += wrap(art["label"], "  ")
        lines += force_lines(art, "  ", lang)
        lines += text_lines(art, "  ", lang)
        lines.append("  " + summary_head)
        lines += wrap(art["summary"] if art["summary"] is not None else tr(lang, "[none recorded]"), "    ")
        for key, head in (("source_note", tr(lang, "Note: ")), ("goal_note", tr(lang, "Goals: "))):
            if art.get(key):
                lines += wrap(art[key], "  ", head)
        if art["inferred_goals"]:
            lines += wrap(
                tr(lang, "the link to goal {goals} is the project's inference; the plan does not say so in as many words").format(
                    goals=l10n.mark("list", lang).join(art["inferred_goals"])
                ),
                "  ",
                tr(lang, "Inferred: "),
            )
    elif ex["kind"] == "nr5_question":
        lines += wrap(_bch(ex, lang), "  ")
        lines += _options_lines(ex, "  ", lang)
        for part in ex.get("parts", ()):
            lines += wrap(_bch(part, lang), "    ", f"({part['label'].split('(')[-1].rstrip(')')}) " if "(" in part["label"] else "- ")
            lines += _options_lines(part, "      ", lang)
    else:
        lines += wrap(shown_data(ex, lang), "  ")
        if ex.get("letter_note"):
            lines += wrap(ex["letter_note"], "  ", tr(lang, "Note: "))
        if ex.get("source_note"):
            lines += wrap(ex["source_note"], "  ", tr(lang, "Note: "))
        for mend in ex.get("mends", ()):
            line = tr(lang, 'the source reads "{source}", here "{reading}"').format(source=mend["source"], reading=mend["reading"])
            if mend["kind"] != "line_break_hyphen":
                line += f"; {mend['reason']}"
            lines += wrap(line, "  ", tr(lang, "Mended ({kind}): ").format(kind=tr(lang, MEND_KINDS[mend["kind"]])))
        for part in ex.get("parts", ()):
            if part is ex.get("parts")[0]:
                lines += ["", tr(lang, "Its objectives, indicators and outcome")]
            lines += wrap(part["text"] if part["text"] is not None else tr(lang, "[missing from the source text]"), "  ", f"{part['id']}  ")

    if ex["where"]:
        lines += ["", tr(lang, "Where it sits")]
        names = {"area": N_("Area"), "goal": N_("Goal"), "section": N_("Capacity-building section"), "objective": N_("Objective"),
                 "nr5_section": N_("NR5 section"), "nr5_question": N_("Part of question")}
        for w in ex["where"]:
            missing = tr(lang, "[missing from the source text: {reason}]").format(reason=w["missing"]) if w.get("missing") else ""
            text = w["text"] if w["text"] is not None else missing
            lines += wrap(text, "  ", f"{tr(lang, names[w['kind']])} {w['id']}  ")

    if ex["kind"] != "article":
        lines += ["", tr(lang, "Treaty articles behind it (the project's article register, rules/catalog/articles.yaml)")]
        if not ex["articles"]:
            lines += wrap(tr(lang, "None: {reason}.").format(reason=ex["articles_note"]), "  ")
        for art in ex["articles"]:
            mark = "  " + tr(lang, "[the reference ties it to this objective]") if art["tied_to_this_item"] else ""
            lines += wrap(art["label"] + mark, "  ", f"{art['id']}  ")
            force = tr(lang, "{force}; binds {binds}").format(force=tr(lang, FORCE_WORDS[art["force"]]), binds=tr(lang, BINDS_WORDS[art["binds"]]))
            lines += wrap(force, "    ", tr(lang, "Force: "))
            if art["summary"] is not None:
                lines.append("    " + summary_head)
                lines += wrap(art["summary"], "      ")
            if art["inferred_goals"]:
                inferred = tr(lang, "the link to goal {goals} is the project's inference").format(goals=l10n.mark("list", lang).join(art["inferred_goals"]))
                lines += wrap(inferred, "    ", tr(lang, "Inferred: "))

    if ex["kind"] != "nr5_question":
        lines += ["", tr(lang, "Fifth national report (NR5) questions that ask about it")]
        if not ex["nr5_questions"]:
            lines.append("  " + tr(lang, "None listed."))
        for q in ex["nr5_questions"]:
            via = tr(lang, "{label}, {section} (via {articles})").format(label=q["label"], section=q["section"], articles=l10n.mark("list", lang).join(q["via_articles"]))
            lines += wrap(via, "  ", f"{q['key']}  ")
            lines += wrap(_bch(q, lang), "    ")
            lines += _options_lines(q, "    ", lang)
            for part in q.get("parts", ()):
                lines += wrap(_bch(part, lang), "      ", f"{part['key']}  ")
                lines += _options_lines(part, "        ", lang)

    lines += ["", tr(lang, "Capacity-building that serves it")]
    if not ex["capacity_building"]:
        lines.append("  " + tr(lang, "None."))
    for sec in ex["capacity_building"]:
        if len(sec["goals"]) > 1:
            shared = tr(lang, "(shared by goals {goals})").format(goals=l10n.mark("list", lang).join(sec["goals"]))
        else:
            shared = tr(lang, "(goal {goal})").format(goal=sec["goals"][0])
        lines.append(f"  {sec['id']} {shared}")
        lines.append("    " + tr(lang, "Key areas for capacity-building"))
        if not sec["key_areas"]:
            lines += wrap(tr(lang, "[missing from the source text: {reason}]").format(reason=sec.get("key_areas_missing")), "      ")
        for k in sec["key_areas"]:
            lines += wrap(shown_data(k, lang), "      ", _pad(k["id"], sec["key_areas"]))
        lines.append("    " + tr(lang, "Capacity-building activities"))
        if not sec["activities"]:
            lines += wrap(tr(lang, "[missing from the source text: {reason}]").format(reason=sec.get("activities_missing")), "      ")
        for a in sec["activities"]:
            lines += wrap(shown_data(a, lang), "      ", _pad(a["id"], sec["activities"]))

    for extra in ex["extra"]:
        lines += ["", extra["title"]]
        if not extra["items"]:
            lines += wrap(extra["empty"], "  ")
        for it in extra["items"]:
            lines += wrap(str(it.get("text") or ""), "  ", f"{it['id']}  ")
    return lines


def _pad(id_: str, siblings: list[dict[str, Any]]) -> str:
    return id_.ljust(max(len(s["id"]) for s in siblings)) + "  "


def _options_lines(q: dict[str, Any], indent: str, lang: str = "en") -> list[str]:
    from ..catalog.present import wrap

    if not q["options"]:
        if q["type"] in ("sub-section",):
            return []
        return wrap(tr(lang, "(answered as {kind})").format(kind=q["type"] or "text"), indent)
    label = tr(lang, "Answers (choose any): ") if q["multiple"] else tr(lang, "Answers (choose one): ")
    english = " " + tr(lang, "(English)")
    text = l10n.joined([f"{o['title'].rstrip(':')}{english if o.get('fallback') else ''} [{o['value']}]" for o in q["options"]], lang)
    return wrap(text, indent, label)
