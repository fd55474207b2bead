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

from ..text.variants import organ_key, simplified

_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗)")
_HIGHER = ("国务院", "国家", "中共中央", "全国", "中华人民共和国",
           # the State Council's ministries, which sign without 国家 (人社部发, 财社〔…〕)
           "财政部", "人力资源社会保障部", "人力资源和社会保障部", "民政部", "教育部", "科学技术部", "科技部",
           "商务部", "工业和信息化部", "中央编办", "中央机构编制委员会")
# a province's organ named by its level (省卫生健康委, 某省卫生健康委员会, 自治区医疗保障局): the
# level word and an organ word right after a place of at most one character
_PROVINCIAL_ORGAN = re.compile(r"^[\u4e00-\u9fa5]?(?:省|自治区)(?:卫生|卫健|卫计|人民政府|政府|医疗保障|医保|人力资源|人社|"
                               r"财政|发展和改革|发改|中医药|编委|机构编制)")
_UNIT_WORDS = ("委员会", "卫生", "医院", "卫健", "卫计", "局", "中心", "政府", "办公室", "委")


@dataclass(frozen=True)
class Unit:
    role: str
    name: str
    places: frozenset[str]

    @property
    def is_hospital(self) -> bool:
        return any(w in self.name for w in _HOSPITAL_WORDS)

    @property
    def core(self) -> str:
        """The name without its places: 东江市第一人民医院 → 第一人民医院."""
        core = self.name
        for m in _PLACE.finditer(self.name):
            if m.group(1) in self.places and core.startswith(m.group(0)):
                core = core[len(m.group(0)):]
        return core


_HOSPITAL_WORDS = ("医院", "卫生院", "医学中心", "医疗中心", "妇幼保健")


def units_of(roles: dict[str, str]) -> list[Unit]:
    return [Unit(role, simplified(name), frozenset(place_names(simplified(name)))) for role, name in roles.items()]


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
    """The text opens with the unit's name.

    A health commission is named by its place (梅林县卫生局, 梅林县卫计委 and 梅林县卫生
    健康委员会 are one organ across its renaming, and the region's government speaks for
    it); a hospital only by its own name, with or without the place's level word
    (东江第一人民医院, 东江市第一人民医院医务部; 青石县医院 for 青石县人民医院) — the city's
    commission or another hospital of the same place is not the hospital."""
    text = re.sub(r"\s+", "", simplified(text))
    text = re.sub(r"^(?:中共|中国共产党|共青团)", "", text)     # the unit's party committee speaks for it
    if unit.name and (text.startswith(unit.name) or organ_key(text).startswith(organ_key(unit.name))):
        return True
    if not unit.places:
        return False
    if not unit.is_hospital:
        return any(text.startswith(p) for p in unit.places)
    for place in unit.places:
        if not text.startswith(place):
            continue
        rest = re.sub(r"^(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗)", "", text[len(place):])
        core = unit.core
        if rest.startswith(core) or (core in ("人民医院",) and rest.startswith("医院")):
            return True
    return False


def roles_from_issuer(issuer: str, units: list[Unit]) -> set[str]:
    return {u.role for u in units if _names_unit(issuer, u)}


def is_foreign(issuer: str, units: list[Unit]) -> bool:
    """An identified issuer that is none of the case's units nor in their places; or, in a
    case of hospitals, another hospital (an agreement with a different county hospital)."""
    issuer = re.sub(r"\s+", "", simplified(issuer or ""))
    if not issuer or not units:
        return False
    if roles_from_issuer(issuer, units):
        return False
    if any(issuer.startswith(h) for h in _HIGHER):
        return True
    if _PROVINCIAL_ORGAN.match(issuer) and not any("省" in u.name or "自治区" in u.name for u in units
                                                     if not u.is_hospital):
        return True
    if all(u.is_hospital for u in units) and _is_hospital_name(issuer):
        # another hospital of the same place (青石县中医院 for 青石县人民医院); a hospital named
        # without its place (县人民医院, 我院) is taken for the case's own
        case_places = set().union(*(u.places for u in units))
        if case_places.intersection(place_names(issuer)):
            return True
    places = place_names(issuer)
    case_places = set().union(*(u.places for u in units))
    if places and not case_places.intersection(places):
        # 北山市南湖区卫生局 lies inside 北山市: any shared place keeps it in the region
        return True
    return False


def _is_hospital_name(text: str) -> bool:
    """An organisation name that is a hospital's (…人民医院, …中医院), not a 卫生院 or a department."""
    m = re.match(r"^[\u4e00-\u9fa5]{2,24}?医院", text)
    return bool(m) and "卫生院" not in m.group(0) and len(text) <= len(m.group(0)) + 12


_PARTY = re.compile(r"^(?:甲方|乙方|丙方)(?:[（(][^）)]{0,8}[）)])?\s*[:：]\s*(?P<name>[\u4e00-\u9fa5（）()]{4,40})")


def parties(lines: list[str]) -> list[str]:
    """The parties an agreement names (甲方：东江市第一人民医院, 乙方（受援方）：青石县人民医院)."""
    out = []
    for line in lines:
        m = _PARTY.match(re.sub(r"\s+", "", simplified(line)))
        if m:
            name = re.sub(r"[（(](?:盖章|签章|公章|章)[）)]$", "", m.group("name"))
            if name not in out:
                out.append(name)
    return out


_SCOPE = re.compile(r"^(?:关于)?(?:全省|全国|全区|全自治区|国家|我省|本省|[\u4e00-\u9fa5]{2,3}省(?!市|县|区))")


def higher_scope(title: str) -> bool:
    """A title that names a higher scope than a city's or county's (全省医疗联合体建设实施方案,
    国家卫生健康委…): a province's or the nation's document."""
    return bool(_SCOPE.match(re.sub(r"\s+", "", simplified(title or ""))))


def roles_from_title(title: str, units: list[Unit]) -> set[str]:
    title = re.sub(r"\s+", "", title or "")
    return {u.role for u in units if u.name and title.startswith(u.name)}
