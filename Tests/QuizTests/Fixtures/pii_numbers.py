"""Checksummed numbers for the PII test set (cards, IBANs, national IDs), reproducible.

Imported by make_pii_set.py; not run on its own."""
import random

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return str((10 - total % 10) % 10)

def card(rng, prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)

def not_luhn(rng, prefix, length):
    n = card(rng, prefix, length)
    return n[:-1] + str((int(n[-1]) + 1 + rng.randrange(8)) % 10)

def group(n, sizes, sep=" "):
    out, i = [], 0
    for s in sizes:
        out.append(n[i:i + s]); i += s
    return sep.join(out)

def iban(rng, country, bban):
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(num) % 97
    return country + f"{check:02d}" + bban

def iban_spaced(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))

def thai_id(rng):
    body = rng.choice("1235") + digits(rng, 11)
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)

def thai_fmt(n, sep="-"):
    return group(n, [1, 4, 5, 2, 1], sep)

def nik(rng):
    province = rng.choice(["11", "12", "13", "31", "32", "33", "34", "35", "36", "51", "52", "61", "64", "71", "73", "94"])
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return province + f"{rng.randint(1, 79):02d}{rng.randint(1, 40):02d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}" + f"{rng.randint(1, 9999):04d}"

def cccd(rng):
    return f"{rng.choice([1, 2, 4, 8, 25, 31, 33, 38, 46, 48, 79, 92]):03d}" + rng.choice("0123") + digits(rng, 8)

def ni_number(rng):
    first = rng.choice("ABCEHJKLMNPRSTWXYZ")
    second = rng.choice("ABCEHJKLMNPRSTWXYZ")
    return first + second + digits(rng, 6) + rng.choice("ABCD")

def ssn(rng):
    return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
