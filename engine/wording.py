"""How human messages count things (kept apart from the reporters so `validate` starts fast)."""


def counted(count: int, noun: str) -> str:
    """`1 gap`, `2 gaps`, `0 profiles`: every human message counts in proper singular and plural."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
