"""Per-group sums of the key figures (by unit kind or year), and problems per category."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["GROUPS", "SUMMED", "category_groups", "group_rows"]

GROUPS = ("unit_kind", "year", "category")
SUMMED = ("problems_found", "problems_fixed", "problems_in_progress", "rules", "money", "people", "cases", "clues")


def _value(row: dict, name: str) -> float | None:
    f = row["figures"][name]
    return f["value"] if f else None


def _group(by: str, key, members: list[dict]) -> dict:
    group: dict = {by: key, "bulletins": len(members)}
    for name in SUMMED:
        values = [v for r in members if (v := _value(r, name)) is not None]
        group[name] = {"sum": round(sum(values), 6) if values else None, "stated": len(values)}
    rates = [v for r in members if (v := _value(r, "completion_rate")) is not None]
    both = [r for r in members if _value(r, "problems_found") and _value(r, "problems_fixed") is not None]
    found = sum(_value(r, "problems_found") for r in both)
    group["completion_rate"] = {
        "mean": round(sum(rates) / len(rates), 2) if rates else None,
        "stated": len(rates),
        "pooled": round(100 * sum(_value(r, "problems_fixed") for r in both) / found, 2) if found else None,
        "pooled_over": len(both),
    }
    kinds: dict[str, float] = {}
    for r in members:
        for f in r["figures"]["people_by_kind"]:
            kinds[f["kinds"][0]] = kinds.get(f["kinds"][0], 0) + f["value"]
    group["people_by_kind"] = kinds
    return group


def group_rows(rows: list[dict], by: str) -> list[dict]:
    """Per value of ``by`` (unit_kind or year; null where unknown, last): the sum of each stated
    total and how many bulletins state it, the mean of the stated completion rates and the pooled
    rate (fixed / found over the bulletins stating both), and people per kind."""
    if by not in GROUPS[:2]:
        raise ValueError(f"cannot group by {by!r} here; sum figures by one of {', '.join(GROUPS[:2])}")
    keys = sorted({r[by] for r in rows}, key=lambda k: (k is None, str(k)))
    return [_group(by, key, [r for r in rows if r[by] == key]) for key in keys]


def category_groups(problems: Iterable[dict], bulletins: set[str] | None = None) -> list[dict]:
    """Per problem category: how many problem headings, of how many bulletins, per unit kind, and
    the units with their headings (cited by offsets); most problems first.

    Args:
        problems: one dict per problem heading (``bulletin``, ``unit``, ``unit_kind``,
            ``heading``, ``start``, ``end``, ``category`` …).
        bulletins: keep only these bulletin ids (the filtered ones); None keeps all.
    """
    by_cat: dict[str, dict[str, dict]] = {}
    for p in problems:
        if not p.get("leaf", True) or (bulletins is not None and p["bulletin"] not in bulletins):
            continue
        units = by_cat.setdefault(p["category"], {})
        unit = units.setdefault(
            p["bulletin"],
            {"bulletin": p["bulletin"], "unit": p.get("unit"), "unit_kind": p.get("unit_kind"), "problems": 0,
             "headings": []},
        )  # fmt: skip
        unit["problems"] += 1
        unit["headings"].append({"heading": p["heading"], "start": p["start"], "end": p["end"]})
    out = []
    for cat, units in by_cat.items():
        kinds: dict[str, int] = {}
        for u in units.values():
            kind = u["unit_kind"] or "未知"
            kinds[kind] = kinds.get(kind, 0) + u["problems"]
        ranked = sorted(units.values(), key=lambda u: (-u["problems"], u["bulletin"]))
        total = sum(u["problems"] for u in ranked)
        out.append(
            {"category": cat, "problems": total, "bulletins": len(ranked), "by_unit_kind": kinds, "units": ranked}
        )
    return sorted(out, key=lambda g: (-g["problems"], g["category"]))
