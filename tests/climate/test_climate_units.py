"""Activity data in any compatible unit is converted; an incompatible unit is refused with the reason."""
import pytest

from workbook.climate.footprint.units import UnitProblem, conversion


@pytest.mark.parametrize("src,dst,factor", [
    ("MWh", "kWh", 1000), ("GJ", "kWh", 1e9 / 3.6e6), ("kWh", "GJ", 0.0036), ("m³", "Nm3", 1),
    ("litre", "m3", 0.001), ("l", "litre", 1), ("t", "kg", 1000), ("kg", "t", 0.001), ("tkm", "tkm", 1),
    ("kg*km", "tkm", 0.001), ("kEUR", "EUR", 1000), ("kwh", "kWh", 1),
])
def test_compatible_units_convert(src, dst, factor):
    assert conversion(src, dst) == pytest.approx(factor)


def test_euro_converts_to_2022_dollars_with_the_rate_in_the_data():
    from workbook.climate.footprint.facts import currency_table

    rate = currency_table().set_index("currency").loc["EUR", "usd_per_unit"]
    assert conversion("EUR", "USD") == pytest.approx(rate)


def test_energy_converts_to_fuel_volume_with_the_energy_content():
    # 31.65 MJ per Nm3 natural gas: 1 GJ = 1000/31.65 Nm3
    assert conversion("GJ", "Nm3", 31.65) == pytest.approx(1000 / 31.65)


def test_energy_without_energy_content_is_refused():
    with pytest.raises(UnitProblem, match="energy"):
        conversion("kWh", "litre")


def test_incompatible_unit_names_both_dimensions():
    with pytest.raises(UnitProblem) as e:
        conversion("kg", "kWh")
    assert "mass" in str(e.value) and "energy" in str(e.value)


def test_plain_km_is_not_taken_for_passenger_km():
    with pytest.raises(UnitProblem, match="pkm"):
        conversion("km", "pkm")


def test_unknown_unit_is_refused():
    with pytest.raises(UnitProblem, match="not a unit"):
        conversion("bananas", "kg")
