"""The relevance evaluation set of associative search (issue 21) and its two measures.

Queries as practitioners type them (their words, synonyms, compounds, whole questions), two thirds Dutch
and one third English, each with the instruments of the shipped catalogue (fixtures/instruments.json,
the publication's instruments that ``seed_demo`` loads) that answer it. Written from the publication's
vocabulary, not from the instruments' own titles: a query that repeats a title measures nothing.

Used by bench/relevance.py (prints the figures) and tests/semantic/test_relevance.py (keeps the floor).
Only ever measured with the real model: the hashing stand-in knows no meaning.
"""

from __future__ import annotations

DOELENSCAN = "Designkit Learning communities: doelenscan"
STRUCTUUR = "Designkit Learning communities: structuur & processcan"
CULTUURSCAN = "Designkit Learning communities: cultuurscan"
STER = "Community ster methode"
ACTIESCAN = "Actiescan Learning communities"
SEEDS = "Seeds of Innovation"
PARTNERSCHAP = "Partnerschapskaart"
PPS = "Fasemodel PPS in het beroepsonderwijs"
PITSTOP = "4*4 PitStop methode"
REFLECTIE_DIALOOG = "Reflectie-instrument dialoogkwaliteit"
DIALOOG = "Dialooginstrument"
VERTROUWEN = "Afwegingskader vertrouwen"
PEXPI = "Profielbeschrijving (PexPi)"
PATRONEN = "Patronen en patroontaal van ontwerpoplossingen"
OPBRENGSTEN = "Opbrengstenanalyse"
COCREATIE = "Co-creatiewiel"
BAROMETER = "Netwerk-barometer"
BOUWSTENEN = "Bouwstenen voor de lerende innovatie community"
ACTIEBEREIDHEID = "Actiebereidheid: vijf stellingen"
ONTWERPKEUZES = "Vier ontwerpoverwegingen voor het type learning community"
CANVAS = "Sociale Innovatie Businessmodel-canvas"
WERKBLAD = "Werkblad micro-learning communities"
STANDUP = "Wekelijkse stand-up met drie kernvragen"
IMPACTINTERVIEW = "LC-impactinterview"
TEMPEL = "Tempelmodel: conceptueel raamwerk publiek-private learning communities"
WAARDECREATIE = "Raamwerk van waardecreatie"
SPRINTS = "Uitvoering in drie fasen met sprints"
WERKPLEK = "Reflectievragen: het werk als leerplek"
INTERVIEWS = "Diepte-interviews en observaties op de werkvloer"
GREENPORT = "Verduurzamen van learning communities: oogsten in de Greenport"
FINANCIERING = "Arbeidsmarkt InZicht: overzicht van financieringsmogelijkheden"
CONSENSUS = "Consensusconferentie"
ATELIER = "Participatie-atelier"
REALIST = "Realist Evaluation"
OVEREENKOMST = "Samenwerkingsovereenkomst"
ONLINE = "Checklist voor een blended of online learning community"
BOUNDARY = "Vier vormen van boundary crossing"
BASISBEHOEFTEN = "Drie basisbehoeften: verbondenheid, autonomie en competentie"
KERNPRINCIPES = "Zes kernprincipes van learning communities"
RELATIONEEL = "Relationele dynamiek in meerpartijensamenwerking"

