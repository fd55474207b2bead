"""Whose document is it? Attribute each document to the assessed units' roles.

A reviewer accepts only documents issued by or for the assessed units, and for
a 对口支援 case tells the supporting hospital's papers from the receiving
hospital's. Evidence, strongest first:

1. the issuer (发文机关标志, 发文机关署名, the name that signs the last lines);
2. a title that starts with a unit's name (梅林县人民医院发展规划);
3. people: a 签发人 or meeting host already seen in a document of known role
   (the 院长 who signs the supporting hospital's notices also chairs its
   党政联席会议).

A document whose issuer names another place, or a national or provincial body,
is another region's document and is no evidence for this case. A document with
no attributable issuer keeps the role "unknown" and is accepted for any role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗)")
_HIGHER = ("国务院", "国家", "中共中央", "全国")
_UNIT_WORDS = ("委员会", "卫生", "医院", "卫健", "卫计", "局", "中心", "政府", "办公室", "委")


@dataclass(frozen=True)
class Unit:
    role: str
    name: str
    places: frozenset[str]


def units_of(roles: dict[str, str]) -> list[Unit]:
    return [Unit(role, name, frozenset(place_names(name))) for role, name in roles.items()]


def place_names(name: str) -> list[str]:
    """Place names in an organisation's name, as the two characters before 省/市/县/区…:
    北山市卫生和计划生育委员会 → [北山]; 北山市南湖区卫生局 → [北山, 南湖]."""
    out = []
    for m in _PLACE.finditer(name):
        word = m.group(1)
        # "城市三级医院" and the like are not places: a place name holds no unit word
        if not any(w in word for w in _UNIT_WORDS):
            out.append(word)
    return out


def _names_unit(text: str, unit: Unit) -> bool:
    """The text opens with the unit's name or its place (西岭市人民医院医务科, 梅林县卫生局)."""
    text = re.sub(r"\s+", "", text)
    if unit.name and text.startswith(unit.name):
        return True
    return bool(unit.places) and any(text.startswith(p) for p in unit.places)


def roles_from_issuer(issuer: str, units: list[Unit]) -> set[str]:
    return {u.role for u in units if _names_unit(issuer, u)}


def is_foreign(issuer: str, units: list[Unit]) -> bool:
    """An identified issuer that is none of the case's units nor in their places."""
    issuer = re.sub(r"\s+", "", issuer or "")
    if not issuer or not units:
        return False
    if roles_from_issuer(issuer, units):
        return False
    if any(issuer.startswith(h) for h in _HIGHER):
        return True
    places = place_names(issuer)
    case_places = set().union(*(u.places for u in units))
    if places and not case_places.intersection(places):
        # 北山市南湖区卫生局 lies inside 北山市: any shared place keeps it in the region
        return True
    return False


def roles_from_title(title: str, units: list[Unit]) -> set[str]:
    title = re.sub(r"\s+", "", title or "")
    return {u.role for u in units if u.name and title.startswith(u.name)}
