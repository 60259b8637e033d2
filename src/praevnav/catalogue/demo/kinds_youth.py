"""Offer kinds for school children (6–10), young people (10–16) and young adults (16–27)."""

from __future__ import annotations

from praevnav.catalogue.demo.kinds import Y, kind

KINDS = (
    kind(
        "hausaufgabenhilfe",
        titles="Hausaufgabenhilfe|Hausaufgabenbetreuung {ort}|Lernhilfe am Nachmittag|"
        "Hausaufgaben- und Lernförderung|Lerncafé für Schulkinder",
        intros="Nach der Schule machen Kinder hier in Ruhe ihre Hausaufgaben – mit Hilfe, wenn "
        "es hakt.|Ehrenamtliche und pädagogische Fachkräfte helfen bei Hausaufgaben und beim "
        "Lernen für Klassenarbeiten.|Das Lerncafé bietet einen ruhigen Platz zum Lernen und "
        "jemanden, der erklärt.",
        details="Besonders Kinder, die zu Hause wenig Unterstützung haben, profitieren davon.|"
        "Die Lernförderung kann über das Bildungs- und Teilhabepaket finanziert werden.|Nach "
        "den Hausaufgaben bleibt Zeit für Spiele.|Die Gruppen sind klein.",
        topics="lernfoerderung",
        dims="bildung",
        ages=((6 * Y, 12 * Y), (6 * Y, 10 * Y), (8 * Y, 14 * Y)),
        participants="kind",
        targets="geringes-einkommen zugewanderte",
        settings="quartier schule jugendeinrichtung",
        formats="gruppe",
        access="kostenlos anmeldung",
        providers="verein wohlfahrt mso kirche jugendzentrum schule",
        funding="kommunal kinderstark stiftung",
        schedule="open",
        weight=1.5,
        capacity=(15, 40),
        languages="tr ar",
        plain="Hilfe bei den Hausaufgaben nach der Schule.",
    ),
    kind(
        "lernfoerderung_but",
        titles="Lernförderung nach dem Bildungs- und Teilhabepaket|Nachhilfe mit BuT|"
        "Individuelle Lernförderung",
        intros="Schülerinnen und Schüler, deren Versetzung gefährdet ist, erhalten gezielte "
        "Nachhilfe.|Die Lernförderung setzt dort an, wo es in Mathe, Deutsch oder Englisch "
        "nicht weitergeht.",
        details="Die Kosten übernimmt bei Anspruch das Bildungs- und Teilhabepaket.|Der "
        "Unterricht findet in Kleingruppen in der Schule statt.",
        topics="lernfoerderung",
        dims="bildung",
        ages=((6 * Y, 18 * Y),),
        participants="kind",
        targets="geringes-einkommen",
        settings="schule",
        formats="kurs",
        levels="selektiv",
        access="kostenlos ueberweisung",
        providers="verein wohlfahrt vhs",
        funding="kommunal",
        schedule="weekly",
        weight=0.6,
        plain="Nachhilfe für Kinder. Sie ist kostenlos mit dem BuT.",
    ),
    kind(
        "lesefoerderung",
        titles="Lesepaten|Vorlesestunde in der Stadtteilbücherei|Leseclub {ort}|"
        "Bücherwürmer – Lesefreude für Kinder|Lesementoring",
        intros="Ehrenamtliche Lesepatinnen und Lesepaten lesen mit Kindern und wecken Freude an "
        "Büchern.|Einmal in der Woche wird vorgelesen, erzählt und gebastelt.|Im Leseclub "
        "entdecken Kinder Bücher, Comics und Hörspiele.",
        details="Die Kinder können sich Bücher ausleihen.|Auch digitale Medien werden "
        "spielerisch genutzt.|Eine Anmeldung ist nicht erforderlich.",
        topics="lesefoerderung sprachfoerderung",
        dims="bildung",
        ages=((4 * Y, 10 * Y), (6 * Y, 12 * Y)),
        participants="kind",
        settings="quartier schule",
        formats="gruppe",
        access="kostenlos offen",
        providers="bibliothek verein schule",
        funding="kommunal stiftung",
        schedule="weekly",
        weight=0.9,
        plain="Kinder lesen zusammen Bücher.",
    ),
    kind(
        "klasse2000",
        titles="Klasse2000 – Gesundheitsförderung in der Grundschule|Klasse2000|"
        "Gesund und stark mit Klasse2000",
        intros="Klasse2000 begleitet Kinder von der ersten bis zur vierten Klasse.|Mit der "
        "Symbolfigur KLARO lernen Kinder, was ihnen gut tut: Bewegung, Entspannung, gesunde "
        "Ernährung.",
        details="Gesundheitsförderinnen besuchen die Klasse zwei- bis dreimal im Jahr.|Auch "
        "Sucht- und Gewaltvorbeugung sind Teil des Programms.",
        topics="sucht ernaehrung bewegung",
        dims="gesundheit bildung",
        ages=((6 * Y, 10 * Y),),
        participants="kind fachkraefte",
        settings="schule",
        formats="gruppe",
        access="kostenlos",
        evidence="klasse2000",
        providers="schule gesundheitsamt",
        funding="stiftung krankenkassen",
        schedule="appointment",
        weight=0.4,
        plain="Kinder lernen in der Schule, gesund zu leben.",
    ),
    kind(
        "schwimmkurs",
        titles="Schwimmkurs für Kinder|Seepferdchen-Kurs|Schwimmen lernen|"
        "Wassergewöhnung und Schwimmkurs",
        intros="Im Schwimmkurs lernen Kinder sicher schwimmen – vom ersten Gleiten bis zum "
        "Seepferdchen.|Jedes Kind soll schwimmen können: Der Kurs macht Kinder im Wasser sicher.",
        details="Der Kurs umfasst zehn Termine.|Mit dem {pass} ist der Kurs ermäßigt.|"
        "Die Wartelisten sind lang – melden Sie Ihr Kind frühzeitig an.",
        topics="bewegung",
        dims="gesundheit",
        ages=((5 * Y, 10 * Y),),
        participants="kind",
        settings="quartier",
        formats="kurs",
        access="anmeldung",
        fee=True,
        providers="sportverein",
        funding="eigenmittel kommunal",
        schedule="course",
        weight=0.6,
        capacity=(24, 80),
        plain="Ihr Kind lernt schwimmen.",
    ),
    kind(
        "sportangebot",
        titles="Fußball für Kinder und Jugendliche|Kindersport im Verein|Basketball-AG|"
        "Tanz- und Bewegungsgruppe für Mädchen|Judo für Kinder und Jugendliche",
        intros="Gemeinsam trainieren, gewinnen und verlieren lernen: Sport im Verein stärkt "
        "Kinder.|Das offene Sportangebot richtet sich an Kinder und Jugendliche aus dem "
        "Stadtteil.|Hier zählen Teamgeist und Spaß mehr als Leistung.",
        details="Die ersten Trainings sind kostenlos zum Ausprobieren.|Der Vereinsbeitrag "
        "kann über das Bildungs- und Teilhabepaket übernommen werden.|Trainiert wird in "
        "der Sporthalle der Schule.",
        topics="bewegung jugendarbeit",
        dims="gesundheit teilhabe",
        ages=((6 * Y, 14 * Y), (10 * Y, 18 * Y), (8 * Y, 16 * Y)),
        participants="kind",
        settings="quartier",
        formats="gruppe",
        access="anmeldung",
        fee=True,
        providers="sportverein",
        funding="eigenmittel",
        schedule="weekly",
        weight=1.2,
        capacity=(20, 60),
        plain="Sport im Verein für Kinder und Jugendliche.",
    ),
    kind(
        "kinderschutz_beratung",
        titles="Kinderschutz-Beratung|Beratung bei Sorge um das Kindeswohl|"
        "Kinderschutzzentrum|Beratungsstelle Kinderschutz",
        intros="Wer sich um ein Kind sorgt, findet hier vertrauliche Beratung.|Die "
        "Kinderschutzberatung richtet sich an Kinder, Eltern, Angehörige und Fachkräfte.",
        details="Kinder und Jugendliche können sich auch ohne ihre Eltern melden.|Fachkräfte "
        "erhalten hier die Beratung durch eine insoweit erfahrene Fachkraft nach § 8a SGB "
        "VIII.|Die Beratung ist auf Wunsch anonym.",
        topics="kinderschutz haeusliche-gewalt",
        dims="erziehung gesundheit",
        ages=((0, 18 * Y),),
        participants="kind eltern angehoerige fachkraefte",
        targets="gewalt-betroffene",
        settings="beratungsstelle",
        formats="beratung telefon-online",
        levels="indiziert selektiv",
        access="kostenlos anonym",
        providers="kinderschutzbund jugendamt beratung",
        funding="kommunal land-nrw",
        service="whole",
        schedule="office",
        weight=0.4,
        plain="Sie machen sich Sorgen um ein Kind? Rufen Sie uns an.",
    ),
    kind(
        "faustlos",
        titles="Faustlos – Gewaltprävention in der Grundschule|Faustlos|"
        "Streitschlichtung und Faustlos-Training",
        intros="Faustlos fördert Empathie, Impulskontrolle und den Umgang mit Ärger.|Im "
        "Faustlos-Training lernen Kinder, Streit ohne Gewalt zu lösen.",
        details="Das Programm wird im Klassenverband durchgeführt.|Lehrkräfte werden dafür "
        "geschult.",
        topics="psychische-gesundheit kinderschutz",
        dims="erziehung gesundheit",
        ages=((6 * Y, 12 * Y),),
        participants="kind fachkraefte",
        settings="schule",
        formats="gruppe",
        access="kostenlos",
        evidence="faustlos",
        providers="schule beratung",
        funding="kommunal",
        schedule="weekly",
        weight=0.3,
        plain="Kinder lernen, ohne Gewalt zu streiten.",
    ),
    kind(
        "uebergang_klasse5",
        titles="Übergangscoaching Klasse 4/5|Gut ankommen an der weiterführenden Schule|"
        "Patenprogramm für Fünftklässler|Übergang Grundschule – weiterführende Schule",
        intros="Der Wechsel auf die weiterführende Schule ist ein großer Schritt.|Ältere "
        "Schülerinnen und Schüler begleiten die Neuen als Patinnen und Paten.",
        details="Eltern erhalten Beratung zur Schulwahl.|In den ersten Wochen gibt es "
        "Kennenlerntage und eine Schulrallye.",
        topics="schulsozialarbeit lernfoerderung",
        dims="bildung erziehung",
        ages=((9 * Y, 12 * Y),),
        participants="kind eltern",
        settings="schule",
        formats="begleitung gruppe",
        access="kostenlos",
        providers="schule verein",
        transitions="grundschule-weiterfuehrende",
        funding="kommunal startchancen",
        schedule="weekly",
        weight=0.5,
        plain="Hilfe beim Wechsel auf die neue Schule.",
    ),
    kind(
        "jugendtreff",
        titles="Offener Jugendtreff|Jugendfreizeiteinrichtung {ort}|Offene Tür für Kinder und "
        "Jugendliche|Jugendcafé",
        intros="Der offene Treff ist ein Ort für Kinder und Jugendliche: zum Chillen, Spielen, "
        "Reden und Mitmachen.|Billard, Kicker, Kochen, Musik – und immer jemand zum Reden.|"
        "In der Jugendfreizeiteinrichtung gestalten junge Menschen ihre Freizeit selbst mit.",
        details="In den Ferien gibt es Ausflüge und Ferienprogramme.|Die Mitarbeitenden "
        "helfen auch bei Problemen in Schule oder Familie.|Der Eintritt ist frei, eine "
        "Anmeldung nicht nötig.|Es gibt eigene Öffnungszeiten nur für Mädchen.",
        topics="jugendarbeit begegnung",
        dims="teilhabe bildung",
        ages=((10 * Y, 18 * Y), (6 * Y, 14 * Y), (12 * Y, 21 * Y)),
        participants="kind",
        settings="jugendeinrichtung",
        formats="gruppe",
        access="kostenlos offen",
        providers="jugendzentrum wohlfahrt kirche",
        funding="kommunal",
        schedule="open",
        weight=1.6,
        languages="tr ar",
        plain="Ein Treff für Jugendliche. Der Eintritt ist frei.",
    ),
    kind(
        "schulsozialarbeit",
        titles="Schulsozialarbeit|Schulsozialarbeit an der {schule}|Beratung in der Schule|"
        "Sozialarbeit an Schulen",
        intros="Die Schulsozialarbeit ist Ansprechpartnerin für Schülerinnen und Schüler, Eltern "
        "und Lehrkräfte.|Bei Stress in der Klasse, Sorgen zu Hause oder Mobbing hilft die "
        "Schulsozialarbeit weiter.",
        details="Die Beratung ist vertraulich.|Auch bei Anträgen auf Leistungen aus dem "
        "Bildungs- und Teilhabepaket wird geholfen.|Die Schulsozialarbeit bietet "
        "Klassentrainings zum sozialen Lernen an.",
        topics="schulsozialarbeit",
        dims="bildung erziehung",
        ages=((6 * Y, 19 * Y), (10 * Y, 18 * Y)),
        participants="kind eltern fachkraefte",
        settings="schule",
        formats="beratung",
        access="kostenlos",
        providers="schule wohlfahrt",
        funding="kommunal land-nrw startchancen",
        schedule="office",
        weight=1.0,
        plain="In der Schule gibt es Hilfe bei Problemen.",
    ),
    kind(
        "lions_quest",
        titles="Lions Quest „Erwachsen werden“|Lebenskompetenztraining für die Klassen 5 bis 7|"
        "Erwachsen werden – Lebenskompetenzen stärken",
        intros="Das Programm stärkt Selbstvertrauen, Kommunikation und Konfliktfähigkeit.|Im "
        "Unterricht üben Jugendliche, mit Gruppendruck und Gefühlen umzugehen.",
        details="Lehrkräfte werden in einem Einführungsseminar geschult.|Das Programm dient "
        "auch der Sucht- und Gewaltprävention.",
        topics="sucht psychische-gesundheit",
        dims="gesundheit erziehung",
        ages=((10 * Y, 15 * Y),),
        participants="kind fachkraefte",
        settings="schule",
        formats="gruppe",
        access="kostenlos",
        evidence="lions-quest",
        providers="schule",
        funding="stiftung",
        schedule="weekly",
        weight=0.3,
        plain="Jugendliche lernen, stark zu sein.",
    ),
    kind(
        "suchtpraevention",
        titles="Suchtprävention an Schulen@0|Workshop Alkohol, Cannabis und Co.@0|Mobile "
        "Suchtprävention@1|Party- und Drogenberatung für Jugendliche@1|Medien- und Spielsucht "
        "vorbeugen@2",
        intros="In Workshops sprechen Jugendliche offen über Alkohol, Cannabis und andere "
        "Drogen.|Die Suchtprävention klärt auf, ohne zu dramatisieren.|Wie viel Zocken ist zu "
        "viel? Der Workshop beschäftigt sich mit Medien- und Glücksspielsucht.",
        details="Für Eltern gibt es eigene Informationsabende.|Die Fachstelle berät auch "
        "Lehrkräfte und Jugendarbeit.|Gespräche sind vertraulich und auf Wunsch anonym.",
        topics="sucht psychische-gesundheit",
        dims="gesundheit",
        ages=((12 * Y, 21 * Y), (14 * Y, 27 * Y)),
        participants="kind eltern fachkraefte",
        targets="sucht-belastet",
        settings="schule jugendeinrichtung beratungsstelle",
        formats="veranstaltung beratung",
        levels="universell selektiv",
        access="kostenlos anonym",
        providers="beratung gesundheitsamt wohlfahrt",
        funding="kommunal krankenkassen",
        service="areas whole locations",
        schedule="appointment",
        weight=0.7,
        plain="Informationen zu Alkohol und Drogen für Jugendliche.",
    ),
    kind(
        "medienkompetenz",
        titles="Medienscouts@1|Sicher im Netz – Workshop für Jugendliche@0|Medienkompetenz-"
        "Training@0|Elternabend Medienerziehung@2",
        intros="Smartphone, Social Media, Games: Der Workshop zeigt, wie man sicher und "
        "selbstbestimmt online ist.|Jugendliche werden zu Medienscouts ausgebildet und beraten "
        "Jüngere.|Der Elternabend zeigt, wie Eltern ihre Kinder beim Umgang mit Smartphone, "
        "Social Media und Games begleiten.",
        details="Themen sind Cybermobbing, Datenschutz und Fake News.|Eltern erfahren, wie "
        "Medienerziehung in der Familie gelingt.",
        topics="lesefoerderung psychische-gesundheit",
        dims="bildung erziehung",
        ages=((10 * Y, 16 * Y), (8 * Y, 14 * Y)),
        participants="kind eltern",
        settings="schule jugendeinrichtung",
        formats="kurs veranstaltung",
        access="kostenlos anmeldung",
        providers="bibliothek jugendzentrum vhs verein",
        funding="kommunal land-nrw",
        schedule="course",
        weight=0.6,
        plain="Jugendliche lernen, sicher im Internet zu sein.",
    ),
    kind(
        "streetwork",
        titles="Streetwork|Mobile Jugendarbeit {ort}|Aufsuchende Jugendarbeit|"
        "Jugendsozialarbeit auf der Straße",
        intros="Streetworkerinnen und Streetworker sind dort unterwegs, wo sich junge Menschen "
        "treffen.|Die mobile Jugendarbeit erreicht Jugendliche, die andere Angebote nicht "
        "nutzen.",
        details="Sie helfen bei Ärger mit Schule, Ausbildung, Wohnung oder Polizei.|Die "
        "Gespräche sind freiwillig und vertraulich.",
        topics="jugendarbeit wohnen",
        dims="teilhabe gesundheit",
        ages=((14 * Y, 27 * Y),),
        participants="kind",
        targets="wohnungslose sucht-belastet",
        settings="quartier",
        formats="begleitung beratung",
        levels="selektiv",
        access="kostenlos anonym offen",
        providers="wohlfahrt jugendamt",
        funding="kommunal",
        service="outreach",
        schedule="open",
        weight=0.5,
        plain="Wir kommen zu Jugendlichen auf die Straße und helfen.",
    ),
    kind(
        "kulturelle_bildung",
        titles="Theaterwerkstatt für Kinder und Jugendliche|Kinder-Kunstschule|Musikprojekt im "
        "Stadtteil|Tanzprojekt für Jugendliche|Zirkusprojekt für Kinder",
        intros="Auf der Bühne, an der Staffelei oder im Proberaum entdecken Kinder ihre "
        "Talente.|Kulturelle Bildung für alle: Das Projekt ist offen für Kinder aus dem "
        "ganzen Stadtteil.",
        details="Am Ende steht eine Aufführung für Familien und Nachbarn.|Material wird "
        "gestellt, Vorkenntnisse sind nicht nötig.|Mit dem {pass} ist die Teilnahme "
        "kostenlos.",
        topics="kultur jugendarbeit",
        dims="bildung teilhabe",
        ages=((6 * Y, 12 * Y), (10 * Y, 18 * Y), (6 * Y, 16 * Y)),
        participants="kind",
        settings="quartier jugendeinrichtung schule",
        formats="kurs gruppe",
        access="anmeldung",
        fee=True,
        providers="verein jugendzentrum vhs bibliothek",
        funding="kommunal land-nrw stiftung",
        schedule="weekly",
        weight=0.8,
        capacity=(12, 40),
        plain="Kinder machen Theater, Musik oder Kunst.",
    ),
    kind(
        "berufsorientierung",
        titles="Berufsorientierung|Berufsorientierungsbüro an der {schule}|Kein Abschluss ohne "
        "Anschluss – Potenzialanalyse und Berufsfelderkundung|Berufe entdecken|"
        "Talentscouting",
        intros="Welcher Beruf passt zu mir? Jugendliche finden ihre Stärken heraus und lernen "
        "Berufe kennen.|Die Berufsorientierung begleitet Schülerinnen und Schüler ab Klasse 8 "
        "auf dem Weg in Ausbildung oder Studium.",
        details="Dazu gehören Potenzialanalyse, Berufsfelderkundungen und Praktika.|Eltern "
        "sind zu Informationsabenden eingeladen.|Betriebe aus der Region stellen sich vor.",
        topics="berufsorientierung",
        dims="bildung teilhabe",
        ages=((13 * Y, 19 * Y),),
        participants="kind eltern",
        settings="schule betrieb",
        formats="begleitung veranstaltung",
        access="kostenlos",
        providers="schule jobcenter verein",
        transitions="schule-beruf",
        funding="land-nrw esf",
        schedule="office",
        weight=0.9,
        plain="Jugendliche finden heraus, welcher Beruf passt.",
    ),
    kind(
        "bewerbungstraining",
        titles="Bewerbungstraining|Bewerbungswerkstatt|Bewerbungscafé|Fit für die "
        "Bewerbung|Bewerbungshilfe für junge Menschen",
        intros="Lebenslauf, Anschreiben, Vorstellungsgespräch: Im Bewerbungstraining wird alles "
        "geübt.|Die Bewerbungswerkstatt hilft beim Schreiben und Gestalten der "
        "Bewerbungsunterlagen.",
        details="Computer und Drucker stehen zur Verfügung.|Bewerbungsfotos können vor Ort "
        "gemacht werden.|Auch Online-Bewerbungen werden Schritt für Schritt erklärt.",
        topics="berufsorientierung arbeitsmarkt",
        dims="bildung teilhabe",
        ages=((15 * Y, 27 * Y), (16 * Y, 25 * Y)),
        participants="kind",
        targets="arbeitslose zugewanderte",
        settings="beratungsstelle jugendeinrichtung betrieb",
        formats="kurs beratung",
        access="kostenlos anmeldung",
        providers="jobcenter verein wohlfahrt jugendzentrum vhs",
        transitions="schule-beruf",
        funding="esf kommunal",
        schedule="weekly",
        weight=1.0,
        plain="Wir helfen bei der Bewerbung.",
    ),
    kind(
        "ausbildungsbegleitung",
        titles="Ausbildungsbegleitung|Assistierte Ausbildung|Ausbildungspaten|Dranbleiben – "
        "Unterstützung in der Ausbildung",
        intros="Wer in der Ausbildung ins Straucheln gerät, bekommt hier Unterstützung.|"
        "Ehrenamtliche Ausbildungspatinnen und -paten begleiten Auszubildende bis zur "
        "Prüfung.",
        details="Es gibt Nachhilfe für die Berufsschule.|Auch bei Konflikten im Betrieb wird "
        "vermittelt.",
        topics="ausbildungsbegleitung",
        dims="bildung teilhabe",
        ages=((16 * Y, 27 * Y),),
        participants="kind",
        targets="zugewanderte",
        settings="beratungsstelle betrieb",
        formats="begleitung",
        levels="selektiv",
        access="kostenlos",
        providers="jobcenter verein wohlfahrt",
        transitions="schule-beruf",
        funding="esf",
        schedule="appointment",
        weight=0.5,
        plain="Hilfe während der Ausbildung.",
    ),
    kind(
        "jugendberatung",
        titles="Jugendberatung|Beratung für junge Erwachsene|Jugendberufshilfe|"
        "Anlaufstelle für junge Menschen|Beratungsstelle U27",
        intros="Junge Menschen bis 27 finden hier Rat bei allem, was schwierig ist: Geld, "
        "Wohnung, Ausbildung, Familie.|Die Anlaufstelle hilft jungen Erwachsenen, ihren Weg "
        "zu finden.",
        details="Auch ohne Termin in der offenen Sprechstunde.|Wir begleiten zu Ämtern und "
        "Behörden.|Die Beratung ist auch per Chat möglich.",
        topics="sozialberatung ausbildungsbegleitung",
        dims="teilhabe bildung",
        ages=((16 * Y, 27 * Y), (14 * Y, 27 * Y)),
        participants="kind",
        targets="wohnungslose arbeitslose",
        settings="beratungsstelle online",
        formats="beratung telefon-online",
        levels="selektiv universell",
        access="kostenlos anonym",
        providers="wohlfahrt beratung jugendamt",
        transitions="schule-beruf",
        funding="kommunal esf",
        schedule="office",
        weight=0.7,
        plain="Beratung für junge Menschen bis 27 Jahre.",
    ),
    kind(
        "junge_eltern",
        titles="Treff für junge Mütter|Junge Eltern – Treff und Beratung|Mama-Café für junge "
        "Mütter|Begleitung für junge Eltern unter 25",
        intros="Junge Mütter und Väter treffen sich hier mit ihren Kindern.|Wer früh Eltern "
        "wird, hat oft besondere Fragen: Schulabschluss, Ausbildung, Wohnung, Geld.",
        details="Während des Treffs werden die Kinder betreut.|Eine Sozialpädagogin berät zu "
        "Ausbildung in Teilzeit.",
        topics="babytreff sozialberatung",
        dims="erziehung teilhabe",
        ages=((16 * Y, 25 * Y),),
        participants="eltern kind",
        targets="junge-eltern alleinerziehende",
        settings="familienzentrum beratungsstelle",
        formats="gruppe beratung",
        levels="selektiv",
        access="kostenlos offen",
        providers="wohlfahrt familienbildung verein",
        funding="fruehe-hilfen kommunal",
        schedule="weekly",
        weight=0.4,
        childcare=0.9,
        plain="Ein Treff für junge Mütter und Väter.",
    ),
    kind(
        "queere_jugend",
        titles="Queerer Jugendtreff|Jugendgruppe für LSBTIQ*|Beratung für queere "
        "Jugendliche|Regenbogengruppe",
        intros="Ein sicherer Ort für lesbische, schwule, bi, trans*, inter* und queere "
        "Jugendliche.|Hier können junge queere Menschen sie selbst sein.",
        details="Es gibt Beratung zu Coming-out und Diskriminierung.|Auch Eltern können sich "
        "beraten lassen.",
        topics="jugendarbeit psychische-gesundheit",
        dims="teilhabe gesundheit",
        ages=((14 * Y, 27 * Y),),
        participants="kind",
        targets="lsbtiq",
        settings="jugendeinrichtung beratungsstelle",
        formats="gruppe beratung",
        levels="selektiv",
        access="kostenlos anonym offen",
        providers="beratung verein",
        funding="kommunal land-nrw",
        service="whole locations",
        schedule="weekly",
        weight=0.2,
        plain="Ein Treff für queere Jugendliche.",
    ),
)