# (query, language, titles that answer it)
QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    # -- Dutch ----------------------------------------------------------------------------------------
    ("gezamenlijk doel bepalen", "nl", (DOELENSCAN, STER)),
    ("partners hebben verschillende verwachtingen", "nl", (DOELENSCAN, OVEREENKOMST)),
    ("hoe vaak komen we bij elkaar en wie doet wat", "nl", (STRUCTUUR,)),
    ("rolverdeling en werkvormen van de groep", "nl", (STRUCTUUR,)),
    ("vertrouwen tussen de partners", "nl", (VERTROUWEN, CULTUURSCAN, PEXPI)),
    ("een veilige sfeer waarin je durft te experimenteren", "nl", (CULTUURSCAN, BASISBEHOEFTEN)),
    ("welke concrete stappen zetten we nu", "nl", (ACTIESCAN,)),
    ("opbrengsten borgen na afloop van het project", "nl", (SEEDS, GREENPORT)),
    ("verduurzaming van een leergemeenschap", "nl", (GREENPORT, SEEDS)),
    ("kwaliteit van het partnerschap bespreken", "nl", (PARTNERSCHAP, COCREATIE)),
    ("samenwerking tussen mbo en bedrijfsleven", "nl", (PPS,)),
    ("snel een leernetwerk opstarten", "nl", (PITSTOP,)),
    ("gesprekskwaliteit verbeteren", "nl", (REFLECTIE_DIALOOG, DIALOOG)),
    ("diepgang in het gesprek tussen docenten", "nl", (REFLECTIE_DIALOOG, DIALOOG)),
    ("wantrouwen in de zorg", "nl", (VERTROUWEN,)),
    ("deelnemers stellen zich online voor", "nl", (PEXPI,)),
    ("oplossingen voor terugkerende problemen vastleggen", "nl", (PATRONEN,)),
    ("wat heeft onze community opgeleverd?", "nl", (OPBRENGSTEN, WAARDECREATIE)),
    ("cocreatie toetsen", "nl", (COCREATIE,)),
    ("hoe gezond is ons netwerk", "nl", (BAROMETER,)),
    ("ontwerpsessie met stakeholders uit de regio", "nl", (BOUWSTENEN,)),
    ("is ons consortium er klaar voor?", "nl", (ACTIEBEREIDHEID,)),
    ("openbare of vertrouwelijke kennis delen", "nl", (ONTWERPKEUZES,)),
    ("verdienmodel en financiering van de community", "nl", (CANVAS, FINANCIERING)),
    ("kleine community rond een concreet project met een bedrijf", "nl", (WERKBLAD,)),
    ("installateurs en de energietransitie", "nl", (WERKBLAD,)),
    ("kort overleg aan het begin van de week", "nl", (STANDUP,)),
    ("blokkades en voortgang bespreken", "nl", (STANDUP, ACTIESCAN)),
    ("voorbeeldprofiel van de facilitator", "nl", (IMPACTINTERVIEW,)),
    ("doelstelling, structuur, proces en cultuur", "nl", (TEMPEL,)),
    ("waarde zichtbaar maken", "nl", (WAARDECREATIE, CANVAS)),
    ("werken in korte sprints", "nl", (SPRINTS,)),
    ("leren op de werkplek", "nl", (WERKPLEK,)),
    ("een gedragen focus vinden bij de organisaties", "nl", (INTERVIEWS,)),
    ("startsubsidie voor een leven lang ontwikkelen", "nl", (FINANCIERING,)),
    ("burgers bevragen deskundigen", "nl", (CONSENSUS,)),
    ("bewoners en beleidsmakers werken samen aan een vraagstuk", "nl", (ATELIER, CONSENSUS)),
    ("wat werkt voor wie en onder welke omstandigheden", "nl", (REALIST,)),
    ("afspraken op papier tussen de partners", "nl", (OVEREENKOMST,)),
    ("hybride bijeenkomsten met deelnemers op afstand", "nl", (ONLINE,)),
    ("leren over de grenzen van organisaties heen", "nl", (BOUNDARY,)),
    ("motivatie en autonomie van deelnemers", "nl", (BASISBEHOEFTEN,)),
    ("wat is eigenlijk een learning community?", "nl", (KERNPRINCIPES, TEMPEL)),
    ("spanningen tussen de partijen in de samenwerking", "nl", (RELATIONEEL,)),
    ("tuinbouwbedrijven en kennisinstellingen", "nl", (GREENPORT, SEEDS)),
    ("gezamenlijk beeld van de leercultuur", "nl", (STER, CULTUURSCAN)),
    # -- English --------------------------------------------------------------------------------------
    ("how do we agree on a shared goal?", "en", (DOELENSCAN, STER)),
    ("trust between partners", "en", (VERTROUWEN, CULTUURSCAN, PEXPI)),
    ("measure the value our community creates", "en", (WAARDECREATIE, OPBRENGSTEN, CANVAS)),
    ("funding and grants for a learning community", "en", (FINANCIERING, CANVAS)),
    ("weekly stand-up meeting", "en", (STANDUP,)),
    ("working in agile sprints", "en", (SPRINTS, STANDUP)),
    ("public-private partnership in vocational education", "en", (PPS,)),
    ("improve the quality of dialogue", "en", (REFLECTIE_DIALOOG, DIALOOG)),
    ("learning at the boundaries between practices", "en", (BOUNDARY,)),
    ("citizen participation method", "en", (CONSENSUS, ATELIER)),
    ("evaluation of what works for whom", "en", (REALIST,)),
    ("written collaboration agreement", "en", (OVEREENKOMST,)),
    ("tips for online or hybrid meetings", "en", (ONLINE,)),
    ("psychological safety and motivation of participants", "en", (BASISBEHOEFTEN, CULTUURSCAN)),
    ("core principles of learning communities", "en", (KERNPRINCIPES,)),
    ("negative patterns in multi-party collaboration", "en", (RELATIONEEL,)),
    ("start a pop-up learning network quickly", "en", (PITSTOP,)),
    ("is our consortium ready to start?", "en", (ACTIEBEREIDHEID,)),
    ("assess co-creation", "en", (COCREATIE,)),
    ("record recurring problems and their solutions", "en", (PATRONEN,)),
    ("connect learning to daily work", "en", (WERKPLEK,)),
    ("how healthy is our network?", "en", (BAROMETER,)),
    ("interviews and observations on the shop floor", "en", (INTERVIEWS,)),
]

K = 5


def measure(rank_titles) -> dict:
    """recall@5 and MRR of ``rank_titles(query) -> [title, ...]`` (best first) over ``QUERIES``.

    recall@5: the share of a query's answers among its first five results, averaged over the queries.
    MRR: the mean of 1 / the rank of the first answer (0 when none is returned at all).
    Returned per language and overall: {"all": {"recall@5", "mrr", "n"}, "nl": ..., "en": ...}.
    """
    scores: dict[str, list[tuple[float, float]]] = {"all": [], "nl": [], "en": []}
    for query, language, answers in QUERIES:
        ranked = list(rank_titles(query))
        recall = len(set(ranked[:K]) & set(answers)) / len(answers)
        first = next((rank for rank, title in enumerate(ranked, start=1) if title in answers), None)
        reciprocal = 1 / first if first else 0.0
        scores["all"].append((recall, reciprocal))
        scores[language].append((recall, reciprocal))
    return {
        group: {
            "recall@5": round(sum(r for r, _m in rows) / len(rows), 3),
            "mrr": round(sum(m for _r, m in rows) / len(rows), 3),
            "n": len(rows),
        }
        for group, rows in scores.items()
    }
