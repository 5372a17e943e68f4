"""The seeded scans and canvases, as data. Loaded (and kept up to date) by ``manage.py seed_scans``.

Content comes from the publication "Een nieuw samenspel van innoveren, werken
en leren?" (Netwerk Learning Communities, 2023), rewritten in our own words.
Keys are stable identifiers: change texts freely, but never reuse a key for a
different statement, or earlier answers would change meaning.

``instrument`` is the slug of the catalogue instrument the tool belongs to;
when the catalogue has no such instrument the scan is still available from the
community's scans tab, and it is linked as soon as the instrument exists.
"""

PUBLICATION = "Een nieuw samenspel van innoveren, werken en leren? (Netwerk Learning Communities, 2023)"

AGREE = "agree_5"
SCORE = "score_10"
BIPOLAR = "bipolar"
OPEN = "open"


def _single(key, title, statement, scale=AGREE, description="", **extra):
    """A dimension holding one statement, for scans whose statements are their dimensions."""
    return {
        "key": key,
        "title": title,
        "description": description,
        "items": [{"key": key, "statement": statement, "scale": scale, **extra}],
    }


SCANS = [
    {
        "slug": "actiebereidheid",
        "title": "Actiebereidheid van het consortium",
        "instrument": "actiebereidheid-vijf-stellingen",
        "source": f"{PUBLICATION}, §3.2c",
        "intro": "Vijf stellingen om eerlijk te toetsen of de beoogde partners klaar zijn om samen te "
        "beginnen. Geef per stelling aan in hoeverre die volgens jou klopt voor alle partners. Lage of "
        "sterk uiteenlopende scores zijn het gesprek waard voordat je verder gaat.",
        "dimensions": [
            _single(
                "gedeeld-doel",
                "Gedeeld doel",
                "Alle partners zien een groter, gezamenlijk doel dat we samen beter bereiken dan ieder "
                "voor zich.",
            ),
            _single(
                "blijvend-belang",
                "Blijvend belang",
                "Iedereen vindt die doelen nu belangrijk en verwacht dat dat de komende tijd zo blijft.",
            ),
            _single(
                "betekenisvolle-rol",
                "Betekenisvolle rol",
                "Elke partner wil én kan een echte rol spelen bij het ontwerpen en invoeren van de aanpak.",
            ),
            _single(
                "tijdelijk-naar-duurzaam",
                "Van tijdelijk naar duurzaam",
                "Iedereen weet dat we beginnen met een tijdelijke opzet, die moet uitgroeien tot een "
                "blijvende samenwerking.",
            ),
            _single(
                "mandaat",
                "Mandaat aan tafel",
                "Wie aan tafel zit, mag zelf beslissen of heeft rechtstreeks toegang tot wie dat mag.",
            ),
            {
                "key": "toelichting",
                "title": "Toelichting",
                "items": [
                    {
                        "key": "nodig",
                        "statement": "Wat is er volgens jou nodig om de actiebereidheid te vergroten?",
                        "scale": OPEN,
                    }
                ],
            },
        ],
    },
    {
        "slug": "ontwerpoverwegingen",
        "title": "Vier ontwerpoverwegingen",
        "instrument": "vier-ontwerpoverwegingen-voor-het-type-learning-community",
        "source": f"{PUBLICATION}, §3.2f",
        "intro": "Welk type learning community willen jullie zijn? Zet voor elk van de vier overwegingen de "
        "schuif waar jij vindt dat de community hoort: helemaal links, helemaal rechts of ergens ertussen. "
        "Er is geen goed of fout; verschillen tussen deelnemers zijn onderwerp van gesprek.",
        "dimensions": [
            _single(
                "intern-extern",
                "Intern of extern",
                "Gaat het vooral om het verbeteren van eigen werkprocessen en operationele kennis "
                "(intern), of "
                "om vernieuwende kennis die om een kennisinstelling vraagt (extern)?",
                scale=BIPOLAR,
                left_label="Intern gericht",
                right_label="Extern gericht",
            ),
            _single(
                "creatie-deling",
                "Kenniscreatie of kennisdeling",
                "Staat het ontwikkelen van nieuwe kennis centraal, of het delen van bestaande kennis tussen "
                "junioren en senioren?",
                scale=BIPOLAR,
                left_label="Kenniscreatie",
                right_label="Kennisdeling",
            ),
            _single(
                "openbaar-vertrouwelijk",
                "Openbaar of vertrouwelijk",
                "Is de kennis waarmee we werken vrij te delen, of vraagt die om afspraken over "
                "vertrouwelijkheid?",
                scale=BIPOLAR,
                left_label="Openbare kennis",
                right_label="Vertrouwelijke kennis",
            ),
            _single(
                "veiligheid-openheid",
                "Veiligheid of openheid",
                "Willen deelnemers hun kennis vooral kunnen afschermen, of zijn ze bereid die breed te "
                "delen?",
                scale=BIPOLAR,
                left_label="Veiligheid",
                right_label="Openheid",
            ),
        ],
    },
    {
        "slug": "verduurzamen",
        "title": "Verduurzamen: negen tips om te scoren",
        "instrument": "verduurzamen-van-learning-communities-oogsten-in-de-greenport",
        "source": f"{PUBLICATION}, §3.5 (Sjoer et al., 2020: Oogsten in de Greenport)",
        "intro": "De negen tips (a tot en met i) uit het Greenport-project voor het verduurzamen van een "
        "learning community, als stellingen. Geef elk een cijfer van 0 (daar doen we nog niets aan) tot 10 "
        "(dat hebben we goed geregeld). Herhaal de scan na een paar maanden om te zien wat er verandert. "
        "Let op: dit is niet Seeds of Innovation, de poster en app uit hetzelfde project. De publicatie "
        "beschrijft die tool op twee manieren: in de tabel van 3.4f met twaalf factoren, in 3.5 als een "
        "manier om de praktische tips te scoren. Deze scan scoort alleen de negen tips uit 3.5.",
        "dimensions": [
            _single(
                "doorontwikkelen",
                "a. Doorontwikkelen",
                "We zien verduurzamen als het verder ontwikkelen van hoe we samen leren en innoveren, niet "
                "als hetzelfde nog eens doen op een andere plek.",
                scale=SCORE,
            ),
            _single(
                "nieuwe-mensen",
                "b. Nieuwe fase, nieuwe mensen",
                "Bij een nieuwe fase kijken we bewust welke personen – met naam en toenaam – er dan bij "
                "moeten.",
                scale=SCORE,
            ),
            _single(
                "relaties",
                "c. Relaties en concurrentie",
                "We blijven structureel werken aan onderling vertrouwen en gaan slim om met "
                "concurrentiegevoeligheden.",
                scale=SCORE,
            ),
            _single(
                "baken",
                "d. Baken en tussenresultaten",
                "Een gedeelde ambitie geeft richting, en we delen regelmatig tussentijdse resultaten.",
                scale=SCORE,
            ),
            _single(
                "reputatie",
                "e. Reputatie",
                "We bouwen actief aan de naam van onze community, onder meer via (oud-)deelnemers als "
                "ambassadeurs.",
                scale=SCORE,
            ),
            _single(
                "ondersteuning",
                "f. Structurele ondersteuning",
                "Financiële en andere steun (apparatuur, expertise, menskracht) is voor langere tijd "
                "geregeld.",
                scale=SCORE,
            ),
            _single(
                "toepassing",
                "g. Van ontwikkeling naar toepassing",
                "We weten voor wie onze resultaten nuttig zijn en hoe ze in de praktijk worden toegepast.",
                scale=SCORE,
            ),
            _single(
                "achterban",
                "h. Achterban betrokken",
                "De deelnemende organisaties kennen en dragen ons verhaal: doel, werkwijze en resultaten.",
                scale=SCORE,
            ),
            _single(
                "beweging",
                "i. Beweging vergroten",
                "We zoeken actief ongewone combinaties: partijen uit andere schakels of sectoren en "
                "dwarsdenkers.",
                scale=SCORE,
            ),
        ],
    },
    {
        "slug": "basisbehoeften",
        "title": "Drie basisbehoeften: verbondenheid, autonomie, competentie",
        "instrument": "drie-basisbehoeften-verbondenheid-autonomie-en-competentie",
        "source": f"{PUBLICATION}, §3.4a",
        "intro": "Een learning community leert pas echt als deelnemers zich verbonden voelen, ruimte ervaren "
        "en vertrouwen hebben in wat ze kunnen. Geef bij elke stelling aan hoe het voor jou is.",
        "dimensions": [
            {
                "key": "verbondenheid",
                "title": "Verbondenheid",
                "items": [
                    {"key": "erbij-horen", "statement": "Ik heb het gevoel dat ik bij deze community hoor."},
                    {"key": "wij-gevoel", "statement": "Er is een wij-gevoel: ik herken mezelf in de groep."},
                ],
            },
            {
                "key": "autonomie",
                "title": "Autonomie",
                "items": [
                    {
                        "key": "ruimte",
                        "statement": "Ik heb ruimte om de community en veranderingen in mijn werk mee vorm "
                        "te geven.",
                    },
                    {"key": "inbreng", "statement": "Mijn eigen inbreng wordt gewaardeerd."},
                ],
            },
            {
                "key": "competentie",
                "title": "Competentie",
                "items": [
                    {"key": "eigen-kunnen", "statement": "Ik heb vertrouwen in wat ik zelf kan."},
                    {"key": "team-kunnen", "statement": "Ik heb vertrouwen in wat we als team kunnen."},
                ],
            },
        ],
    },
    {
        "slug": "bouwstenen-lerende-innovatie-community",
        "title": "Bouwstenen voor de lerende innovatie community",
        "instrument": "bouwstenen-voor-de-lerende-innovatie-community",
        "source": f"{PUBLICATION}, §3.2b (Veltman et al., 2020)",
        "intro": "Zeven thema's om de uitgangspunten van de community scherp te krijgen. Geef per thema aan "
        "in hoeverre het volgens jou al goed geregeld is.",
        "dimensions": [
            _single(
                "gedeelde-visie",
                "Gedeelde visie",
                "De doelen van alle partners zijn helder en we gebruiken dezelfde begrippen.",
            ),
            _single(
                "projectorganisatie",
                "Projectorganisatie",
                "Er is een stuurgroep met mandaat en iedereen weet welke rol en taken hij of zij heeft.",
            ),
            _single(
                "stakeholders",
                "Stakeholders betrekken",
                "Alle betrokkenen, ook wie het werk straks uitvoert, doen vanaf het begin mee; weerstand "
                "nemen "
                "we serieus.",
            ),
            _single(
                "regio",
                "Samenhang in de regio",
                "We zoeken verbinding met andere initiatieven in de regio en maken kruisbestuiving "
                "zichtbaar.",
            ),
            _single(
                "procesgericht",
                "Procesgeoriënteerde aanpak",
                "We geven de systeeminnovatie de tijd die ze nodig heeft en delen tussentijdse successen.",
            ),
            _single(
                "communicatie",
                "Communicatie",
                "We hebben een communicatieplan voor partners en buitenwereld, over resultaten én over het "
                "proces.",
            ),
            _single(
                "reflexieve-monitoring",
                "Reflexieve monitoring",
                "We volgen onze voortgang in korte cycli, samen met de deelnemers, en sturen daarop bij.",
            ),
        ],
    },
    {
        "slug": "grensoverschrijding",
        "title": "Vier vormen van boundary crossing",
        "instrument": "vier-vormen-van-boundary-crossing",
        "source": f"{PUBLICATION}, §2.2 (Akkerman & Bakker, 2011)",
        "intro": "In een learning community komen verschillende praktijken samen: bedrijven, onderwijs, "
        "overheid, kennisinstellingen, burgers. Op de grenzen daartussen valt veel te leren. Hoe goed "
        "benutten jullie dat leerpotentieel?",
        "dimensions": [
            _single(
                "identificatie",
                "Identificatie",
                "We weten wat elke betrokken praktijk uniek bijdraagt en waarin we elkaar aanvullen.",
            ),
            _single(
                "coordinatie",
                "Coördinatie",
                "We hebben werkvormen en middelen afgesproken waarmee de afstemming tussen de praktijken "
                "soepel "
                "verloopt.",
            ),
            _single(
                "perspectiefuitwisseling",
                "Perspectiefuitwisseling",
                "In onze gesprekken leren we door de ogen van de ander naar onze eigen praktijk te kijken.",
            ),
            _single(
                "transformatie",
                "Transformatie",
                "Op de grens van onze praktijken ontstaat iets nieuws: een gezamenlijke tussenpraktijk.",
            ),
        ],
    },
]


