"""Amounts in a currency's minor unit: how many decimals each currency has and how cityos rounds.

Prices are stored with six decimals (Medusa keeps arbitrary precision), but every amount a buyer
pays — a line's total, its tax, its discount, a shipping charge — is rounded to the currency's minor
unit, half up, at the line. Cart and order totals are sums of those rounded parts, so they add up
exactly and a receipt never disagrees with its own total.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pycountry

# ISO 4217 currencies whose minor unit is not the cent; pycountry does not carry the exponent.
EXPONENTS = {
    **dict.fromkeys(("bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx"), 0),
    **dict.fromkeys(("vnd", "vuv", "xaf", "xof", "xpf"), 0),
    **dict.fromkeys(("bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"), 3),
}
ZERO = Decimal(0)
ISO_CURRENCIES = frozenset(currency.alpha_3.lower() for currency in pycountry.currencies)


def currency_code(value: str) -> str:
    """An ISO 4217 code as Medusa stores it (lower case); anything else is a ``ValueError``."""
    code = value.lower()
    if code not in ISO_CURRENCIES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code


def exponent(currency_code: str) -> int:
    return EXPONENTS.get(currency_code.lower(), 2)


def round_money(amount: Decimal, currency_code: str) -> Decimal:
    """Half up to the currency's minor unit: 0.125 EUR is 0.13, 0.5 JPY is 1."""
    return amount.quantize(Decimal(1).scaleb(-exponent(currency_code)), rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: list[Decimal], currency_code: str) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``, each share rounded, the shares summing to ``total``.

    Largest remainder: every share is first rounded down, then the minor units left over go to the
    shares that lost the most, so a fixed discount across lines never gains or loses a cent.
    """
    weight_sum = sum(weights, ZERO)
    if not weights or weight_sum <= 0:
        return [ZERO for _ in weights]
    unit = Decimal(1).scaleb(-exponent(currency_code))
    exact = [total * weight / weight_sum for weight in weights]
    shares = [(value / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for value in exact]
    leftover = int(((total - sum(shares, ZERO)) / unit).to_integral_value(rounding=ROUND_HALF_UP))
    by_loss = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for index in by_loss[:leftover]:
        shares[index] += unit
    return shares
