"""One pint unit registry for the package, with CO2-equivalents as a unit.

``t CO2e``, ``kg CO2e`` and ``g CO2e`` convert like masses; activity units (kWh, GJ,
litre, tkm, EUR) are pint's own or defined here.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def registry():
    import pint

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("EUR = [currency] = euro = eur")
    ureg.define("tkm = tonne * kilometer")
    ureg.define("pkm = kilometer")
    return ureg


_ALIASES = {"%": "percent", "tCO2e": "t", "t CO2e": "t", "kg CO2e": "kg", "kgCO2e": "kg",
            "g CO2e": "g", "t co2e": "t", "kg co2e": "kg", "ton": "t", "tonne": "t",
            "tonnes": "t", "tons": "t", "l": "liter", "L": "liter", "m3": "meter**3", "m³": "meter**3"}


def _clean(unit: str) -> str:
    u = unit.strip()
    if u in _ALIASES:
        return _ALIASES[u]
    for suffix in (" CO2e", "CO2e", " CO2-eq", " co2e"):
        if u.endswith(suffix):
            return _ALIASES.get(u[: -len(suffix)].strip(), u[: -len(suffix)].strip())
    return u


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between compatible units; ValueError with a readable message."""
    ureg = registry()
    try:
        q = ureg.Quantity(value, _clean(from_unit))
        return float(q.to(_clean(to_unit)).magnitude)
    except Exception as exc:  # pint raises several types; the participant needs one message
        raise ValueError(f"'{from_unit}' cannot be converted to '{to_unit}'.") from exc