# Frameworks of the publication added as reflection scans (issue 22).
SCANS += [
    {
        "slug": "boundary-crossing-niveaus",
        "title": "Boundary crossing op drie niveaus",
        "instrument": "vier-vormen-van-boundary-crossing",
        "source": f"{PUBLICATION}, §2.2 (Akkerman & Bruining, 2016)",
        "intro": "Grenzen tussen praktijken voel je op drie niveaus tegelijk: tussen organisaties, tussen "
        "mensen en in jezelf, bijvoorbeeld als je twijfelt welke rol je hier hebt. Geef per niveau aan hoe "
        "het er nu voor staat. Waar het schuurt, valt vaak het meest te leren.",
        "dimensions": [
            _single(
                "institutioneel",
                "Institutioneel: tussen organisaties",
                "Verschillen tussen onze organisaties in regels, belangen en werkwijzen bespreken we "
                "open, en we vinden er een weg in.",
            ),
            _single(
                "interpersoonlijk",
                "Interpersoonlijk: tussen mensen",
                "Over verschillen in achtergrond, vaktaal en expertise heen lukt het de mensen in onze "
                "community goed om samen te werken.",
            ),
            _single(
                "intrapersoonlijk",
                "Intrapersoonlijk: in jezelf",
                "Het is mij duidelijk welke rol ik in deze community heb, naast mijn rol in mijn eigen "
                "organisatie.",
            ),
            {
                "key": "toelichting",
                "title": "Toelichting",
                "items": [
                    {
                        "key": "grootste-grens",
                        "statement": "Waar ervaar jij nu de grootste grens, en wat zou helpen om die te "
                        "overbruggen?",
                        "scale": OPEN,
                    }
                ],
            },
        ],
    },
    {
        "slug": "kernprincipes",
        "title": "Zes kernprincipes van learning communities",
        "instrument": "zes-kernprincipes-van-learning-communities",
        "source": f"{PUBLICATION}, §2.5",
        "intro": "De kennissynthese van het netwerk noemt zes kernprincipes van een learning community. Geef "
        "per principe aan in hoeverre het volgens jou voor jullie community opgaat. Het is geen examen: de "
        "antwoorden helpen om te zien waar de inrichting aandacht vraagt.",
        "dimensions": [
            _single(
                "multiple-helix",
                "Verschillende soorten partijen",
                "In onze community werken verschillende soorten partijen samen, zoals bedrijven, onderwijs, "
                "overheid, kennisinstellingen en burgers.",
            ),
            _single(
                "wederzijdse-afhankelijkheid",
                "Wederzijds afhankelijk",
                "De deelnemende organisaties hebben elkaar echt nodig om hun doelen te halen.",
            ),
            _single(
                "samen-leren",
                "Intensief samen leren",
                "Deelnemers zijn intensief betrokken en maken samen een leerproces door.",
            ),
            _single(
                "vraagstuk-bepaalt",
                "Het vraagstuk bepaalt de inrichting",
                "Hoe we de community hebben ingericht, volgt uit ons vraagstuk en onze scope.",
            ),
            _single(
                "investeren-in-proces",
                "Investeren naar complexiteit",
                "We steken zoveel in het samenwerkingsproces als de complexiteit van ons vraagstuk vraagt.",
            ),
            _single(
                "context",
                "Oog voor context",
                "We vragen ons steeds af wat werkt, voor wie en onder welke omstandigheden.",
            ),
        ],
    },
]

