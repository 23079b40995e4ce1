"""Small-count suppression (DESIGN §5): the shapes Count, Rate and Stat of docs/outcomes.md.

Network analysts see aggregates only; any count below THRESHOLD and above zero is hidden, so is a
rate whose numerator or denominator is hidden, and a mean or median over fewer than THRESHOLD
parcours. Other roles see their own figures unmasked (``suppress=False``).
"""

THRESHOLD = 5


def is_small(n: int) -> bool:
    return 0 < n < THRESHOLD


def count(n: int, *, suppress: bool) -> dict:
    if suppress and is_small(n):
        return {"value": None, "suppressed": True}
    return {"value": n, "suppressed": False}


def rate(numerator: int, denominator: int, *, suppress: bool) -> dict:
    if suppress and (is_small(numerator) or is_small(denominator)):
        return {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    value = numerator / denominator if denominator else None
    return {"value": value, "numerator": numerator, "denominator": denominator, "suppressed": False}


def stat(value: float | None, n: int, *, suppress: bool) -> dict:
    """A mean or a median over ``n`` parcours."""
    if suppress and is_small(n):
        return {"value": None, "suppressed": True}
    return {"value": None if n == 0 or value is None else float(value), "suppressed": False}
