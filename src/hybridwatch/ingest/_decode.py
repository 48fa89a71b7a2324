"""Bytes to text when the input does not say, or lies about, its encoding.

The stated policy: UTF-8 (a BOM is honoured and removed); if the bytes are not valid
UTF-8, the declared charset if there is one; else, when they are UTF-8 but for a stray byte or
two (one bad byte in a Cyrillic line once turned the whole line into windows-1251 mojibake), UTF-8
with those bytes replaced by U+FFFD; else windows-1251 when high bytes come in runs (Cyrillic
words), else windows-1250 (Central European Latin). A record decoded by a fallback carries the
flag ``decoded_as:<codec>`` (``decoded_as:utf-8-replaced`` for the stray bytes).
"""

from __future__ import annotations

import codecs

__all__ = ["decode", "guess_legacy_codec", "codec_name"]

# Bytes that are not UTF-8 count as stray (not a legacy encoding) at one per this many valid
# multi-byte characters, or one alone: legacy Cyrillic or Latin text read as UTF-8 yields almost
# no valid multi-byte character, so its invalid bytes outnumber them.
STRAY_BYTES_PER = 20


def guess_legacy_codec(data: bytes) -> str:
    """Pick windows-1251 or windows-1250 for bytes that are not UTF-8."""
    high = [i for i, b in enumerate(data[:65536]) if b >= 0x80]
    if not high:
        return "windows-1250"
    run = sum(
        1 for i in high if (i + 1 < len(data) and data[i + 1] >= 0x80) or (i > 0 and data[i - 1] >= 0x80)
    )
    return "windows-1251" if run / len(high) > 0.5 else "windows-1250"


def codec_name(name: str | None) -> str | None:
    """Python's name for an encoding label ("Windows-1251" -> "cp1251"); None if it knows none."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None, *, strip_bom: bool = True) -> tuple[str, str | None]:
    """Decode *data*; return (text, flag) where flag names the fallback used, if any.

    A leading UTF-8 byte-order mark is dropped unless *strip_bom* is false (a CSV line after the
    first: there U+FEFF is the cell's own first character).
    """
    if strip_bom and data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    declared_codec = codec_name(declared)
    wide = declared_codec is not None and declared_codec.startswith(("utf-16", "utf-32"))
    if wide and b"\x00" not in data[:4096]:
        declared_codec = None  # no wide text has no NUL: read as UTF-8 already (as_utf8), or a lie
    # Valid UTF-8 is UTF-8, whatever a page declares (a Russian page in UTF-8 declaring
    # windows-1251 was stored as mojibake); but wide text is valid UTF-8 too, NULs and all.
    order = [declared_codec, "utf-8"] if wide and declared_codec else ["utf-8", declared_codec]
    for codec in dict.fromkeys(c for c in order if c):
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            pass
    lenient = data.decode("utf-8", errors="replace")
    literal = data.count("\ufffd".encode())  # replacement characters the text itself holds
    invalid = lenient.count("\ufffd") - literal
    multibyte = len(lenient) - len(lenient.encode("ascii", "ignore")) - invalid - literal
    if multibyte > 0 and invalid <= max(1, multibyte // STRAY_BYTES_PER):  # UTF-8 with a stray byte
        return lenient, "decoded_as:utf-8-replaced"
    codec = guess_legacy_codec(data)
    return data.decode(codec, errors="replace"), f"decoded_as:{codec}"