CANVASES = [
    {
        "slug": "sociale-innovatie-businessmodel",
        "title": "Sociale Innovatie Businessmodel-canvas",
        "instrument": "sociale-innovatie-businessmodel-canvas",
        "source": f"{PUBLICATION}, §3.2g",
        "paper_size": "A3",
        "intro": "Breng samen de toegevoegde waarde van de samenwerking in kaart, in vier gekleurde vlakken. "
        "Vul een blad in voor de samenwerking als geheel en desgewenst één per partner; het gesprek over de "
        "verschillen hoort bij de start van de community.",
        "blocks": [
            {
                "key": "waardepropositie",
                "title": "Waardepropositie",
                "colour": "red",
                "prompt": "Wat willen de partners ieder bereiken, en welk gezamenlijk probleem lossen we op? "
                "Wat doen partners hier al aan, en wat voegt samenwerken daaraan toe?",
            },
            {
                "key": "voor-wie",
                "title": "Voor wie creëren we waarde?",
                "colour": "yellow",
                "prompt": "Voor wie zetten we de samenwerking op, wie heeft er belang bij en hoe bereiken we "
                "die groep?",
            },
            {
                "key": "waardecreatie",
                "title": "Hoe creëren we waarde?",
                "colour": "green",
                "prompt": "Wat draagt elke partner bij? Welke kernactiviteiten ontwikkelen we samen en wat "
                "hebben we daarvoor nodig?",
            },
            {
                "key": "financiering",
                "title": "Hoe wordt het gefinancierd?",
                "colour": "blue",
                "prompt": "Hoe bekostigen we de samenwerking? Breng naast de financiële ook de "
                "maatschappelijke "
                "kosten en baten in beeld.",
            },
        ],
    },
    {
        "slug": "werkblad-micro-lc",
        "title": "Werkblad micro-learning communities",
        "instrument": "werkblad-micro-learning-communities",
        "source": f"{PUBLICATION}, §3.3d (Techyourfuture, 2021: Gas erop!)",
        "paper_size": "A3",
        "intro": "Zes blokken om met organisaties en kennisinstellingen een learning community rond een "
        "concreet project te ontwerpen. Vul het werkblad samen in, met management én medewerkers aan tafel.",
        "blocks": [
            {
                "key": "project",
                "title": "1. Welk project?",
                "prompt": "Wat is het project en wat is het doel ervan? Hoe technisch vernieuwend (1-5) en "
                "hoe "
                "complex (1-5) is het?",
            },
            {
                "key": "uitdaging",
                "title": "2. Welke uitdaging?",
                "prompt": "Welke uitdaging pakken we aan en wat is ons gezamenlijke leerdoel? Aan het eind "
                "van "
                "het project kunnen we …, weten we …, zijn we …",
            },
            {
                "key": "deelnemers",
                "title": "3. Wie doen er mee?",
                "prompt": "Wie nemen deel aan de learning community en wat is ieders eigen leerdoel?",
            },
            {
                "key": "aanpak",
                "title": "4. Hoe bereiken we dat?",
                "prompt": "Met welke leermiddelen en activiteiten? Wat is er al, en wat is er nog nodig?",
            },
            {
                "key": "tweede-schil",
                "title": "5. Wie zit er in de tweede schil?",
                "prompt": "Wie staan er om de community heen, en welke expertise of leermogelijkheden "
                "brengen zij?",
            },
            {
                "key": "randvoorwaarden",
                "title": "6. Hoe maken we het mogelijk?",
                "prompt": "Welke randvoorwaarden zijn nodig? Wat is eenvoudig te realiseren en wat is "
                "lastig?",
            },
        ],
    },
]


