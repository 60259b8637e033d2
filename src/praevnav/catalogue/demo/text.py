"""Natural German text for generated offers: descriptions, cost notes, schedules,
contacts and the slightly different spellings of duplicate entries."""

from __future__ import annotations

import random

from praevnav.catalogue.demo import vocab
from praevnav.catalogue.demo.records import SessionRecord

LANGUAGE_NAMES = {
    "en": "Englisch", "tr": "Türkisch", "ar": "Arabisch", "ru": "Russisch", "uk": "Ukrainisch",
    "pl": "Polnisch", "fa": "Persisch", "ro": "Rumänisch", "bg": "Bulgarisch", "el": "Griechisch",
    "it": "Italienisch", "es": "Spanisch", "fr": "Französisch", "ku": "Kurdisch",
    "ti": "Tigrinya", "sq": "Albanisch", "ja": "Japanisch", "zh": "Chinesisch",
    "sgn-de": "Deutscher Gebärdensprache",
}  # fmt: skip
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
ORDINALS = ("ersten", "zweiten", "dritten", "letzten")


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " und " + words[-1]


def logistics(
    *,
    rng: random.Random,
    access: list[str],
    languages: list[str],
    childcare: bool,
    accessibility: list[str],
    pass_name: str,
) -> list[str]:
    """Sentences that say in words what the structured fields say."""
    out = []
    if "kostenlos" in access:
        out.append(
            rng.choice(
                (
                    "Das Angebot ist kostenlos.",
                    "Die Teilnahme ist kostenfrei.",
                    "Es entstehen keine Kosten.",
                )
            )
        )
    if "ermaessigt-sozialpass" in access:
        out.append(f"Mit dem {pass_name} gibt es eine Ermäßigung.")
    if "offen" in access:
        out.append(rng.choice(("Eine Anmeldung ist nicht nötig.", "Kommen Sie einfach vorbei.")))
    elif "anmeldung" in access:
        out.append(
            rng.choice(
                (
                    "Bitte melden Sie sich vorher an.",
                    "Eine Anmeldung ist erforderlich.",
                    "Die Plätze sind begrenzt, bitte melden Sie sich an.",
                )
            )
        )
    if "ueberweisung" in access:
        out.append(
            "Der Zugang erfolgt über eine Vermittlung, zum Beispiel durch den "
            "Bezirkssozialdienst, die Kinderarztpraxis oder die Kita."
        )
    if "anonym" in access and rng.random() < 0.6:
        out.append("Auf Wunsch bleiben Sie anonym.")
    others = [LANGUAGE_NAMES[c] for c in languages if c != "de" and c in LANGUAGE_NAMES]
    if others:
        out.append(
            rng.choice(
                (
                    f"Das Angebot gibt es auch auf {join_words(others)}.",
                    f"Beratung ist auch auf {join_words(others)} möglich.",
                    f"Wir sprechen auch {join_words(others)}.",
                )
            )
        )
    if childcare:
        out.append(
            rng.choice(
                (
                    "Für Kinder gibt es eine Betreuung vor Ort.",
                    "Eine Kinderbetreuung wird angeboten.",
                )
            )
        )
    if "stufenlos" in accessibility and rng.random() < 0.5:
        out.append("Die Räume sind stufenlos erreichbar.")
    if "leichte-sprache" in accessibility:
        out.append("Informationen gibt es auch in Leichter Sprache.")
    return out


