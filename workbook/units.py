"""Unit conversion for answers typed by participants (``12500 kg CO2e`` → ``t CO2e``).

``t CO2e``, ``kg CO2e`` and ``g CO2e`` convert like masses; activity units (kWh, GJ, litre,
tkm, EUR) come from the one registry of the package, :func:`registry`.
"""
from __future__ import annotations

from workbook.paths import data_cache, data_dir
from workbook.schemas import read_csv


def _currencies() -> list[dict]:
    """Exchange rates to USD (``data/climate/currency.csv``), checked against their schema."""
    return read_csv(data_dir() / "climate" / "currency.csv")


@data_cache
def registry():
    """The package's one pint registry: course units and the currencies of ``currency.csv``.

    Built once per data folder (it takes a few hundred ms). The climate engine converts
    activity data with it and the exercise engine converts typed answers with it.
    """
    import pint

    ureg = pint.UnitRegistry()
    ureg.define("passenger_km = [passenger_distance] = pkm")
    ureg.define("vehicle_km = [vehicle_distance] = vkm")
    # A traveller or a vehicle times a distance is passenger-km or vehicle-km (quantities in two
    # parts, e.g. employees x km commuted a year: Scope 3 Technical Guidance, category 7).
    ureg.define("passenger = passenger_km / kilometer = traveller = employee = person")
    ureg.define("vehicle = vehicle_km / kilometer")
    ureg.define("tonne_km = tonne * kilometer = tkm")
    ureg.define("room_night = [lodging]")
    ureg.define("piece = [count] = pcs")
    ureg.define("USD = [currency]")
    for row in _currencies():
        if row["currency"] != "USD":
            ureg.define(f"{row['currency']} = {row['usd_per_unit']!r} * USD")
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
