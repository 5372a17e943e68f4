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
        "Let op: dit is niet Seeds of Innovation zelf. Die poster en app uit hetzelfde project laten je "
        "twaalf factoren scoren; deze scan houdt het bij de negen tips.",
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
