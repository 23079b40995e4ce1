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


def rate_of_parts(numerator: int, rest: int, *, suppress: bool) -> dict:
    """numerator / (numerator + rest), both parts shown as counts: hidden when either part is
    small, else its denominator minus the shown part would give the hidden one back (10 / 12)."""
    if suppress and (is_small(numerator) or is_small(rest)):
        return {"value": None, "numerator": None, "denominator": None, "suppressed": True}
    return rate(numerator, numerator + rest, suppress=suppress)


def stat(value: float | None, n: int, *, suppress: bool) -> dict:
    """A mean or a median over ``n`` parcours."""
    if suppress and is_small(n):
        return {"value": None, "suppressed": True}
    return {"value": None if n == 0 or value is None else float(value), "suppressed": False}


def hide(shape: dict) -> None:
    """Hide a shown Count, Rate or Stat (secondary suppression)."""
    for key in shape:
        shape[key] = None
    shape["suppressed"] = True


def _weight(shape: dict) -> float | None:
    """How much a shown figure weighs, so that the smallest one is hidden: a count's value, a
    rate's denominator, a mean's or median's value; None when there is nothing to hide."""
    weight = shape.get("denominator") if "denominator" in shape else shape.get("value")
    return weight or None


def complement(cells: list[dict], *, marginal_shown: bool, marginal: dict | None = None) -> None:
    """Secondary suppression: ``cells`` add up to a marginal the reader sees (a total, another
    endpoint's figure). When exactly one of them is hidden, the marginal minus the others would
    give it back, so the smallest other non-empty one is hidden too; when there is none, the
    ``marginal`` is hidden if it is given here."""
    if not marginal_shown or sum(cell["suppressed"] for cell in cells) != 1:
        return
    candidates = [cell for cell in cells if not cell["suppressed"] and _weight(cell) is not None]
    if candidates:
        hide(min(candidates, key=_weight))
    elif marginal is not None:
        hide(marginal)
