"""Offer kinds for pregnancy, babies and toddlers (0–3) and Kita age (3–6)."""

from __future__ import annotations

from praevnav.catalogue.demo.kinds import Y, kind

KINDS = (
    kind(
        "schwangerenberatung",
        titles="Schwangerschaftsberatung|Beratung rund um Schwangerschaft und Geburt|"
        "Schwangerenberatung {ort}|Sprechstunde für werdende Eltern",
        intros="Werdende Mütter und Väter erhalten hier vertraulich Rat in allen Fragen rund um "
        "Schwangerschaft und Geburt.|Sie sind schwanger und haben viele Fragen? Unsere "
        "Schwangerschaftsberatung nimmt sich Zeit für Sie.|Die Beratungsstelle begleitet "
        "Schwangere und ihre Partnerinnen und Partner von Anfang an.",
        details="Wir helfen bei Anträgen auf Elterngeld, Kindergeld und Mittel der Bundesstiftung "
        "Mutter und Kind.|Auch Fragen zu Mutterschutz, Elternzeit und finanziellen Hilfen "
        "klären wir gemeinsam.|Die Beratung ist auf Wunsch anonym und unterliegt der "
        "Schweigepflicht.|Bei Bedarf vermitteln wir in weitere Frühe Hilfen im Stadtteil.",
        topics="familienhebamme sozialberatung",
        dims="gesundheit teilhabe",
        ages=((None, None),),
        pregnancy=True,
        participants="eltern",
        targets="junge-eltern geringes-einkommen alleinerziehende zugewanderte",
        settings="beratungsstelle",
        formats="beratung telefon-online",
        access="kostenlos anonym",
        providers="wohlfahrt beratung",
        transitions="geburt-familie",
        funding="fruehe-hilfen kommunal land-nrw",
        schedule="appointment",
        weight=1.0,
        languages="en tr ar",
        plain="Sie sind schwanger. Wir beraten Sie kostenlos.",
    ),
    kind(
        "geburtsvorbereitung",
        titles="Geburtsvorbereitungskurs|Geburtsvorbereitung für Paare|"
        "Geburtsvorbereitung am Wochenende|Kurs: Gut vorbereitet zur Geburt",
        intros="Im Kurs bereiten sich Schwangere – gern mit Begleitperson – auf die Geburt vor.|"
        "Eine erfahrene Hebamme vermittelt Wissen und Sicherheit für die Zeit rund um die "
        "Geburt.|Atmung, Entspannung und Informationen zum Ablauf der Geburt stehen im "
        "Mittelpunkt dieses Kurses.",
        details="Die Kosten übernimmt in der Regel die Krankenkasse.|Themen sind auch das "
        "Wochenbett, das Stillen und die ersten Tage zu Hause.|Der Kurs findet in kleinen "
        "Gruppen statt.|Partnerinnen und Partner sind an einem Abend ausdrücklich eingeladen.",
        topics="familienhebamme",
        dims="gesundheit",
        ages=((None, None),),
        pregnancy=True,
        participants="eltern",
        settings="gesundheitswesen familienzentrum",
        formats="kurs",
        access="anmeldung",
        providers="hebamme familienbildung",
        transitions="geburt-familie",
        funding="krankenkassen",
        schedule="course",
        capacity=(40, 120),
        plain="Ein Kurs für Schwangere. Sie lernen viel über die Geburt.",
    ),
    kind(
        "familienhebamme",
        titles="Familienhebamme|Familienhebammen und FGKiKP|Aufsuchende Begleitung durch "
        "Familienhebammen|Familienhebamme im Stadtbezirk",
        intros="Familienhebammen und Familien-Gesundheits- und Kinderkrankenpflegerinnen "
        "besuchen Familien in belastenden Lebenslagen zu Hause.|Die Begleitung beginnt in der "
        "Schwangerschaft und reicht bis zum ersten Geburtstag des Kindes.|Wenn der Start ins "
        "Familienleben schwerfällt, kommt die Familienhebamme regelmäßig zu Ihnen nach Hause.",
        details="Sie unterstützt bei Pflege, Ernährung und Entwicklung des Babys.|Gemeinsam "
        "mit den Eltern werden Wege zu weiteren Hilfen gesucht.|Das Angebot ist freiwillig "
        "und kostenfrei.|Die Vermittlung erfolgt über die Koordinierungsstelle Frühe Hilfen.",
        topics="familienhebamme",
        dims="gesundheit erziehung",
        ages=((0, 12), (0, 18)),
        pregnancy=True,
        participants="eltern familie",
        targets="junge-eltern psychisch-belastet alleinerziehende frueh-geborene sucht-belastet",
        settings="zuhause",
        formats="hausbesuch begleitung",
        levels="selektiv indiziert",
        access="kostenlos ueberweisung",
        providers="jugendamt wohlfahrt gesundheitsamt",
        transitions="geburt-familie",
        funding="fruehe-hilfen kommunal",
        service="outreach",
        schedule="appointment",
        weight=0.8,
        capacity=(20, 60),
        languages="en tr ar ru",
        plain="Eine Hebamme besucht Sie zu Hause. Sie hilft Ihnen mit dem Baby.",
    ),
    kind(
        "willkommensbesuch",
        titles="Willkommensbesuch für Neugeborene|Babybegrüßungsdienst|Willkommen im Leben – "
        "Besuch für junge Familien|Babybesuchsdienst",
        intros="Alle Familien mit einem neugeborenen Kind erhalten ein Angebot für einen "
        "Willkommensbesuch.|Eine Fachkraft besucht Sie nach der Geburt und bringt ein "
        "Begrüßungspaket mit.|Mit dem Willkommensbesuch heißt {stadt} jedes neue Baby willkommen.",
        details="Sie erfahren, welche Angebote es für Familien in Ihrer Nähe gibt.|Der Besuch "
        "ist freiwillig; Sie können einen Termin vereinbaren oder absagen.|Informationen gibt "
        "es auch zu Kinderbetreuung, Elterngeld und Vorsorgeuntersuchungen.",
        topics="willkommensbesuch",
        dims="erziehung teilhabe",
        ages=((0, 6),),
        participants="eltern familie",
        settings="zuhause",
        formats="hausbesuch",
        access="kostenlos",
        providers="jugendamt",
        transitions="geburt-familie",
        funding="fruehe-hilfen kommunal",
        service="outreach",
        schedule="appointment",
        weight=0.5,
        languages="en tr ar",
        plain="Wir besuchen Sie, wenn Ihr Baby geboren ist.",
    ),
    kind(
        "babymassage",
        titles="Babymassage|Babymassage-Kurs|Sanfte Babymassage für Eltern und Babys|"
        "Babymassage im Familienzentrum {ort}",
        intros="In diesem Kurs lernen Mütter und Väter, ihr Baby achtsam zu massieren.|"
        "Babymassage stärkt die Bindung zwischen Eltern und Kind und tut beiden gut.|"
        "Berührung ist für Babys wichtig: Im Kurs üben Sie einfache Massagegriffe.",
        details="Geeignet für Babys ab der sechsten Lebenswoche.|Bitte bringen Sie ein "
        "großes Handtuch und etwas Zeit mit.|Nebenbei bleibt Raum für Austausch mit anderen "
        "Eltern.|Das Massageöl wird gestellt.",
        topics="babytreff",
        dims="gesundheit erziehung",
        ages=((1, 9), (1, 12)),
        participants="eltern kind",
        settings="familienzentrum",
        formats="kurs",
        access="anmeldung",
        fee=True,
        providers="familienbildung kita hebamme",
        funding="eigenmittel kommunal",
        schedule="course",
        weight=0.8,
        capacity=(24, 80),
        plain="Sie massieren Ihr Baby. Das tut dem Baby gut.",
    ),
    kind(
        "pekip",
        titles="PEKiP-Gruppe|PEKiP – Prager-Eltern-Kind-Programm|PEKiP-Kurs für Babys im "
        "ersten Lebensjahr|Eltern-Kind-Gruppe nach PEKiP",
        intros="In der PEKiP-Gruppe begleiten Eltern ihr Baby durch das erste Lebensjahr.|"
        "Bewegungs- und Spielanregungen unterstützen die Entwicklung Ihres Kindes.|Das "
        "Prager-Eltern-Kind-Programm bringt Eltern und Babys in einer festen Gruppe zusammen.",
        details="Die Gruppe trifft sich wöchentlich in einem warmen Raum.|Sie tauschen sich "
        "mit anderen Eltern über Schlaf, Stillen und Entwicklung aus.|Mit dem {pass} ist der "
        "Kurs ermäßigt.|Die Gruppenleitung ist zertifizierte PEKiP-Fachkraft.",
        topics="babytreff familienbildung",
        dims="erziehung gesundheit",
        ages=((1, 12),),
        participants="eltern kind",
        settings="familienzentrum",
        formats="kurs gruppe",
        access="anmeldung",
        fee=True,
        evidence="pekip",
        providers="familienbildung kita",
        funding="eigenmittel",
        schedule="course",
        weight=0.7,
        capacity=(16, 48),
        plain="Eltern und Babys spielen zusammen in einer Gruppe.",
    ),
    kind(
        "babytreff",
        titles="Eltern-Baby-Treff|Elterncafé für Eltern mit Babys|Babytreff {ort}|"
        "Offener Treff für Eltern mit Kindern unter drei|Krabbeltreff",
        intros="Im offenen Treff lernen sich Eltern mit Babys und Kleinkindern kennen.|"
        "Hier treffen sich Mütter und Väter aus dem Stadtteil bei Kaffee und Tee.|Der "
        "Eltern-Baby-Treff ist ein Ort zum Ankommen, Austauschen und Kraft tanken.",
        details="Eine pädagogische Fachkraft ist dabei und beantwortet Fragen zu Entwicklung "
        "und Erziehung.|Eine Anmeldung ist nicht nötig – kommen Sie einfach vorbei.|Einmal "
        "im Monat kommt eine Hebamme oder Kinderkrankenschwester in den Treff.|Geschwisterkinder "
        "sind herzlich willkommen.",
        topics="babytreff begegnung",
        dims="erziehung teilhabe",
        ages=((0, 3 * Y), (0, 2 * Y)),
        participants="eltern kind familie",
        targets="junge-eltern alleinerziehende zugewanderte",
        settings="familienzentrum quartier",
        formats="gruppe",
        access="kostenlos offen",
        providers="kita familienbildung wohlfahrt verein kirche mso",
        funding="fruehe-hilfen kommunal kinderstark",
        schedule="weekly",
        weight=1.6,
        languages="tr ar uk ru",
        plain="Ein Treff für Eltern mit Babys. Sie können einfach kommen.",
    ),
    kind(
        "krabbelgruppe",
        titles="Krabbelgruppe|Spielgruppe für Kinder von 1 bis 3|Eltern-Kind-Spielgruppe|"
        "Mini-Club {ort}",
        intros="In der Spielgruppe entdecken Kinder zwischen einem und drei Jahren gemeinsam "
        "mit ihren Eltern die Welt.|Singen, Spielen und Bewegen: In der Eltern-Kind-Gruppe "
        "ist für Kleinkinder viel los.|Die Krabbelgruppe erleichtert den späteren Start in "
        "die Kita.",
        details="Die Gruppe wird von einer Erzieherin begleitet.|Eltern erhalten Anregungen "
        "für das Spiel zu Hause.|Die Gruppe trifft sich vormittags in festen Kursblöcken.",
        topics="familienbildung babytreff",
        dims="erziehung bildung",
        ages=((12, 3 * Y),),
        participants="eltern kind",
        settings="familienzentrum",
        formats="gruppe kurs",
        access="anmeldung",
        fee=True,
        providers="familienbildung kita kirche",
        transitions="familie-kita",
        funding="eigenmittel kommunal",
        schedule="course",
        weight=0.9,
        capacity=(20, 60),
        plain="Kleine Kinder spielen zusammen. Die Eltern sind dabei.",
    ),
    kind(
        "opstapje",
        titles="Opstapje – Schritt für Schritt|Opstapje: Spiel- und Lernprogramm für Kleinkinder|"
        "Hausbesuchsprogramm Opstapje",
        intros="Opstapje ist ein Spiel- und Lernprogramm für Familien mit Kleinkindern, das zu "
        "Hause stattfindet.|Geschulte Hausbesucherinnen bringen Spielmaterial mit und zeigen, "
        "wie Eltern die Entwicklung ihres Kindes fördern.",
        details="Zusätzlich gibt es regelmäßige Gruppentreffen im Familienzentrum.|Das "
        "Programm dauert 18 Monate.|Die Hausbesucherinnen sprechen oft die Familiensprache.",
        topics="familienbildung sprachfoerderung",
        dims="bildung erziehung",
        ages=((18, 3 * Y),),
        participants="eltern kind familie",
        targets="geringes-einkommen zugewanderte",
        settings="zuhause familienzentrum",
        formats="hausbesuch gruppe",
        levels="selektiv",
        access="kostenlos",
        evidence="opstapje",
        providers="wohlfahrt familienbildung",
        funding="kinderstark stiftung",
        service="outreach",
        schedule="appointment",
        weight=0.3,
        capacity=(10, 30),
        languages="tr ar bg ro",
        plain="Jemand besucht Sie zu Hause. Sie spielen mit Ihrem Kind.",
    ),
    kind(
        "steep",
        titles="STEEP – Bindung stärken|Frühe Bindungsförderung nach STEEP|"
        "Begleitung für Eltern und Babys (STEEP)",
        intros="STEEP unterstützt Eltern dabei, die Signale ihres Babys zu verstehen.|Mit "
        "Videoaufnahmen aus dem Familienalltag wird die Bindung zwischen Eltern und Kind "
        "gestärkt.",
        details="Die Begleitung beginnt in der Schwangerschaft und dauert bis zum zweiten "
        "Geburtstag.|Neben Hausbesuchen gibt es Gruppentreffen mit anderen Eltern.",
        topics="familienhebamme psychische-gesundheit",
        dims="erziehung gesundheit",
        ages=((0, 2 * Y),),
        pregnancy=True,
        participants="eltern kind",
        targets="junge-eltern psychisch-belastet",
        settings="zuhause",
        formats="hausbesuch begleitung",
        levels="indiziert",
        access="kostenlos ueberweisung",
        evidence="steep",
        providers="beratung wohlfahrt",
        transitions="geburt-familie",
        funding="fruehe-hilfen",
        service="outreach",
        schedule="appointment",
        weight=0.2,
        capacity=(8, 20),
        plain="Wir helfen Ihnen, Ihr Baby gut zu verstehen.",
    ),
    kind(
        "stillberatung",
        titles="Stillberatung@0|Still- und Ernährungssprechstunde@0|Hebammensprechstunde {ort}@0|"
        "Stillcafé@1",
        intros="Die Hebammensprechstunde beantwortet Fragen zum Stillen, zur Beikost und zum "
        "Wochenbett.|Im Stillcafé treffen sich stillende Mütter mit einer Stillberaterin.",
        details="Sie können Ihr Baby vor Ort wiegen lassen.|Auch Fragen zur Flaschennahrung "
        "sind willkommen.|Die Sprechstunde ist offen, ohne Termin.",
        topics="ernaehrung babytreff",
        dims="gesundheit",
        ages=((0, 12),),
        participants="eltern kind",
        settings="gesundheitswesen familienzentrum",
        formats="beratung gruppe",
        access="kostenlos offen",
        providers="hebamme gesundheitsamt familienbildung",
        funding="krankenkassen kommunal",
        schedule="weekly",
        weight=0.6,
        plain="Fragen zum Stillen? Hier bekommen Sie Hilfe.",
    ),
    kind(
        "schreiambulanz",
        titles="Schreiambulanz|Beratung für Eltern von Schreibabys|Sprechstunde für "
        "Säuglinge und Kleinkinder|Baby-Sprechstunde bei Schrei-, Schlaf- und Fütterproblemen",
        intros="Wenn Babys viel schreien, schlecht schlafen oder nicht essen wollen, geraten "
        "Eltern an ihre Grenzen.|Die Schreiambulanz hilft Eltern, deren Baby sich schwer "
        "beruhigen lässt.",
        details="Die Beratung findet in der Beratungsstelle oder als Hausbesuch statt.|Ein "
        "Termin ist in der Regel innerhalb von zwei Wochen möglich.|Sie brauchen keine "
        "Überweisung.",
        topics="psychische-gesundheit erziehungsberatung",
        dims="gesundheit erziehung",
        ages=((0, 3 * Y),),
        participants="eltern kind",
        targets="psychisch-belastet frueh-geborene",
        settings="beratungsstelle",
        formats="beratung hausbesuch",
        levels="selektiv",
        access="kostenlos",
        providers="beratung wohlfahrt",
        funding="kommunal fruehe-hilfen",
        service="whole locations",
        schedule="appointment",
        weight=0.3,
        plain="Ihr Baby weint sehr viel? Wir helfen Ihnen.",
    ),
    kind(
        "fruehfoerderung",
        titles="Interdisziplinäre Frühförderung|Frühförderstelle|Heilpädagogische Frühförderung|"
        "Frühförderung und Entwicklungsberatung",
        intros="Die Frühförderstelle begleitet Kinder mit Entwicklungsverzögerungen oder "
        "Behinderungen und ihre Familien.|Heilpädagogik, Logopädie und Physiotherapie arbeiten "
        "in der Frühförderung eng zusammen.",
        details="Die Förderung findet in der Einrichtung, in der Kita oder zu Hause statt.|"
        "Eltern werden in alle Schritte einbezogen.|Eine erste Entwicklungsberatung ist "
        "ohne Antrag möglich.",
        topics="lernfoerderung psychische-gesundheit",
        dims="gesundheit bildung",
        ages=((0, 6 * Y),),
        participants="kind eltern",
        targets="behinderung frueh-geborene",
        settings="beratungsstelle familienzentrum zuhause",
        formats="beratung begleitung",
        levels="indiziert",
        access="kostenlos ueberweisung",
        providers="beratung wohlfahrt",
        funding="kommunal krankenkassen",
        service="whole locations",
        schedule="appointment",
        weight=0.4,
        capacity=(40, 150),
        plain="Ihr Kind braucht mehr Förderung? Wir helfen früh.",
    ),
    kind(
        "sprachfoerderung_kita",
        titles="Sprachförderung in der Kita|Sprachförderung mit Eltern und Kindern|"
        "Rucksack – Eltern stärken Sprache|Sprachkita {ort}|Alltagsintegrierte Sprachbildung",
        intros="Kinder lernen Sprache im Alltag: beim Spielen, Singen und Vorlesen.|Die "
        "Sprachförderung unterstützt mehrsprachige Kinder und ihre Eltern.|Eltern und Kinder "
        "stärken gemeinsam Deutsch und die Familiensprache.",
        details="Eltern treffen sich wöchentlich und erhalten Material für zu Hause.|Die "
        "Familiensprache wird ausdrücklich wertgeschätzt.|Das Programm läuft über ein "
        "Kitajahr.",
        topics="sprachfoerderung familienbildung",
        dims="bildung teilhabe",
        ages=((3 * Y, 6 * Y), (1 * Y, 3 * Y), (2 * Y, 6 * Y)),
        participants="kind eltern",
        targets="zugewanderte",
        settings="familienzentrum",
        formats="gruppe kurs",
        access="kostenlos",
        providers="kita familienbildung wohlfahrt mso",
        transitions="familie-kita",
        funding="land-nrw kommunal kinderstark",
        schedule="weekly",
        weight=1.4,
        languages="tr ar ru uk bg ro pl",
        plain="Ihr Kind lernt Deutsch. Sie lernen mit.",
    ),
    kind(
        "eltern_kind_turnen",
        titles="Eltern-Kind-Turnen|Kinderturnen|Bewegungsstunde für Kita-Kinder|"
        "Psychomotorik für Kinder|Turnzwerge",
        intros="Klettern, Balancieren, Springen: Beim Turnen entdecken Kinder, was ihr Körper "
        "kann.|Die Bewegungsstunde fördert Koordination, Mut und Freude an Bewegung.|Hier "
        "toben Kinder angeleitet in der Turnhalle.",
        details="Die Übungsleitung ist ausgebildet im Kinderturnen.|Bitte bequeme Kleidung "
        "und Turnschläppchen mitbringen.|Mit dem Bildungs- und Teilhabepaket kann der "
        "Vereinsbeitrag übernommen werden.|Schnupperstunden sind jederzeit möglich.",
        topics="bewegung",
        dims="gesundheit",
        ages=((18, 4 * Y), (3 * Y, 6 * Y), (4 * Y, 7 * Y)),
        participants="kind eltern",
        settings="quartier familienzentrum",
        formats="kurs gruppe",
        access="anmeldung",
        fee=True,
        providers="sportverein kita familienbildung",
        funding="eigenmittel",
        schedule="weekly",
        weight=1.0,
        capacity=(15, 40),
        plain="Kinder turnen und bewegen sich.",
    ),
    kind(
        "zahngesundheit",
        titles="Zahnprophylaxe in Kita und Schule|Gruppenprophylaxe Zahngesundheit|"
        "Zahnputzschule|Kariesvorbeugung für Kinder",
        intros="Der zahnärztliche Dienst besucht Kitas und Grundschulen und übt mit den Kindern "
        "das Zähneputzen.|Gesunde Zähne von Anfang an: Die Gruppenprophylaxe macht Kinder und "
        "Eltern fit in Zahnpflege.",
        details="Einmal im Jahr gibt es eine zahnärztliche Untersuchung in der Einrichtung.|"
        "Für Eltern gibt es Infomaterial in mehreren Sprachen.|Auch Ernährung und "
        "zuckerfreie Getränke sind Thema.",
        topics="zahngesundheit ernaehrung",
        dims="gesundheit",
        ages=((2 * Y, 10 * Y), (3 * Y, 6 * Y)),
        participants="kind fachkraefte",
        settings="familienzentrum schule",
        formats="veranstaltung",
        access="kostenlos",
        providers="gesundheitsamt",
        funding="kommunal krankenkassen",
        service="areas whole",
        schedule="appointment",
        weight=0.4,
        plain="Kinder lernen Zähne putzen.",
    ),
    kind(
        "papilio",
        titles="Papilio in der Kita|Papilio – Gefühle verstehen, Streit lösen|"
        "Sozial-emotionale Förderung mit Papilio",
        intros="Papilio stärkt die sozial-emotionalen Kompetenzen von Kita-Kindern.|Mit "
        "Papilio lernen Kinder, Gefühle zu erkennen und Konflikte ohne Gewalt zu lösen.",
        details="Das Programm wird von geschulten Erzieherinnen und Erziehern umgesetzt.|"
        "Elternabende begleiten das Programm.",
        topics="psychische-gesundheit",
        dims="erziehung gesundheit",
        ages=((3 * Y, 7 * Y),),
        participants="kind fachkraefte eltern",
        settings="familienzentrum",
        formats="gruppe",
        access="kostenlos",
        evidence="papilio",
        providers="kita",
        funding="kommunal stiftung",
        schedule="weekly",
        weight=0.3,
        plain="Kinder lernen Gefühle kennen.",
    ),
    kind(
        "familienzentrum_sprechstunde",
        titles="Offene Erziehungsberatung im Familienzentrum|Elternsprechstunde im "
        "Familienzentrum {ort}|Beratung vor Ort in der Kita|Sprechstunde der "
        "Erziehungsberatung in der Kita",
        intros="Einmal im Monat berät eine Fachkraft der Erziehungsberatung direkt im "
        "Familienzentrum.|Eltern können ohne lange Wege Fragen zu Erziehung und Entwicklung "
        "stellen.|Die Sprechstunde bringt Beratung dorthin, wo Familien ohnehin sind.",
        details="Themen sind Trotzphasen, Schlaf, Geschwisterstreit oder Sorgen um die "
        "Entwicklung.|Die Beratung ist vertraulich.|Ein kurzer Anruf vorab hilft, ist aber "
        "nicht nötig.",
        topics="erziehungsberatung",
        dims="erziehung",
        ages=((0, 6 * Y),),
        participants="eltern",
        settings="familienzentrum",
        formats="beratung",
        access="kostenlos offen",
        providers="kita wohlfahrt beratung",
        funding="kommunal land-nrw",
        schedule="monthly",
        weight=1.0,
        languages="tr ar en",
        plain="Fragen zur Erziehung? Sprechen Sie mit uns in der Kita.",
    ),
    kind(
        "schulstart",
        titles="Fit für die Schule|Brückenjahr Kita – Grundschule|Schulstart-Programm für "
        "Vorschulkinder|Übergang Kita–Grundschule begleiten",
        intros="Das letzte Kitajahr ist eine besondere Zeit: Kinder und Eltern bereiten sich "
        "auf die Schule vor.|Kita und Grundschule arbeiten zusammen, damit der Schulstart "
        "gelingt.",
        details="Vorschulkinder besuchen die Grundschule und lernen ihre Lehrkräfte kennen.|"
        "Für Eltern gibt es einen Informationsabend zu Schulanmeldung und Offenem Ganztag.|"
        "Kinder mit Förderbedarf werden frühzeitig in den Blick genommen.",
        topics="lernfoerderung familienbildung",
        dims="bildung erziehung",
        ages=((5 * Y, 7 * Y),),
        participants="kind eltern fachkraefte",
        settings="familienzentrum schule",
        formats="gruppe veranstaltung",
        access="kostenlos",
        providers="kita schule familienbildung",
        transitions="kita-grundschule",
        funding="kommunal land-nrw",
        schedule="weekly",
        weight=0.8,
        plain="Ihr Kind kommt bald in die Schule. Wir helfen beim Start.",
    ),
    kind(
        "hippy",
        titles="HIPPY – Lernen zu Hause|HIPPY-Programm für Vorschulkinder|"
        "Hausbesuchsprogramm HIPPY",
        intros="HIPPY unterstützt Eltern dabei, ihr Kind spielerisch auf die Schule "
        "vorzubereiten.|Mit HIPPY lernen Kinder zwischen vier und sieben Jahren zu Hause mit "
        "ihren Eltern.",
        details="Hausbesucherinnen kommen alle zwei Wochen und bringen Material mit.|Das "
        "Programm läuft über zwei Jahre.",
        topics="lernfoerderung sprachfoerderung",
        dims="bildung erziehung",
        ages=((4 * Y, 7 * Y),),
        participants="eltern kind",
        targets="zugewanderte geringes-einkommen",
        settings="zuhause",
        formats="hausbesuch",
        levels="selektiv",
        access="kostenlos",
        evidence="hippy",
        providers="wohlfahrt mso",
        transitions="kita-grundschule",
        funding="kinderstark stiftung",
        service="outreach",
        schedule="appointment",
        weight=0.3,
        capacity=(12, 30),
        languages="tr ar bg",
        plain="Ihr Kind lernt zu Hause mit Ihnen für die Schule.",
    ),
)