def cost_note(rng: random.Random, *, pass_name: str, schedule: str) -> str:
    if schedule == "course":
        n = rng.choice((6, 8, 10, 12))
        price = rng.choice((25, 30, 45, 60, 75, 90))
        reduced = rng.choice((0, 5, 10, price // 2))
        pass_part = "kostenlos" if reduced == 0 else f"{reduced} €"
        return f"{price} € für {n} Termine; mit {pass_name} {pass_part}"
    price = rng.choice((2, 3, 5, 8, 12, 15))
    if schedule == "monthly":
        return f"{price} € pro Treffen, mit {pass_name} ermäßigt"
    return f"Monatsbeitrag {price} €, mit {pass_name} oder BuT-Leistungen kostenfrei"


def _t(h: int, m: int = 0) -> str:
    return f"{h:02d}:{m:02d}"


def sessions(rng: random.Random, style: str) -> tuple[list[SessionRecord], str, bool, bool]:
    """(sessions, schedule note, by appointment, closed on public holidays)."""
    closed = True
    note = ""
    by_appointment = False
    result: list[SessionRecord] = []
    if style == "office":
        days = rng.choice(((0, 1, 2, 3, 4), (0, 1, 2, 3), (0, 2, 3), (1, 3)))
        afternoon = rng.random() < 0.6
        for day in days:
            result.append(SessionRecord(day, _t(9), _t(rng.choice((12, 13)))))
            if afternoon and day != 4:
                result.append(SessionRecord(day, _t(14), _t(rng.choice((16, 17, 18)))))
        if rng.random() < 0.4:
            note = "Termine nach Vereinbarung auch außerhalb der Sprechzeiten."
    elif style == "appointment":
        by_appointment = True
        note = rng.choice(
            (
                "Termine nach Vereinbarung.",
                "Nach telefonischer Terminvereinbarung.",
                "Termine nach Absprache, auch als Hausbesuch.",
            )
        )
        if rng.random() < 0.5:
            for day in rng.sample(range(5), 2):
                result.append(SessionRecord(day, _t(10), _t(12), "telefonische Sprechzeit"))
    elif style == "course":
        day = rng.randrange(6 if rng.random() < 0.2 else 5)
        start = rng.choice(((9, 30), (10, 0), (15, 0), (16, 30), (18, 30), (19, 0)))
        minutes = rng.choice((60, 90, 120))
        end = start[0] * 60 + start[1] + minutes
        result.append(SessionRecord(day, _t(*start), _t(end // 60, end % 60)))
        note = rng.choice(
            (
                f"{rng.choice((6, 8, 10))} Termine, Kursbeginn im Februar und im September.",
                "Neue Kurse beginnen laufend, bitte erfragen Sie die Termine.",
                f"Kurs mit {rng.choice((5, 8, 10))} Terminen, nicht in den Schulferien.",
                "Mehrmals im Jahr, Termine auf Anfrage.",
            )
        )
    elif style == "weekly":
        for day in sorted(rng.sample(range(5), rng.choice((1, 1, 2)))):
            start = rng.choice((9, 10, 14, 15, 16))
            result.append(SessionRecord(day, _t(start), _t(start + rng.choice((1, 2, 2, 3)))))
        if rng.random() < 0.5:
            note = "Wöchentlich, außer in den Schulferien."
    elif style == "open":
        closed = rng.random() < 0.7
        for day in range(5):
            if day == 0 and rng.random() < 0.3:
                continue
            result.append(
                SessionRecord(day, _t(rng.choice((13, 14, 15))), _t(rng.choice((18, 19, 20))))
            )
        if rng.random() < 0.3:
            result.append(SessionRecord(5, _t(12), _t(17), "Samstagsöffnung"))
        if rng.random() < 0.4:
            note = "In den Ferien gelten besondere Öffnungszeiten."
    elif style == "monthly":
        day = rng.randrange(5)
        start = rng.choice((10, 14, 15, 18))
        result.append(SessionRecord(day, _t(start), _t(start + 2)))
        note = f"Jeden {rng.choice(ORDINALS)} {WEEKDAYS[day]} im Monat."
    return result, note, by_appointment, closed


def contact_email(role: str, domain: str) -> str:
    return f"{vocab.slugify(role)}@{domain}"


# --- duplicates ----------------------------------------------------------------

_PREFIXES = (
    "Hausaufgaben", "Familien", "Eltern", "Kinder", "Jugend", "Senioren", "Beratungs",
    "Schuldner", "Sprach", "Erziehungs", "Baby", "Demenz", "Pflege", "Bewerbungs", "Sozial",
    "Schwangerschafts", "Geburts", "Sucht", "Migrations", "Nachbarschafts", "Stadtteil",
)  # fmt: skip


def respell(title: str, rng: random.Random) -> str:
    """The same title as somebody else would type it: hyphenated compounds,
    “ss” for “ß”, a dash or an ampersand, or a swapped letter."""
    variants = []
    words = title.split(" ")
    for i, word in enumerate(words):
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 3:
                rest = word[len(prefix) :]
                joined = f"{prefix}-{rest[0].upper()}{rest[1:]}"
                variants.append(" ".join(words[:i] + [joined] + words[i + 1 :]))
                break
    if "ß" in title:
        variants.append(title.replace("ß", "ss"))
    if "–" in title:
        variants.append(title.replace(" – ", " - "))
    if " und " in title:
        variants.append(title.replace(" und ", " & ", 1))
    long_words = [i for i, w in enumerate(words) if len(w) > 7 and w.isalpha()]
    if long_words:
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(2, len(w) - 2)
        swapped = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        variants.append(" ".join(words[:i] + [swapped] + words[i + 1 :]))
    variants = [v for v in variants if v != title]
    if not variants:
        return title[0].lower() + title[1:] if title[:1].isupper() else title.capitalize()
    return rng.choice(variants)
