"""A rule's duty follows from the law: the force of the paragraphs it `requires`.

The article register (`rules/catalog/articles.yaml`) records each paragraph's modal verb (`force`) and
whom it binds (`binds`). A rule that `requires` a paragraph checks what that paragraph itself
provides, so the paragraph decides the rule's duty:

- a "shall" that binds a Party (each Party, the Parties each for its part, or a Party in its role as
  Party of import, of export, of transit, or as the Party deciding) makes an `obligation`;
- "shall endeavour", "should", "are encouraged" and a decision's request make a `commitment` at most;
- "may" makes an `option`;
- a "shall" of the meeting of the Parties or of the Secretariat, a whole article of mixed force, a
  status or a goal of the plan make no duty of a Party: such an entry can only be cited as `supports`.

A rule that requires nothing rests on the plan: a `commitment` or an `option`, never an obligation.
The rule-file loader refuses any rule whose duty its own citations cannot carry (`duty_problems`);
`tests/test_duty_follows_force.py` checks every rule again, so the check cannot be switched off.
"""

from __future__ import annotations

from typing import Any, Iterable

DUTY_ORDER = {"option": 0, "commitment": 1, "obligation": 2}

_COMMITMENT_FORCES = frozenset({"shall_endeavour", "should", "encouraged", "request"})


def duty_of(article: Any) -> str | None:
    """The duty a rule has when it `requires` this entry of the register, or None when the entry
    creates no duty of a Party (then it may only be cited as `supports`)."""
    if not article.binds_a_party:
        return None
    if article.force == "shall":
        return "obligation"
    if article.force in _COMMITMENT_FORCES:
        return "commitment"
    if article.force == "may":
        return "option"
    return None


def required_duty(basis: Iterable[tuple[str, str]], catalog: Any) -> tuple[str | None, str | None]:
    """The duty the `requires` entries of a legal basis ((article id, relation) pairs) carry, the
    strongest of them, and the id of the first entry that carries it; (None, None) when the basis
    requires nothing that creates a duty."""
    best: tuple[str | None, str | None] = (None, None)
    for article_id, relation in basis:
        if relation != "requires":
            continue
        duty = duty_of(catalog.article(article_id))
        if duty is not None and (best[0] is None or DUTY_ORDER[duty] > DUTY_ORDER[best[0]]):
            best = (duty, article_id)
    return best


def force_words(article: Any) -> str:
    """How a paragraph's force reads in a problem message: 'says "shall" and binds each Party'."""
    from ..catalog.present import BINDS_WORDS

    return f'says "{article.force.replace("_", " ")}" and binds {BINDS_WORDS[article.binds]}'


def duty_problems(duty: Any, basis: list[Any], catalog: Any) -> list[str]:
    """Why a rule's `duty` does not follow from its legal basis (raw entries of a rule file), each
    naming the article; empty when it does. The rule's id is added by the caller."""
    problems: list[str] = []
    pairs: list[tuple[str, str]] = []
    for n, entry in enumerate(basis):
        article_id, relation = entry.get("article"), entry.get("relation")
        pairs.append((article_id, relation))
        if relation == "requires" and duty_of(catalog.article(article_id)) is None:
            article = catalog.article(article_id)
            problems.append(
                f"legal_basis[{n}]: {article_id} is cited as `requires`, but it {force_words(article)}: it creates no duty "
                "of a Party; cite it as `supports`"
            )
    if problems:
        return problems
    carried, by = required_duty(pairs, catalog)
    if carried is None:
        if duty == "obligation":
            problems.append(
                "duty: obligation, but the rule `requires` no paragraph; an obligation must rest on a \"shall\" that binds a "
                "Party, cited as `requires` (else the duty is a commitment or an option of the plan)"
            )
        return problems
    if duty != carried:
        article = catalog.article(by)
        requires = ", ".join(a for a, r in pairs if r == "requires")
        problems.append(
            f"duty: {duty}, but what the rule `requires` ({requires}) carries {carried}: {by} {force_words(article)}"
            + (
                f"; the rule is an {carried}, or cite the paragraph as `supports`"
                if DUTY_ORDER.get(duty, 0) < DUTY_ORDER[carried]
                else f"; an {duty} needs a paragraph of that force cited as `requires`"
            )
        )
    return problems
