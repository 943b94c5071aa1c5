"""Units of activity data, converted with pint so a participant may report in any compatible unit.

Course-specific units: passenger-km (``pkm``), vehicle-km (``vkm``), tonne-km (``tkm``),
room-nights and currencies. Passenger-km and vehicle-km are kept as separate dimensions on
purpose: one car trip is one vehicle-km but may be three passenger-km, so the engine refuses
to guess between them.
"""
from __future__ import annotations

import math
import re

from workbook.i18n import tr
from workbook.paths import data_cache
from workbook.units import registry

# Spellings participants type, mapped to pint expressions (matched case-insensitively).
ALIASES = {
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "wh": "Wh", "gj": "GJ", "mj": "MJ", "tj": "TJ",
    "l": "liter", "ltr": "liter", "litre": "liter", "liter": "liter", "litres": "liter",
    "liters": "liter", "m3": "meter**3", "nm3": "meter**3", "m³": "meter**3", "nm³": "meter**3",
    "kg": "kilogram", "g": "gram", "t": "tonne", "ton": "tonne", "tonne": "tonne",
    "tonnes": "tonne", "tkm": "tonne_km", "pkm": "passenger_km", "vkm": "vehicle_km",
    "km": "kilometer", "eur": "EUR", "€": "EUR", "keur": "kEUR", "usd": "USD", "$": "USD",
    "room_night": "room_night", "room-night": "room_night", "room nights": "room_night",
    "room_nights": "room_night", "night": "room_night", "nights": "room_night",
    "piece": "piece", "pieces": "piece", "pcs": "piece",
    "%": "percent", "percent": "percent", "share": "dimensionless",
    "employee": "employee", "employees": "employee", "person": "person", "persons": "person", "people": "person",
    "passenger": "passenger", "passengers": "passenger", "traveller": "traveller", "travellers": "traveller",
    "vehicle": "vehicle", "vehicles": "vehicle",
}


class UnitProblem(ValueError):
    """A unit that is unknown or does not fit the factor; the message says what to use."""


def normalise(unit: object) -> str:
    """The pint expression for a unit as typed (``'m³'`` → ``'meter**3'``)."""
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        raise UnitProblem(tr("the unit is empty"))
    text = str(unit).strip()
    if not text:
        raise UnitProblem(tr("the unit is empty"))
    alias = ALIASES.get(text.lower())
    if alias:
        return alias
    text = text.replace("³", "**3").replace("²", "**2").replace("·", "*")
    return re.sub(r"\s+", " ", text)


@data_cache(maxsize=4096)
def parse(unit: str):
    ureg = registry()
    expr = normalise(unit)
    try:
        q = ureg.Quantity(1, expr)
    except Exception as exc:  # pint raises several error types for bad input
        raise UnitProblem(tr("'{unit}' is not a unit the workbook knows", unit=unit)) from exc
    if not isinstance(q.magnitude, (int, float)):
        raise UnitProblem(tr("'{unit}' is not a unit the workbook knows", unit=unit))
    return q


def unit_problem(unit: str) -> str | None:
    """What is wrong with a unit in a data file, or None (the climate schemas' ``unit`` column key)."""
    try:
        parse(unit)
    except UnitProblem as exc:
        return str(exc)
    return None


def dimension_name(unit: str) -> str:
    """A readable name of what a unit measures, for error messages."""
    ureg = registry()
    dim = parse(unit).dimensionality
    for name, ref in (("energy", "kWh"), ("volume", "liter"), ("mass", "kg"), ("tonne-km", "tkm"),
                      ("passenger-km", "pkm"), ("vehicle-km", "vkm"), ("distance", "km"),
                      ("money", "USD"), ("room-nights", "room_night"), ("pieces", "piece")):
        if ureg.Quantity(1, ref).dimensionality == dim:
            return name
    return str(dim)


@data_cache(maxsize=4096)
def conversion(unit_from: str, unit_to: str, mj_per_unit: float | None = None) -> float:
    """How many ``unit_to`` one ``unit_from`` is.

    Energy can be converted to a fuel's volume or mass when the factor states the fuel's
    energy content (MJ per unit), e.g. a gas bill in kWh against a factor per m³.
    """
    q_from, q_to = parse(unit_from), parse(unit_to)
    if q_from.dimensionality == q_to.dimensionality:
        return float((q_from / q_to).to("dimensionless").magnitude)
    energy = registry().Quantity(1, "MJ").dimensionality
    if mj_per_unit and q_from.dimensionality == energy:
        return float(q_from.to("MJ").magnitude) / mj_per_unit * float(
            (registry().Quantity(1, normalise(unit_to)) / q_to).to("dimensionless").magnitude)
    hint = ""
    if {dimension_name(unit_from), dimension_name(unit_to)} == {"passenger-km", "distance"}:
        hint = tr(" (give passenger-km: kilometres × travellers, unit 'pkm')")
    elif {dimension_name(unit_from), dimension_name(unit_to)} == {"vehicle-km", "distance"}:
        hint = tr(" (give vehicle-km: kilometres driven, unit 'vkm')")
    raise UnitProblem(tr("'{unit}' measures {dimension} but this factor is per '{per}' ({per_dimension}){hint}",
                         unit=unit_from, dimension=dimension_name(unit_from), per=unit_to,
                         per_dimension=dimension_name(unit_to), hint=hint))