# Publication 2.4 (Schruijer, 2021): negative patterns that often appear when parties start working together.
NEGATIVE_RELATIONAL_PATTERNS = [
    ("stereotypering", "stereotypering", "stereotyping"),
    ("wantrouwen", "wantrouwen", "distrust"),
    ("machtsspel", "machtsspel", "power play"),
    ("relationeel-conflict", "relationeel conflict", "relational conflict"),
    ("win-verlies", "win-verliesdynamiek", "win-lose dynamics"),
    ("positioneel-onderhandelen", "positioneel onderhandelen", "positional bargaining"),
    ("collusie", "collusief gedrag", "collusive behaviour"),
]

# Frameworks of the publication added as canvases (issue 22).
CANVASES += [
    {
        "slug": "netwerk-en-gemeenschap",
        "title": "Netwerk en gemeenschap",
        "instrument": "raamwerk-van-waardecreatie",
        "source": f"{PUBLICATION}, §2.1 (Wenger, Trayner & De Laat, 2011)",
        "paper_size": "A4",
        "intro": "Sociaal leren gebeurt in twee componenten die op elkaar inwerken: het netwerk van relaties "
        "tussen mensen en de gemeenschap die een ambitie of identiteit deelt. Beschrijf samen hoe beide er "
        "bij jullie voor staan en wat ze van elkaar nodig hebben.",
        "blocks": [
            {
                "key": "netwerk",
                "title": "Netwerkcomponent",
                "prompt": "Welke relaties, persoonlijke contacten en verbindingen zijn er tussen de "
                "deelnemers? "
                "Wie weet wie te vinden, en met welke persoonlijke reden om contact te zoeken?",
            },
            {
                "key": "gemeenschap",
                "title": "Gemeenschapscomponent",
                "prompt": "Welke gedeelde ambitie of identiteit ontwikkelen we rond ons onderwerp of onze "
                "gezamenlijke uitdaging? Waaraan merk je dat?",
            },
        ],
    },
    {
        "slug": "relationele-dynamiek",
        "title": "Relationele dynamiek op vier systeemniveaus",
        "instrument": "relationele-dynamiek-in-meerpartijensamenwerking",
        "source": f"{PUBLICATION}, §2.4 (Schruijer, 2021; Snoeren, 2021)",
        "paper_size": "A3",
        "intro": "In een learning community spelen vier systeemniveaus door elkaar, en ze beïnvloeden "
        "elkaar. "
        "Breng met de facilitator in kaart wat er op elk niveau speelt en welke patronen jullie herkennen. "
        "Het doel is bewustwording, niet het aanwijzen van schuldigen.",
        "blocks": [
            {
                "key": "partijen",
                "title": "1. Partijen en organisaties",
                "prompt": "Welke eigen belangen, wensen en visies brengen de partijen mee? Waar hebben we "
                "elkaar "
                "nodig, en waar botst het gezamenlijke met het eigen belang?",
            },
            {
                "key": "personen",
                "title": "2. Personen",
                "prompt": "Wie vertegenwoordigt welke partij, met welke eigen werk- en leergeschiedenis? Wat "
                "hebben zij nodig om open te staan voor nieuwe ideeën en ook hun achterban mee te nemen?",
            },
            {
                "key": "groep",
                "title": "3. De groep in het hier-en-nu",
                "prompt": "Wat gebeurt er in onze bijeenkomsten? Komt wat we zien voort uit personen, uit de "
                "partijen erachter, uit het moment zelf of uit invloeden van buiten?",
            },
            {
                "key": "samenleving",
                "title": "4. De bredere maatschappelijke context",
                "prompt": "Welke verwachtingen, hoop en zorgen uit de samenleving rond onze opgave spelen "
                "mee, "
                "bijvoorbeeld door de beschikbare financiering?",
            },
            {
                "key": "patronen",
                "title": "Patronen die we herkennen",
                "prompt": "Herkennen we een van deze patronen: "
                + ", ".join(nl for _key, nl, _en in NEGATIVE_RELATIONAL_PATTERNS)
                + "? Waar zie je het, en wat zou helpen om er constructief mee om te gaan?",
            },
        ],
    },
]

