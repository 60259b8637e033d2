"""Offer kinds for the transition to retirement and for older people (65+)."""

from __future__ import annotations

from praevnav.catalogue.demo.kinds import Y, kind

KINDS = (
    kind(
        "seniorentreff",
        titles="Seniorentreff|Begegnung im {zentrum}|Seniorencafé {ort}|Spielenachmittag für "
        "Seniorinnen und Senioren|Offener Treff für ältere Menschen",
        intros="Im Seniorentreff kommen ältere Menschen aus der Nachbarschaft zusammen.|Kaffee, "
        "Kuchen, Gespräche und Gedächtnistraining: Der Treff bringt Abwechslung in die Woche.|"
        "Das {zentrum} ist Begegnungsort und Beratungsstelle für Menschen ab 60.",
        details="Es gibt ein wechselndes Programm mit Vorträgen und Ausflügen.|Der Treff ist "
        "stufenlos erreichbar.|Ein Fahrdienst kann vermittelt werden.|Neue Gesichter sind "
        "immer willkommen.",
        topics="begegnung einsamkeit",
        dims="teilhabe gesundheit",
        ages=((65 * Y, None), (60 * Y, None)),
        participants="erwachsene",
        targets="aeltere-alleinlebende",
        settings="senioreneinrichtung quartier",
        formats="gruppe",
        access="kostenlos offen",
        providers="zentrum_plus kirche wohlfahrt verein",
        funding="kommunal eigenmittel",
        schedule="open",
        weight=1.5,
        plain="Ein Treff für ältere Menschen.",
    ),
    kind(
        "seniorenberatung",
        titles="Seniorenberatung|Beratung für ältere Menschen und Angehörige|"
        "Sprechstunde im {zentrum}|Beratung rund ums Älterwerden",
        intros="Die Seniorenberatung hilft älteren Menschen, so lange wie möglich selbstständig "
        "zu leben.|Rat zu Hilfen im Haushalt, Wohnen im Alter und Freizeit im Stadtteil.",
        details="Hausbesuche sind möglich.|Wir helfen bei Anträgen auf Grundsicherung und "
        "Schwerbehindertenausweis.|Auch Angehörige können sich beraten lassen.",
        topics="seniorenberatung wohnen",
        dims="teilhabe gesundheit",
        ages=((65 * Y, None), (60 * Y, None)),
        participants="erwachsene angehoerige",
        targets="aeltere-alleinlebende pflegende-angehoerige",
        settings="senioreneinrichtung beratungsstelle",
        formats="beratung hausbesuch",
        access="kostenlos",
        providers="zentrum_plus wohlfahrt",
        transitions="selbststaendigkeit-pflege",
        funding="kommunal",
        schedule="office",
        weight=1.0,
        languages="tr ru pl",
        plain="Beratung für ältere Menschen.",
    ),
    kind(
        "pflegeberatung",
        titles="Pflegeberatung|Pflegestützpunkt|Beratung für pflegende Angehörige|"
        "Pflegekurs für Angehörige|Gesprächskreis pflegende Angehörige",
        intros="Wenn ein Angehöriger pflegebedürftig wird, stellen sich viele Fragen.|Die "
        "Pflegeberatung informiert zu Pflegegrad, Leistungen der Pflegeversicherung und "
        "Entlastung.",
        details="Die Beratung ist neutral und kostenlos.|Auf Wunsch kommen wir zu Ihnen nach "
        "Hause.|Im Pflegekurs lernen Angehörige praktische Handgriffe.",
        topics="pflegeberatung seniorenberatung",
        dims="gesundheit teilhabe",
        ages=((65 * Y, None), (18 * Y, None)),
        participants="angehoerige erwachsene",
        targets="pflegende-angehoerige",
        settings="beratungsstelle zuhause",
        formats="beratung hausbesuch kurs",
        access="kostenlos",
        providers="beratung wohlfahrt zentrum_plus",
        transitions="selbststaendigkeit-pflege",
        funding="krankenkassen kommunal",
        service="areas locations",
        schedule="office",
        weight=0.9,
        plain="Beratung, wenn jemand Pflege braucht.",
    ),
    kind(
        "demenzcafe",
        titles="Demenzcafé|Café Vergissmeinnicht|Treffpunkt für Menschen mit Demenz und "
        "Angehörige|Betreuungsgruppe Demenz",
        intros="Im Demenzcafé verbringen Menschen mit Demenz einen schönen Nachmittag, während "
        "Angehörige sich austauschen.|Singen, Erinnern, Gemeinschaft: Das Demenzcafé schafft "
        "Entlastung für Familien.",
        details="Geschulte Ehrenamtliche begleiten die Gäste.|Die Kosten können über den "
        "Entlastungsbetrag der Pflegekasse abgerechnet werden.|Eine vorherige Anmeldung "
        "hilft bei der Planung.",
        topics="demenz pflegeberatung",
        dims="gesundheit teilhabe",
        ages=((65 * Y, None),),
        participants="erwachsene angehoerige",
        targets="pflegende-angehoerige",
        settings="senioreneinrichtung",
        formats="gruppe",
        levels="selektiv",
        access="anmeldung",
        fee=True,
        providers="zentrum_plus wohlfahrt beratung kirche",
        funding="krankenkassen eigenmittel",
        schedule="monthly",
        weight=0.6,
        plain="Ein Café für Menschen mit Demenz und ihre Familien.",
    ),
    kind(
        "seniorensport",
        titles="Sturzprävention|Seniorengymnastik|Fit ab 70|Tanzen im Sitzen|Spaziergruppe",
        intros="Kraft und Gleichgewicht trainieren schützt vor Stürzen.|Bewegung hält fit: Die "
        "Gruppe trifft sich wöchentlich zu sanfter Gymnastik.",
        details="Die Übungen sind auch mit Rollator möglich.|Der Kurs wird von einer "
        "Physiotherapeutin geleitet.",
        topics="bewegung einsamkeit",
        dims="gesundheit",
        ages=((65 * Y, None), (70 * Y, None)),
        participants="erwachsene",
        settings="senioreneinrichtung quartier",
        formats="kurs gruppe",
        access="anmeldung",
        fee=True,
        providers="sportverein zentrum_plus vhs",
        funding="krankenkassen eigenmittel",
        schedule="weekly",
        weight=0.8,
        capacity=(10, 30),
        plain="Sport für ältere Menschen.",
    ),
    kind(
        "besuchsdienst",
        titles="Besuchsdienst für ältere Menschen|Telefonkette gegen Einsamkeit|"
        "Ehrenamtlicher Besuchsdienst|Nachbarschaftliche Besuche",
        intros="Ehrenamtliche besuchen allein lebende ältere Menschen regelmäßig zu Hause.|"
        "Ein Anruf am Tag gegen die Einsamkeit: Die Telefonkette verbindet ältere Menschen.",
        details="Gemeinsam wird spazieren gegangen, gelesen oder erzählt.|Die Ehrenamtlichen "
        "werden geschult und begleitet.",
        topics="einsamkeit ehrenamt",
        dims="teilhabe",
        ages=((65 * Y, None),),
        participants="erwachsene",
        targets="aeltere-alleinlebende",
        settings="zuhause",
        formats="hausbesuch",
        levels="selektiv",
        access="kostenlos",
        providers="kirche wohlfahrt zentrum_plus verein",
        funding="eigenmittel",
        service="outreach",
        schedule="appointment",
        weight=0.5,
        plain="Jemand besucht Sie zu Hause.",
    ),
    kind(
        "digital_senioren",
        titles="Smartphone-Sprechstunde für Ältere|Digital mobil im Alter|Tablet-Kurs für "
        "Seniorinnen und Senioren|Internet-Café 60 plus",
        intros="Wie funktioniert der Videoanruf mit den Enkeln? In der Sprechstunde gibt es "
        "geduldige Hilfe.|Der Kurs erklärt Smartphone und Tablet Schritt für Schritt.",
        details="Bitte bringen Sie Ihr eigenes Gerät mit.|Leihgeräte sind vorhanden.",
        topics="begegnung einsamkeit",
        dims="bildung teilhabe",
        ages=((60 * Y, None),),
        participants="erwachsene",
        settings="senioreneinrichtung quartier",
        formats="kurs beratung",
        access="kostenlos anmeldung",
        providers="zentrum_plus vhs bibliothek",
        funding="kommunal land-nrw",
        schedule="weekly",
        weight=0.5,
        plain="Hilfe mit Handy und Internet.",
    ),
    kind(
        "ruhestand",
        titles="Fit in den Ruhestand|Neue Wege im Ruhestand|Übergang in die Rente gestalten|"
        "Zwischen Beruf und Ruhestand",
        intros="Der Übergang in den Ruhestand ist eine Chance für Neues.|Das Seminar hilft, "
        "die Zeit nach dem Beruf bewusst zu gestalten.",
        details="Themen sind Engagement, Gesundheit und Finanzen.|Es gibt Kontakte zu "
        "Ehrenamt und Bildungsangeboten.",
        topics="seniorenberatung ehrenamt",
        dims="teilhabe bildung",
        ages=((58 * Y, 70 * Y),),
        participants="erwachsene",
        settings="quartier senioreneinrichtung",
        formats="kurs veranstaltung",
        access="anmeldung",
        fee=True,
        providers="vhs zentrum_plus familienbildung",
        transitions="erwerbsleben-ruhestand",
        funding="eigenmittel kommunal",
        schedule="course",
        weight=0.4,
        plain="Ein Kurs für Menschen, die bald in Rente gehen.",
    ),
    kind(
        "wohnberatung",
        titles="Wohnberatung im Alter|Barrierefrei wohnen – Beratung|Wohnungsanpassung",
        intros="Die Wohnberatung zeigt, wie die eigene Wohnung sicher und barrierearm wird.|"
        "Mit kleinen Umbauten länger selbstständig zu Hause leben.",
        details="Auf Wunsch kommen wir zu einem Hausbesuch.|Wir beraten zu Zuschüssen der "
        "Pflegekasse.",
        topics="wohnen seniorenberatung",
        dims="teilhabe gesundheit",
        ages=((65 * Y, None),),
        participants="erwachsene angehoerige",
        settings="zuhause beratungsstelle",
        formats="beratung hausbesuch",
        access="kostenlos",
        providers="wohlfahrt beratung",
        transitions="selbststaendigkeit-pflege",
        funding="kommunal",
        service="whole areas",
        schedule="appointment",
        weight=0.3,
        plain="Beratung, damit Sie sicher zu Hause wohnen.",
    ),
)
