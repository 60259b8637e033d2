"""Offer kinds for parents and families, adults (27–65), all ages and professionals."""

from __future__ import annotations

from praevnav.catalogue.demo.kinds import Y, kind

KINDS = (
    kind(
        "erziehungsberatung",
        titles="Erziehungsberatung|Familienberatungsstelle|Beratungsstelle für Eltern, Kinder "
        "und Jugendliche|Erziehungs- und Familienberatung {ort}|Psychologische "
        "Familienberatung",
        intros="Die Erziehungsberatungsstelle hilft Eltern, Kindern und Jugendlichen bei "
        "Fragen und Krisen im Familienalltag.|Ob Streit, Schulprobleme oder Sorgen um die "
        "Entwicklung: Die Familienberatung hört zu und sucht mit Ihnen nach Lösungen.|Eltern "
        "und junge Menschen erhalten hier kostenfrei psychologische und pädagogische Beratung.",
        details="Jugendliche können auch allein kommen.|Ein erstes Gespräch ist meist "
        "innerhalb von zwei Wochen möglich.|Die Beratung unterliegt der Schweigepflicht.|"
        "Es gibt zusätzlich eine telefonische Sprechzeit.",
        topics="erziehungsberatung psychische-gesundheit",
        dims="erziehung gesundheit",
        ages=((0, 27 * Y), (0, 18 * Y)),
        participants="eltern kind familie",
        targets="alleinerziehende psychisch-belastet",
        settings="beratungsstelle",
        formats="beratung",
        access="kostenlos",
        providers="beratung wohlfahrt jugendamt",
        funding="kommunal land-nrw",
        service="areas locations",
        schedule="office",
        weight=1.3,
        languages="tr en ar",
        plain="Sie haben Fragen zur Erziehung? Wir beraten Sie kostenlos.",
    ),
    kind(
        "elternkurs",
        titles="Elternkurs „Starke Eltern – Starke Kinder“|Triple P – Positives Erziehen|"
        "Elterntraining|Elternkurs: Entspannt erziehen",
        intros="Der Elternkurs stärkt Mütter und Väter in ihrer Erziehungsrolle.|Wie setze ich "
        "Grenzen, ohne laut zu werden? Im Kurs tauschen sich Eltern aus und üben neue Wege.|"
        "Erziehung ist nicht immer leicht: Der Kurs gibt Sicherheit und praktische Ideen.",
        details="Der Kurs umfasst acht Abende.|Während des Kurses wird eine Kinderbetreuung "
        "angeboten.|Mit dem {pass} ist die Teilnahme kostenlos.|Der Kurs wird auch auf "
        "Türkisch angeboten.",
        topics="elternkurs familienbildung",
        dims="erziehung",
        ages=((0, 12 * Y), (2 * Y, 12 * Y), (0, 6 * Y)),
        participants="eltern",
        settings="familienzentrum beratungsstelle",
        formats="kurs",
        access="anmeldung",
        fee=True,
        evidence="starke-eltern triple-p",
        providers="familienbildung kinderschutzbund beratung kita",
        funding="kommunal eigenmittel",
        schedule="course",
        weight=1.0,
        childcare=0.5,
        capacity=(12, 48),
        plain="Ein Kurs für Eltern. Sie lernen viel über Erziehung.",
    ),
    kind(
        "elternkurs_pubertaet",
        titles="Elternkurs: Gelassen durch die Pubertät|Pubertät – Elternabende in Reihe|"
        "Eltern stärken in der Pubertät",
        intros="Wenn Kinder in die Pubertät kommen, ändert sich vieles in der Familie.|Streit "
        "um Handyzeiten, Schule und Freunde? Der Kurs hilft, im Gespräch zu bleiben.",
        details="Der Kurs umfasst fünf Abende.|Eltern tauschen Erfahrungen aus und erhalten "
        "Anregungen für den Alltag.|Mit dem {pass} ist die Teilnahme kostenlos.",
        topics="elternkurs erziehungsberatung",
        dims="erziehung",
        ages=((10 * Y, 18 * Y),),
        participants="eltern",
        settings="familienzentrum beratungsstelle schule",
        formats="kurs veranstaltung",
        access="anmeldung",
        fee=True,
        providers="familienbildung beratung schule",
        funding="kommunal eigenmittel",
        schedule="course",
        weight=0.4,
        capacity=(12, 40),
        plain="Ein Kurs für Eltern von Jugendlichen.",
    ),
    kind(
        "trennung",
        titles="Trennungs- und Scheidungsberatung@1|Gruppe für Kinder aus Trennungsfamilien@0|"
        "Beratung bei Trennung und Scheidung|Begleiteter Umgang@0",
        intros="Eine Trennung verändert das Leben der ganzen Familie.|Eltern erhalten Rat, "
        "wie sie auch nach der Trennung gemeinsam gut für ihre Kinder sorgen.",
        details="Es gibt auch Gruppen für Kinder, deren Eltern sich getrennt haben.|Beraten "
        "wird zu Umgang, Sorgerecht und Unterhalt.",
        topics="trennung-scheidung erziehungsberatung",
        dims="erziehung",
        ages=((0, 18 * Y),),
        participants="eltern kind familie",
        targets="alleinerziehende",
        settings="beratungsstelle",
        formats="beratung gruppe",
        levels="selektiv",
        access="kostenlos",
        providers="beratung wohlfahrt jugendamt",
        funding="kommunal",
        service="whole locations",
        schedule="appointment",
        weight=0.5,
        plain="Hilfe für Familien bei Trennung.",
    ),
    kind(
        "alleinerziehende",
        titles="Treff für Alleinerziehende|Alleinerziehenden-Frühstück|Netzwerk "
        "Alleinerziehende {ort}|Beratung für Ein-Eltern-Familien",
        intros="Alleinerziehende Mütter und Väter tauschen sich aus und unterstützen sich "
        "gegenseitig.|Das Angebot richtet sich an Ein-Eltern-Familien mit Kindern jeden Alters.",
        details="Die Kinder werden währenddessen betreut.|Fachleute informieren zu "
        "Unterhaltsvorschuss, Kinderzuschlag und Wohngeld.",
        topics="familienbildung sozialberatung",
        dims="teilhabe erziehung",
        ages=((0, 18 * Y),),
        participants="eltern familie",
        targets="alleinerziehende geringes-einkommen",
        settings="familienzentrum quartier",
        formats="gruppe beratung",
        levels="selektiv",
        access="kostenlos offen",
        providers="wohlfahrt familienbildung verein",
        funding="kommunal",
        schedule="monthly",
        weight=0.5,
        childcare=0.9,
        plain="Ein Treff für Mütter und Väter, die allein erziehen.",
    ),
    kind(
        "schuldnerberatung",
        titles="Schuldnerberatung|Schuldner- und Insolvenzberatung|Budgetberatung für "
        "Familien|Offene Sprechstunde Schuldnerberatung",
        intros="Wenn die Rechnungen sich stapeln, hilft die Schuldnerberatung, den Überblick "
        "zurückzugewinnen.|Die Schuldnerberatung unterstützt bei Mahnungen, Pfändungen und "
        "drohender Stromsperre.",
        details="Gemeinsam wird ein Haushaltsplan erstellt.|Auch ein Pfändungsschutzkonto "
        "kann bescheinigt werden.|Die Wartezeit für ein Erstgespräch beträgt etwa drei "
        "Wochen.|Für akute Notlagen gibt es eine offene Sprechstunde.",
        topics="schuldnerberatung sozialberatung",
        dims="teilhabe",
        ages=((18 * Y, None),),
        participants="erwachsene familie",
        targets="geringes-einkommen arbeitslose alleinerziehende",
        settings="beratungsstelle",
        formats="beratung",
        levels="selektiv",
        access="kostenlos anmeldung",
        providers="beratung wohlfahrt",
        funding="kommunal",
        service="areas locations whole",
        schedule="office",
        weight=0.8,
        languages="tr ru ar",
        plain="Sie haben Schulden? Wir helfen Ihnen.",
    ),
    kind(
        "sozialberatung",
        titles="Allgemeine Sozialberatung|Sozialberatung im Stadtteil|Offene Sprechstunde "
        "Sozialberatung|Hilfe bei Anträgen und Behördenpost",
        intros="Bei Fragen zu Bürgergeld, Wohngeld, Kinderzuschlag oder Rente hilft die "
        "Sozialberatung weiter.|Behördenpost verstehen und Anträge ausfüllen: Die "
        "Sozialberatung unterstützt Sie dabei.",
        details="Sie können ohne Termin in die offene Sprechstunde kommen.|Bitte bringen Sie "
        "Ihre Unterlagen mit.|Bei Bedarf wird an Fachstellen weitervermittelt.",
        topics="sozialberatung",
        dims="teilhabe",
        ages=((18 * Y, None),),
        participants="erwachsene familie",
        targets="geringes-einkommen zugewanderte",
        settings="beratungsstelle quartier",
        formats="beratung",
        access="kostenlos offen",
        providers="wohlfahrt verein mso kirche",
        funding="kommunal eigenmittel",
        schedule="office",
        weight=1.0,
        languages="tr ar ru uk pl ro bg",
        plain="Hilfe bei Anträgen und Briefen vom Amt.",
    ),
    kind(
        "migrationsberatung",
        titles="Migrationsberatung für Erwachsene|Beratung für Zugewanderte|"
        "Integrationsberatung {ort}|Erstberatung für Geflüchtete",
        intros="Die Migrationsberatung begleitet Zugewanderte in den ersten Jahren in Deutschland.|"
        "Fragen zu Aufenthalt, Sprachkurs, Arbeit und Wohnen werden hier beantwortet.",
        details="Die Beratung ist mehrsprachig.|Auch Familiennachzug und Anerkennung von "
        "Abschlüssen sind Themen.|Wir vermitteln in Integrations- und Sprachkurse.",
        topics="migrationsberatung sozialberatung",
        dims="teilhabe",
        ages=((18 * Y, None), (27 * Y, None)),
        participants="erwachsene familie",
        targets="zugewanderte",
        settings="beratungsstelle",
        formats="beratung",
        access="kostenlos",
        providers="wohlfahrt mso",
        funding="land-nrw kommunal",
        schedule="office",
        weight=0.6,
        languages="ar fa tr ru uk ti ku sq",
        plain="Beratung für Menschen, die neu in Deutschland sind.",
    ),
    kind(
        "sprachkurs",
        titles="Deutschkurs für Mütter@1|Mama lernt Deutsch@1|Sprachcafé@2|Deutsch im Alltag – "
        "Konversationskurs@0|Integrationskurs mit Kinderbetreuung@1",
        intros="Im Kurs lernen Erwachsene Deutsch für den Alltag: beim Arzt, in der Kita, beim "
        "Einkaufen.|Mütter lernen Deutsch, während ihre Kinder nebenan betreut werden.|Im "
        "Sprachcafé wird bei Tee und Gebäck Deutsch gesprochen – ohne Noten und ohne Druck.",
        details="Der Kurs findet in der Kita oder Grundschule der Kinder statt.|Es gibt "
        "Kurse für Anfängerinnen und Fortgeschrittene.|Die Teilnahme ist kostenlos.",
        topics="sprachfoerderung migrationsberatung",
        dims="bildung teilhabe",
        ages=((18 * Y, 65 * Y), (16 * Y, None)),
        participants="erwachsene eltern",
        targets="zugewanderte",
        settings="familienzentrum schule quartier",
        formats="kurs gruppe",
        access="kostenlos anmeldung",
        providers="vhs familienbildung mso wohlfahrt kita",
        funding="land-nrw esf kommunal",
        schedule="course",
        weight=1.0,
        childcare=0.6,
        capacity=(12, 30),
        languages="ar tr uk fa",
        plain="Sie lernen Deutsch. Ihre Kinder werden betreut.",
    ),
    kind(
        "gesundheitskurs",
        titles="Rückenfit@0|Bewegung im Park@0|Yoga für Einsteigerinnen und Einsteiger@1|"
        "Stressbewältigung und Entspannung@1|Gesund kochen mit kleinem Budget@2",
        intros="Der Kurs bringt Bewegung in den Alltag – ohne Leistungsdruck.|Entspannung "
        "lernen, Stress abbauen: Der Kurs zeigt einfache Übungen für jeden Tag.|Gesund essen "
        "muss nicht teuer sein: Gemeinsam wird eingekauft und gekocht.",
        details="Viele Krankenkassen erstatten die Kursgebühr.|Mit dem {pass} ist der Kurs "
        "ermäßigt.|Bitte bequeme Kleidung mitbringen.",
        topics="bewegung ernaehrung psychische-gesundheit",
        dims="gesundheit",
        ages=((18 * Y, None), (27 * Y, 70 * Y)),
        participants="erwachsene",
        settings="quartier familienzentrum",
        formats="kurs",
        access="anmeldung",
        fee=True,
        providers="vhs familienbildung sportverein",
        funding="krankenkassen eigenmittel",
        schedule="course",
        weight=0.9,
        capacity=(12, 40),
        plain="Ein Kurs für Ihre Gesundheit.",
    ),
    kind(
        "suchtberatung",
        titles="Suchtberatung|Beratung bei Alkohol- und Medikamentenproblemen|"
        "Angehörigengruppe Sucht|Suchtberatung für Eltern",
        intros="Die Suchtberatung hilft Menschen mit Alkohol-, Drogen- oder Glücksspielproblemen "
        "und ihren Angehörigen.|Angehörige von suchtkranken Menschen finden hier Halt und "
        "Austausch.",
        details="Die Beratung ist kostenlos und vertraulich.|Es gibt eine Gruppe für Kinder "
        "aus suchtbelasteten Familien.|Wir vermitteln in Entgiftung und Therapie.",
        topics="sucht psychische-gesundheit",
        dims="gesundheit",
        ages=((18 * Y, None),),
        participants="erwachsene angehoerige",
        targets="sucht-belastet",
        settings="beratungsstelle",
        formats="beratung gruppe",
        levels="indiziert selektiv",
        access="kostenlos anonym",
        providers="beratung wohlfahrt",
        funding="kommunal",
        service="whole locations",
        schedule="office",
        weight=0.4,
        plain="Hilfe bei Sucht für Betroffene und Angehörige.",
    ),
    kind(
        "gewaltschutz",
        titles="Frauenberatungsstelle|Beratung bei häuslicher Gewalt|Gewaltschutzberatung|"
        "Beratung nach Gewalterfahrung",
        intros="Frauen, die Gewalt erleben oder erlebt haben, finden hier Schutz und Beratung.|"
        "Die Beratungsstelle unterstützt Betroffene von häuslicher Gewalt und ihre Kinder.",
        details="Wir helfen bei Anträgen nach dem Gewaltschutzgesetz.|Beratung ist auch "
        "telefonisch und anonym möglich.|Bei Bedarf vermitteln wir einen Platz im Frauenhaus.",
        topics="haeusliche-gewalt psychische-gesundheit",
        dims="gesundheit teilhabe",
        ages=((16 * Y, None),),
        participants="erwachsene",
        targets="gewalt-betroffene",
        settings="beratungsstelle",
        formats="beratung telefon-online",
        levels="indiziert",
        access="kostenlos anonym",
        providers="beratung wohlfahrt",
        funding="land-nrw kommunal",
        service="whole",
        schedule="office",
        weight=0.3,
        languages="tr ar en",
        plain="Sie erleben Gewalt? Wir helfen Ihnen.",
    ),
    kind(
        "arbeit_qualifizierung",
        titles="Frauen in Arbeit|Wiedereinstieg in den Beruf|Qualifizierung für "
        "Langzeitarbeitslose|Job-Coaching|Teilzeitausbildung für Eltern",
        intros="Das Angebot begleitet Menschen auf dem Weg zurück in Arbeit.|Nach der "
        "Familienphase wieder einsteigen: Hier gibt es Beratung, Qualifizierung und Coaching.",
        details="Die Teilnahme kann über das Jobcenter gefördert werden.|Kinderbetreuung "
        "wird mitgedacht.",
        topics="arbeitsmarkt",
        dims="bildung teilhabe",
        ages=((25 * Y, 65 * Y), (18 * Y, 65 * Y)),
        participants="erwachsene",
        targets="arbeitslose alleinerziehende zugewanderte",
        settings="betrieb beratungsstelle",
        formats="kurs begleitung",
        levels="selektiv",
        access="kostenlos anmeldung",
        providers="jobcenter vhs verein wohlfahrt",
        funding="esf kommunal",
        schedule="course",
        weight=0.6,
        childcare=0.3,
        capacity=(15, 60),
        plain="Hilfe, um wieder Arbeit zu finden.",
    ),
    kind(
        "familienbildung_kurs",
        titles="Familienwochenende@0|Kochkurs für Familien@1|Nähcafé für Eltern@0|"
        "Familienausflug im Stadtteil@0|Eltern-Kind-Kochen@1",
        intros="Gemeinsam etwas erleben: Das Angebot richtet sich an die ganze Familie.|Beim "
        "Familienkochen bereiten Eltern und Kinder zusammen einfache, gesunde Gerichte zu.",
        details="Mit dem {pass} ist die Teilnahme ermäßigt.|Geschwisterkinder sind "
        "willkommen.|Eine Anmeldung ist erforderlich.",
        topics="familienbildung ernaehrung",
        dims="erziehung teilhabe",
        ages=((3 * Y, 14 * Y), (0, 12 * Y)),
        participants="familie",
        settings="familienzentrum quartier",
        formats="kurs veranstaltung",
        access="anmeldung",
        fee=True,
        providers="familienbildung kirche verein",
        funding="eigenmittel kommunal",
        schedule="course",
        weight=0.8,
        plain="Ein Angebot für die ganze Familie.",
    ),
    kind(
        "nachbarschaftstreff",
        titles="Stadtteilcafé@0|Nachbarschaftstreff {ort}@1|Offener Mittagstisch@2|Repair-Café@1|"
        "Interkultureller Treff@1",
        intros="Im Stadtteilcafé treffen sich Nachbarinnen und Nachbarn aller Generationen.|"
        "Der offene Treff lädt ein zum Kennenlernen, Klönen und Mitmachen.|Beim Mittagstisch "
        "gibt es ein warmes Essen zum kleinen Preis – und Gesellschaft.",
        details="Jede und jeder ist willkommen.|Ehrenamtliche organisieren Aktionen im "
        "Quartier.|Der Treff ist barrierefrei erreichbar.",
        topics="begegnung ehrenamt",
        dims="teilhabe",
        ages=((None, None),),
        participants="familie erwachsene",
        settings="quartier",
        formats="gruppe",
        access="kostenlos offen",
        providers="verein kirche wohlfahrt mso zentrum_plus",
        funding="kommunal eigenmittel",
        schedule="weekly",
        weight=0.9,
        languages="tr ar",
        plain="Ein Treff für alle Nachbarn.",
    ),
    kind(
        "ehrenamt",
        titles="Ehrenamtsbörse|Freiwilligenagentur {ort}|Engagement im Stadtteil|"
        "Patenschaften für Familien",
        intros="Wer sich engagieren möchte, findet hier passende Aufgaben.|Ehrenamtliche "
        "Familienpatinnen und -paten unterstützen Familien im Alltag.",
        details="Es gibt Schulungen für Ehrenamtliche.|Auch kurze Einsätze sind möglich.",
        topics="ehrenamt begegnung",
        dims="teilhabe",
        ages=((16 * Y, None),),
        participants="erwachsene",
        settings="quartier beratungsstelle",
        formats="beratung veranstaltung",
        access="kostenlos",
        providers="verein wohlfahrt kirche",
        funding="kommunal",
        schedule="office",
        weight=0.4,
        plain="Hier finden Sie ein Ehrenamt.",
    ),
    kind(
        "psychische_gesundheit",
        titles="Sozialpsychiatrischer Dienst@0|Offene Sprechstunde bei seelischen Krisen@0|"
        "Beratung für psychisch belastete Eltern@1",
        intros="Menschen in seelischen Krisen und ihre Angehörigen erhalten hier schnelle Hilfe.|"
        "Wenn Eltern psychisch erkranken, brauchen auch die Kinder Unterstützung.",
        details="Bei Bedarf sind Hausbesuche möglich.|Die Beratung ist kostenlos.|Auch "
        "Angehörige können sich beraten lassen.",
        topics="psychische-gesundheit",
        dims="gesundheit",
        ages=((18 * Y, None),),
        participants="erwachsene angehoerige familie",
        targets="psychisch-belastet",
        settings="beratungsstelle gesundheitswesen",
        formats="beratung hausbesuch",
        levels="indiziert",
        access="kostenlos",
        providers="gesundheitsamt beratung wohlfahrt",
        funding="kommunal",
        service="areas whole",
        schedule="office",
        weight=0.4,
        plain="Hilfe bei seelischen Krisen.",
    ),
    kind(
        "fortbildung",
        titles="Fortbildung Kinderschutz für Fachkräfte@0|Netzwerktreffen Frühe Hilfen@1|"
        "Fachtag Präventionskette|Schulung: Gewichtige Anhaltspunkte erkennen",
        intros="Die Fortbildung richtet sich an Fachkräfte aus Kita, Schule, Jugendhilfe und "
        "Gesundheitswesen.|Im Netzwerktreffen lernen sich Fachkräfte aus dem Stadtbezirk kennen.",
        details="Die Teilnahme ist kostenlos.|Eine Teilnahmebescheinigung wird ausgestellt.|"
        "Die Fortbildung ist Teil der Präventionsschulung für neue Mitarbeitende.",
        topics="kinderschutz familienhebamme",
        dims="erziehung bildung",
        ages=((0, 18 * Y),),
        participants="fachkraefte",
        settings="beratungsstelle online",
        formats="fortbildung veranstaltung",
        access="kostenlos anmeldung",
        providers="jugendamt kinderschutzbund",
        funding="fruehe-hilfen kommunal",
        service="whole",
        schedule="course",
        weight=0.3,
        plain="Eine Schulung für Fachkräfte.",
    ),
)