# -- English ----------------------------------------------------------------------------------
# The same texts in English, keyed by the stable keys above, so the English interface is English
# throughout. Kept apart from the Dutch so that the Dutch stays the one text to edit first; the
# test suite fails when a Dutch text has no English counterpart or a key points nowhere.


def _en(title, statement="", left="", right="", description=""):
    """English of a dimension; ``statement`` (and poles) belong to its item with the same key."""
    return {"title": title, "description": description, "statement": statement, "left": left, "right": right}


ENGLISH_SCANS = {
    "actiebereidheid": {
        "title": "Readiness for action of the consortium",
        "intro": "Five statements to test honestly whether the intended partners are ready to start "
        "together. "
        "Say for each statement how far you think it holds for all partners. Low or widely differing "
        "scores are worth a conversation before you go on.",
        "dimensions": {
            "gedeeld-doel": _en(
                "Shared goal",
                "All partners see a larger, common goal that we reach better together than each on our own.",
            ),
            "blijvend-belang": _en(
                "Lasting interest",
                "Everyone finds these goals important now and expects them to stay important for a while.",
            ),
            "betekenisvolle-rol": _en(
                "Meaningful role",
                "Every partner wants to, and can, play a real part in designing and introducing the "
                "approach.",
            ),
            "tijdelijk-naar-duurzaam": _en(
                "From temporary to lasting",
                "Everyone knows we start with a temporary set-up that has to grow into a lasting "
                "partnership.",
            ),
            "mandaat": _en(
                "Mandate at the table",
                "Whoever sits at the table may decide, or has direct access to the people who may.",
            ),
            "toelichting": {
                "title": "Comments",
                "items": {"nodig": "What do you think is needed to increase the readiness for action?"},
            },
        },
    },
    "ontwerpoverwegingen": {
        "title": "Four design considerations",
        "intro": "What type of learning community do you want to be? For each of the four considerations, "
        "set "
        "the slider where you think the community belongs: far left, far right or somewhere in between. "
        "There is no right or wrong; differences between participants are a topic for discussion.",
        "dimensions": {
            "intern-extern": _en(
                "Internal or external",
                "Is it mainly about improving our own work processes and operational knowledge "
                "(internal), or "
                "about innovative knowledge that calls for a knowledge institution (external)?",
                "Internally focused",
                "Externally focused",
            ),
            "creatie-deling": _en(
                "Creating or sharing knowledge",
                "Is developing new knowledge central, or sharing existing knowledge between juniors and "
                "seniors?",
                "Creating knowledge",
                "Sharing knowledge",
            ),
            "openbaar-vertrouwelijk": _en(
                "Public or confidential",
                "Can the knowledge we work with be shared freely, or does it need agreements on "
                "confidentiality?",
                "Public knowledge",
                "Confidential knowledge",
            ),
            "veiligheid-openheid": _en(
                "Safety or openness",
                "Do participants mainly want to be able to shield their knowledge, or are they willing to "
                "share it widely?",
                "Safety",
                "Openness",
            ),
        },
    },
    "verduurzamen": {
        "title": "Sustaining: nine tips to score",
        "intro": "The nine tips (a to i) from the Greenport project for sustaining a learning community, as "
        "statements. Give each a mark from 0 (we do nothing about this yet) to 10 (we have this well "
        "arranged). Repeat the scan after a few months to see what changes. Note: this is not Seeds of "
        "Innovation, the poster and app from the same project. The publication describes that tool in two "
        "ways: in the table of 3.4f with twelve factors, in 3.5 as a way to score the practical tips. This "
        "scan scores only the nine tips of 3.5.",
        "dimensions": {
            "doorontwikkelen": _en(
                "a. Develop further",
                "We see sustaining as developing how we learn and innovate together, not as doing the same "
                "thing again somewhere else.",
            ),
            "nieuwe-mensen": _en(
                "b. New phase, new people",
                "When a new phase starts, we consider deliberately which people, by name, should join.",
            ),
            "relaties": _en(
                "c. Relationships and competition",
                "We keep working on mutual trust and handle competitive sensitivities wisely.",
            ),
            "baken": _en(
                "d. Beacon and interim results",
                "A shared ambition gives direction, and we share interim results regularly.",
            ),
            "reputatie": _en(
                "e. Reputation",
                "We actively build the name of our community, among other things through (former) "
                "participants "
                "as ambassadors.",
            ),
            "ondersteuning": _en(
                "f. Structural support",
                "Financial and other support (equipment, expertise, people) is arranged for a longer period.",
            ),
            "toepassing": _en(
                "g. From development to application",
                "We know for whom our results are useful and how they are applied in practice.",
            ),
            "achterban": _en(
                "h. Home organisations involved",
                "The participating organisations know and carry our story: goal, way of working and results.",
            ),
            "beweging": _en(
                "i. Widen the movement",
                "We actively look for unusual combinations: parties from other links of the chain or other "
                "sectors, and people who think differently.",
            ),
        },
    },
    "basisbehoeften": {
        "title": "Three basic needs: relatedness, autonomy, competence",
        "intro": "A learning community only really learns when participants feel connected, have room to act "
        "and trust what they can do. Say for each statement how it is for you.",
        "dimensions": {
            "verbondenheid": {
                "title": "Relatedness",
                "items": {
                    "erbij-horen": "I feel that I belong to this community.",
                    "wij-gevoel": "There is a sense of 'us': I recognise myself in the group.",
                },
            },
            "autonomie": {
                "title": "Autonomy",
                "items": {
                    "ruimte": "I have room to help shape the community and changes in my work.",
                    "inbreng": "My own contribution is valued.",
                },
            },
            "competentie": {
                "title": "Competence",
                "items": {
                    "eigen-kunnen": "I trust what I can do myself.",
                    "team-kunnen": "I trust what we can do as a team.",
                },
            },
        },
    },
    "bouwstenen-lerende-innovatie-community": {
        "title": "Building blocks for the learning innovation community",
        "intro": "Seven themes to sharpen the starting points of the community. Say for each theme how well "
        "you think it is arranged already.",
        "dimensions": {
            "gedeelde-visie": _en(
                "Shared vision", "The goals of all partners are clear and we use the same concepts."
            ),
            "projectorganisatie": _en(
                "Project organisation",
                "There is a steering group with a mandate, and everyone knows their role and tasks.",
            ),
            "stakeholders": _en(
                "Involving stakeholders",
                "Everyone involved, including those who will do the work later, takes part from the "
                "start; we "
                "take resistance seriously.",
            ),
            "regio": _en(
                "Coherence in the region",
                "We connect with other initiatives in the region and make cross-fertilisation visible.",
            ),
            "procesgericht": _en(
                "Process-oriented approach",
                "We give the system innovation the time it needs and share interim successes.",
            ),
            "communicatie": _en(
                "Communication",
                "We have a communication plan for partners and the outside world, about results and about "
                "the "
                "process.",
            ),
            "reflexieve-monitoring": _en(
                "Reflexive monitoring",
                "We follow our progress in short cycles, together with the participants, and adjust course.",
            ),
        },
    },
    "grensoverschrijding": {
        "title": "Four forms of boundary crossing",
        "intro": "In a learning community different practices meet: businesses, education, government, "
        "knowledge institutions, citizens. There is a lot to learn at the boundaries between them. How well "
        "do you use that potential for learning?",
        "dimensions": {
            "identificatie": _en(
                "Identification",
                "We know what each practice involved contributes uniquely and how we complement each other.",
            ),
            "coordinatie": _en(
                "Coordination",
                "We have agreed on ways of working and means that make coordination between the practices "
                "run "
                "smoothly.",
            ),
            "perspectiefuitwisseling": _en(
                "Perspective-making and perspective-taking",
                "In our conversations we learn to look at our own practice through the eyes of the other.",
            ),
            "transformatie": _en(
                "Transformation",
                "At the boundary of our practices something new arises: a shared in-between practice.",
            ),
        },
    },
    "boundary-crossing-niveaus": {
        "title": "Boundary crossing on three levels",
        "intro": "You feel boundaries between practices on three levels at once: between organisations, "
        "between "
        "people and within yourself, for instance when you are unsure which role you have here. Say for each "
        "level how things stand now. Where it chafes, there is often most to learn.",
        "dimensions": {
            "institutioneel": _en(
                "Institutional: between organisations",
                "We discuss differences between our organisations in rules, interests and ways of working "
                "openly, and we find a way through them.",
            ),
            "interpersoonlijk": _en(
                "Interpersonal: between people",
                "Across differences in background, jargon and expertise, the people in our community "
                "manage to "
                "work together well.",
            ),
            "intrapersoonlijk": _en(
                "Intrapersonal: within yourself",
                "It is clear to me which role I have in this community, next to my role in my own "
                "organisation.",
            ),
            "toelichting": {
                "title": "Comments",
                "items": {
                    "grootste-grens": "Where do you feel the biggest boundary now, and what would help to "
                    "bridge it?"
                },
            },
        },
    },
    "kernprincipes": {
        "title": "Six core principles of learning communities",
        "intro": "The network's knowledge synthesis names six core principles of a learning community. "
        "Say for "
        "each principle how far you think it holds for your community. It is not an exam: the answers help "
        "to see where the set-up needs attention.",
        "dimensions": {
            "multiple-helix": _en(
                "Different kinds of parties",
                "Different kinds of parties work together in our community, such as businesses, education, "
                "government, knowledge institutions and citizens.",
            ),
            "wederzijdse-afhankelijkheid": _en(
                "Mutually dependent",
                "The participating organisations really need each other to reach their goals.",
            ),
            "samen-leren": _en(
                "Learning together intensively",
                "Participants are closely involved and go through a learning process together.",
            ),
            "vraagstuk-bepaalt": _en(
                "The question shapes the set-up",
                "How we set up the community follows from our question and our scope.",
            ),
            "investeren-in-proces": _en(
                "Investing as complexity demands",
                "We put as much into the collaboration process as the complexity of our question demands.",
            ),
            "context": _en(
                "Attention to context",
                "We keep asking what works, for whom and under which circumstances.",
            ),
        },
    },
}

ENGLISH_CANVASES = {
    "netwerk-en-gemeenschap": {
        "title": "Network and community",
        "intro": "Social learning happens in two components that act on each other: the network of "
        "relationships between people and the community that shares an ambition or identity. Describe "
        "together how both stand with you and what they need from each other.",
        "blocks": {
            "netwerk": (
                "Network component",
                "Which relationships, personal contacts and connections exist between the participants? Who "
                "knows where to find whom, and with what personal reason to get in touch?",
            ),
            "gemeenschap": (
                "Community component",
                "Which shared ambition or identity are we developing around our topic or common challenge? "
                "How can you tell?",
            ),
        },
    },
    "relationele-dynamiek": {
        "title": "Relational dynamics on four system levels",
        "intro": "In a learning community four system levels interact and influence each other. Map with the "
        "facilitator what goes on at each level and which patterns you recognise. The aim is awareness, "
        "not blame.",
        "blocks": {
            "partijen": (
                "1. Parties and organisations",
                "Which interests, wishes and visions do the parties bring? Where do we need each other, and "
                "where does the shared interest clash with one's own?",
            ),
            "personen": (
                "2. Persons",
                "Who represents which party, with which work and learning history of their own? What do they "
                "need to stay open to new ideas and to take their home organisation along?",
            ),
            "groep": (
                "3. The group in the here and now",
                "What happens in our meetings? Does what we see come from individuals, from the parties "
                "behind "
                "them, from the moment itself or from outside influences?",
            ),
            "samenleving": (
                "4. The wider societal context",
                "Which expectations, hopes and worries in society about our task play a part, for instance "
                "through the funding that is available?",
            ),
            "patronen": (
                "Patterns we recognise",
                "Do we recognise any of these patterns: "
                + ", ".join(en for _key, _nl, en in NEGATIVE_RELATIONAL_PATTERNS)
                + "? Where do you see it, and what would help to deal with it constructively?",
            ),
        },
    },
    "sociale-innovatie-businessmodel": {
        "title": "Social innovation business model canvas",
        "intro": "Map the added value of the collaboration together, in four coloured areas. Fill in one "
        "sheet "
        "for the partnership as a whole and, if you like, one per partner; the conversation about the "
        "differences belongs to the start of the community.",
        "blocks": {
            "waardepropositie": (
                "Value proposition",
                "What does each partner want to achieve, and which shared problem do we solve? What are "
                "partners already doing about it, and what does working together add?",
            ),
            "voor-wie": (
                "For whom do we create value?",
                "For whom do we set up the collaboration, who has an interest in it and how do we reach "
                "them?",
            ),
            "waardecreatie": (
                "How do we create value?",
                "What does each partner contribute? Which core activities do we develop together and what "
                "do we "
                "need for them?",
            ),
            "financiering": (
                "How is it funded?",
                "How do we pay for the collaboration? Show the societal costs and benefits next to the "
                "financial ones.",
            ),
        },
    },
    "werkblad-micro-lc": {
        "title": "Worksheet for micro learning communities",
        "intro": "Six blocks to design a learning community around a concrete project with organisations and "
        "knowledge institutions. Fill in the worksheet together, with management and staff at the table.",
        "blocks": {
            "project": (
                "1. Which project?",
                "What is the project and what is its goal? How technically innovative (1-5) and how complex "
                "(1-5) is it?",
            ),
            "uitdaging": (
                "2. Which challenge?",
                "Which challenge do we take on and what is our shared learning goal? At the end of the "
                "project "
                "we can …, we know …, we are …",
            ),
            "deelnemers": (
                "3. Who takes part?",
                "Who takes part in the learning community and what is each person's own learning goal?",
            ),
            "aanpak": (
                "4. How do we get there?",
                "With which learning resources and activities? What is there already, and what is still "
                "needed?",
            ),
            "tweede-schil": (
                "5. Who is in the second ring?",
                "Who stands around the community, and what expertise or learning opportunities do they "
                "bring?",
            ),
            "randvoorwaarden": (
                "6. How do we make it possible?",
                "Which conditions are needed? What is easy to arrange and what is hard?",
            ),
        },
    },
}


def english_item(dimension_english: dict, item_key: str) -> tuple[str, str, str]:
    """(statement, left pole, right pole) in English for an item; empty strings where none is given."""
    items = dimension_english.get("items")
    if items is not None:
        return items.get(item_key, ""), "", ""
    if dimension_english.get("statement"):
        return dimension_english["statement"], dimension_english["left"], dimension_english["right"]
    return "", "", ""
