// German and English texts. The language comes from the URL (lang=), else
// the last choice (localStorage), else the browser's languages.
const texts = {
  en: {
    'nav.map': 'Map', 'nav.land': 'Land dashboard', 'nav.network': 'Network', 'nav.finder': 'Partner finder', 'nav.city': 'Place',
    language: 'Language', skip: 'Skip to content', loading: 'Loading…', error: 'Something went wrong', 'download.csv': 'CSV (Excel)',
    'foot.data': 'Boundaries:', 'foot.api': 'Same data for programs:', 'foot.licences': 'Licences',
    'filter.country': 'Partner country', 'filter.allCountries': 'All countries', 'filter.kind': 'Kind', 'filter.allKinds': 'All kinds',
    'filter.asOf': 'As of', 'filter.today': 'today', 'filter.endOf': 'end of {year}',
    'kind.PARTNERSHIP': 'Town twinning', 'kind.FRIENDSHIP': 'Friendship', 'kind.CONTACT': 'Contact', 'kind.PROJECT': 'Project partnership',
    'status.ACTIVE': 'active', 'status.PAUSED': 'paused', 'status.ENDED': 'ended',
    'measure.share': 'Share of municipalities with links', 'measure.per100k': 'Links per 100,000 inhabitants', 'measure.known': 'Links known of those reported',
    'measure.share.note': 'Share of the Land\'s municipalities (Destatis directory) with at least one international link in the data.',
    'measure.per100k.note': 'Links with an end in the Land per 100,000 inhabitants (population 31.12.2021).',
    'measure.known.note': 'Links in the data against the town twinnings the Land reported to the RGRE (German section of CEMR). Under 100 %: the data lacks links the Land knows of. Not shown with a partner country, since the reports count all countries.',
    'map.title': 'How well is each Land covered?', 'map.lead': 'Colour: the chosen measure per Land. Dots: municipalities with links (larger: more links). Click a Land for its dashboard, a dot for the place.',
    'map.aria': 'Map of Germany’s Länder coloured by coverage', 'map.measure': 'Colour by', 'map.world': 'World view (partner places and links)', 'map.points': 'Municipalities as points',
    'map.clickLand': 'Click for the Land dashboard', 'map.tableTitle': 'The Länder compared', 'map.pickCountry': 'Pick a partner country above (e.g. Ukraine) to see its links per year and the list of new links.',
    'map.perYear': 'New links with {country} per year', 'map.unknownSince': '{n} of {total} links have no known start year and are not in the chart.',
    'map.sinceTitle': 'German municipalities linked with {country} since {year}', 'map.sinceCount': '{n} links between German places and {country} began in {year} or later.',
    'reported.title': 'Reported partnerships with {country} over time against links known', 'reported.date': 'As of', 'reported.undatedDate': 'undated',
    'reported.reported': 'Reported', 'reported.atLeast': 'over {n}', 'reported.atLeastCol': 'Lower bound', 'reported.known': 'Links known (active)',
    'reported.lowerNote': 'An arrow up and “≥” mark a lower bound: the source says “over” that many.', 'reported.uncertain': 'Uncertain', 'reported.undated': 'Without start date', 'reported.what': 'What is counted',
    'reported.note': '“Links known”: links in the data certainly active at the date (a month means its last day). “Uncertain”: dates too coarse to tell, or paused then. “Without start date”: may or may not have existed then.',
    'map.first100': 'The first 100 are listed; the CSV holds the same.',
    'kpi.linked': 'Municipalities with links', 'kpi.links': 'Links', 'kpi.linksTo': 'Links with {country}', 'kpi.asOf': 'As of', 'kpi.rank': 'Rank among the Länder (share)',
    'kpi.germany': 'Germany: {share}', 'kpi.per100k': 'per 100,000 inhabitants', 'kpi.reported': 'Reported to the RGRE', 'kpi.knownOf': '{pct} of them are in the data',
    'kpi.reportedAll': 'the report counts all countries', 'kpi.noReport': 'no report',
    'col.land': 'Land', 'col.municipalities': 'Municipalities', 'col.linked': 'With links', 'col.links': 'Links', 'col.reported': 'Reported',
    'col.year': 'Year', 'col.since': 'Since', 'col.until': 'Until', 'col.municipality': 'Municipality', 'col.partner': 'Partner', 'col.kind': 'Kind',
    'col.status': 'Status', 'col.kreis': 'Kreis', 'col.kreisCode': 'Kreis code', 'col.topCountries': 'Top partner countries', 'col.size': 'Inhabitants',
    'col.country': 'Country', 'col.countryCode': 'Country code', 'col.germanLinked': 'German places linked', 'col.places': 'Places there',
    'col.ags': 'AGS', 'col.population': 'Inhabitants', 'col.place': 'Place', 'col.score': 'Score', 'col.topics': 'Topics', 'col.sources': 'Sources',
    'col.metric': 'Measure', 'col.rank': 'Rank', 'col.network': 'Network', 'col.role': 'Role', 'col.organisation': 'Organisation', 'col.topic': 'Topic',
    'chart.started': 'Links begun', 'chart.ended': 'Links ended', 'chart.active': 'Links running',
    'land.title': '{land}: coverage dashboard', 'land.lead': 'How well the Land is covered, where the gaps are, and how it compares with the other Länder. Every table downloads as CSV for Excel, every chart as SVG or PNG.',
    'land.pick': 'Land', 'land.none': 'No figures for this Land.', 'land.against': 'Against the other Länder',
    'land.reportedNote': '“Reported”: town twinnings per Land as reported by the RGRE (German section of CEMR); “links known of those reported” compares the links in the data with them.',
    'land.perKreis': 'Per Kreis', 'land.perSize': 'Per size of municipality', 'land.perCountry': 'Per partner country', 'land.allCountries': 'All {n} countries',
    'land.perYear': 'Per year', 'land.gaps': 'Gaps: {n} municipalities without links', 'land.gapsNote': 'Largest first. Click a name to look for partners.',
    'land.showAll': 'Show all {n}',
    'nav.central': 'Central places',
    'central.title': 'Who are the central and bridging places?', 'central.lead': 'Places ranked by how much they bridge the network (betweenness) and by their number of partners (degree), for the whole graph or the links of one Land. A bridge that is not also among the places with most partners connects otherwise separate parts without being a hub.',
    'central.scope': 'Links', 'central.whole': 'Whole graph', 'central.landLinks': 'links of {land}', 'central.german': 'German places only', 'central.asOf': 'As of (year)', 'central.top': 'Show',
    'central.bridges': 'Bridges (betweenness)', 'central.hubs': 'Most partners (degree)', 'central.alsoOther': 'Also in the other list',
    'central.bridgingOnly': 'bridge, not hub', 'central.bridgingOnlyNote': 'Not among the places with most partners in this list',
    'central.centralOnly': 'hub, not bridge', 'central.centralOnlyNote': 'Not among the strongest bridges in this list', 'central.drawing': 'See the network drawn, sized by betweenness',
    'broker.title': 'Brokers: places between otherwise unconnected partners', 'broker.by': 'Brokers by',
    'broker.by.EFFECTIVE_SIZE': 'effective size', 'broker.by.CONSTRAINT': 'constraint (lowest first)', 'broker.by.COUNTRIES': 'spread over countries', 'broker.by.COMMUNITIES': 'spread over communities',
    'broker.rankAll': 'Rank (all places)', 'broker.partners': 'Partners', 'broker.effectiveSize': 'Effective size', 'broker.constraint': 'Constraint',
    'broker.pCountries': 'Participation (countries)', 'broker.pCommunities': 'Participation (communities)',
    'broker.note.EFFECTIVE_SIZE': 'Ranked by effective size, largest first.', 'broker.note.CONSTRAINT': 'Ranked by constraint, lowest (least constrained) first.',
    'broker.note.COUNTRIES': 'Ranked by the participation coefficient over the partners’ countries, highest first.', 'broker.note.COMMUNITIES': 'Ranked by the participation coefficient over Louvain communities, highest first.',
    'broker.note': 'Effective size (Burt): the partners, less how much they are linked among themselves; high: many partners who do not know each other. Constraint (Burt): how much a place’s links lead to partners tied to each other; low: a broker with many options. Participation coefficient: 1 − Σ (share of partners in each country or community)²; 0: all partners in one, near 1: spread over many.',
    'broker.germanNote': 'German places only: the {n} German places among the 100 strongest brokers of all places, with their rank among all places.',
    yes: 'yes', no: 'no',
    'net.title': 'Who are the central and bridging places?', 'net.lead': 'Any part of the network, drawn live: colour by community or country, size by a centrality. Click a place for its details, double-click to open its page; drag (or one finger) to move, scroll (or pinch) to zoom; on the drawing the arrow keys move, + and − zoom, 0 shows all.',
    'net.aria': 'Network drawing: arrow keys move, + and − zoom, 0 shows all; the search field finds a place', 'net.what': 'Show', 'net.countries': 'Network between countries', 'net.countryCodes': 'Country codes, comma-separated',
    'net.city': 'Around a place', 'net.cityPlaceholder': 'Place', 'net.depth': 'Depth', 'net.depthN': '{n} step(s)', 'net.community': 'Community', 'net.communityNo': 'Community number',
    'net.all': 'Whole graph', 'net.show': 'Show', 'net.colour': 'Colour by', 'net.size': 'Size by', 'net.by.community': 'Communities (Louvain)', 'net.by.country': 'Countries',
    'net.search': 'Find', 'net.searchPlaceholder': 'Place in the drawing', 'net.partners': '{n} partners', 'net.partner': '1 partner', 'net.open': 'Open page', 'net.around': 'Neighbourhood', 'net.zoomTo': 'Zoom in on it', 'net.zoomAll': 'Whole drawing',
    'net.counts': '{nodes} places, {links} links', 'net.sizeNote': 'Size: {metric}, within this view.', 'net.export': 'Export this subgraph',
    'net.exportNote': 'GraphML and GEXF for Gephi or yEd, GeoJSON for QGIS, CSV for spreadsheets.', 'net.communityWhole': 'A community is drawn whole: kind and date do not apply.',
    'net.central': 'Most partners in this view', 'net.bridging': 'Bridges in this view',
    'net.centralNote': 'Degree: number of distinct partner places among the places shown.', 'net.bridgingNote': 'Betweenness: how many shortest paths between other places run through the place — places that connect otherwise separate parts.',
    'metric.DEGREE': 'Partners (degree)', 'metric.BETWEENNESS': 'Bridging (betweenness)', 'metric.CLOSENESS': 'Closeness', 'metric.HARMONIC': 'Harmonic centrality',
    'metric.PAGERANK': 'PageRank', 'metric.EIGENVECTOR': 'Eigenvector centrality', 'metric.KCORE': 'k-core',
    'city.notFound': 'No place {id}', 'city.names': 'Also called:', 'city.findPartners': 'Find partners', 'city.network': 'Network around it', 'city.land': 'Dashboard {land}',
    'city.partners': 'Partners ({n})', 'city.ranks': 'Centrality ranks', 'city.ranksNote': 'Rank among all linked places of the graph; 1 is the highest.',
    'city.memberships': 'Networks and organisations', 'city.noNetworks': 'No network memberships in the data.', 'city.candidates': 'Candidate partners', 'city.moreCandidates': 'More, with filters',
    'unit.inhabitants': 'inhabitants', 'unit.links': 'links',
    'finder.title': 'Which cities could a municipality approach, and why?', 'finder.lead': 'Candidates are partners of partners, members of the same networks, places with the same topics, of similar size and distance. Every candidate comes with its reasons.',
    'finder.city': 'Municipality', 'finder.cityPlaceholder': 'e.g. Mannheim', 'finder.where': 'Where', 'finder.anywhere': 'anywhere', 'finder.groups': 'Region groups', 'finder.countries': 'Countries',
    'finder.topic': 'Topic', 'finder.size': 'Size', 'finder.distance': 'Distance', 'finder.go': 'Find candidates', 'finder.hint': 'Enter a municipality and press “Find candidates”.',
    'finder.none': 'No candidates with these filters.', 'finder.results': 'Candidates for {city}: {where}', 'finder.reason': 'Why', 'finder.common': 'Common partners:',
    'finder.networks': 'Shared networks:', 'finder.former': 'Was a partner before (the link has ended).', 'finder.unknown': 'No place called “{city}”',
    'finder.anyCountry': 'any country', 'finder.topics': 'Topics', 'finder.topicsPlaceholder': 'e.g. climate, youth', 'finder.allTopics': 'all topics', 'finder.scope': 'Where to look',
    'scope.abroad': 'abroad', 'scope.domestic': 'in Germany', 'scope.anywhere': 'anywhere',
    'finder.near': 'Neighbour’s partner nearby:', 'finder.nearText': '{neighbour} ({km1} km away) is partner of {partner} ({km2} km from the candidate); {n} neighbour(s) with partners near it',
    'finder.alternative': 'Nearest alternative, without the filter “{dropped}”:', 'finder.notInGraph': '{city} has no links in the data yet; candidates come from its neighbours, size and distance.',
    'finder.partsLegend': 'Score parts:',
    'part.adamicAdar': 'common partners (Adamic–Adar)', 'part.resourceAllocation': 'common partners (resource allocation)', 'part.neighbours': 'neighbours’ partners', 'part.networks': 'shared networks',
    'part.topics': 'shared topics', 'part.country': 'country share in the Land', 'part.size': 'similar size', 'part.distance': 'distance',
    'region.EU': 'European Union', 'region.EEA': 'European Economic Area', 'region.EFTA': 'EFTA', 'region.EAP': 'Eastern Partnership', 'region.WB': 'Western Balkans',
    'region.CANDIDATES': 'EU candidate countries', 'region.V4': 'Visegrád group', 'region.BALTIC': 'Baltic states', 'region.NORDIC': 'Nordic countries', 'region.BENELUX': 'Benelux', 'region.G7': 'G7',
    'size.any': 'any', 'size.small': 'under 20,000', 'size.medium': '20,000–100,000', 'size.large': 'over 100,000', 'size.similar': 'similar (½× to 2×)',
    'distance.NEAR': 'nearer is better', 'distance.FAR': 'farther is better', 'distance.ANY': 'does not matter',
  },
  de: {
    'nav.map': 'Karte', 'nav.land': 'Länder-Dashboard', 'nav.network': 'Netzwerk', 'nav.finder': 'Partnersuche', 'nav.city': 'Ort',
    language: 'Sprache', skip: 'Zum Inhalt springen', loading: 'Lädt …', error: 'Etwas ist schiefgegangen', 'download.csv': 'CSV (Excel)',
    'foot.data': 'Grenzen:', 'foot.api': 'Dieselben Daten für Programme:', 'foot.licences': 'Lizenzen',
    'filter.country': 'Partnerland', 'filter.allCountries': 'Alle Länder', 'filter.kind': 'Art', 'filter.allKinds': 'Alle Arten',
    'filter.asOf': 'Stand', 'filter.today': 'heute', 'filter.endOf': 'Ende {year}',
    'kind.PARTNERSHIP': 'Städtepartnerschaft', 'kind.FRIENDSHIP': 'Freundschaft', 'kind.CONTACT': 'Kontakt', 'kind.PROJECT': 'Projektpartnerschaft',
    'status.ACTIVE': 'aktiv', 'status.PAUSED': 'ruhend', 'status.ENDED': 'beendet',
    'measure.share': 'Anteil der Gemeinden mit Partnern', 'measure.per100k': 'Verbindungen je 100.000 Einwohner', 'measure.known': 'Bekannte von gemeldeten Verbindungen',
    'measure.share.note': 'Anteil der Gemeinden des Landes (Gemeindeverzeichnis Destatis) mit mindestens einer internationalen Verbindung in den Daten.',
    'measure.per100k.note': 'Verbindungen mit einem Ende im Land je 100.000 Einwohner (Bevölkerung 31.12.2021).',
    'measure.known.note': 'Verbindungen in den Daten gegenüber den Städtepartnerschaften, die das Land dem RGRE gemeldet hat. Unter 100 %: Den Daten fehlen Verbindungen, die das Land kennt. Mit Partnerland nicht gezeigt, da die Meldungen alle Länder zählen.',
    'map.title': 'Wie gut ist jedes Land abgedeckt?', 'map.lead': 'Farbe: die gewählte Kennzahl je Land. Punkte: Gemeinden mit Partnern (größer: mehr Verbindungen). Ein Klick auf ein Land öffnet sein Dashboard, auf einen Punkt den Ort.',
    'map.aria': 'Karte der Länder, eingefärbt nach Abdeckung', 'map.measure': 'Farbe nach', 'map.world': 'Weltansicht (Partnerorte und Verbindungen)', 'map.points': 'Gemeinden als Punkte',
    'map.clickLand': 'Klick öffnet das Länder-Dashboard', 'map.tableTitle': 'Die Länder im Vergleich', 'map.pickCountry': 'Oben ein Partnerland wählen (z. B. Ukraine), um seine Verbindungen je Jahr und die Liste der neuen Verbindungen zu sehen.',
    'map.perYear': 'Neue Verbindungen mit {country} je Jahr', 'map.unknownSince': '{n} von {total} Verbindungen haben kein bekanntes Anfangsjahr und fehlen im Diagramm.',
    'map.sinceTitle': 'Deutsche Kommunen mit Verbindung nach {country} seit {year}', 'map.sinceCount': '{n} Verbindungen zwischen deutschen Orten und {country} begannen {year} oder später.',
    'reported.title': 'Gemeldete Partnerschaften mit {country} im Zeitverlauf und bekannte Verbindungen', 'reported.date': 'Stand', 'reported.undatedDate': 'ohne Datum',
    'reported.reported': 'Gemeldet', 'reported.atLeast': 'über {n}', 'reported.atLeastCol': 'Untergrenze', 'reported.known': 'Bekannte Verbindungen (aktiv)',
    'reported.lowerNote': 'Ein Pfeil nach oben und „≥“ kennzeichnen eine Untergrenze: die Quelle nennt „über“ so viele.', 'reported.uncertain': 'Unsicher', 'reported.undated': 'Ohne Beginn', 'reported.what': 'Was gezählt wird',
    'reported.note': '„Bekannte Verbindungen“: Verbindungen in den Daten, die zum Stichtag sicher bestanden (ein Monat meint seinen letzten Tag). „Unsicher“: Daten zu grob oder damals ruhend. „Ohne Beginn“: bestanden damals vielleicht.',
    'map.first100': 'Die ersten 100 sind aufgeführt; die CSV enthält dieselben.',
    'kpi.linked': 'Gemeinden mit Partnern', 'kpi.links': 'Verbindungen', 'kpi.linksTo': 'Verbindungen mit {country}', 'kpi.asOf': 'Stand', 'kpi.rank': 'Rang unter den Ländern (Anteil)',
    'kpi.germany': 'Deutschland: {share}', 'kpi.per100k': 'je 100.000 Einwohner', 'kpi.reported': 'An den RGRE gemeldet', 'kpi.knownOf': '{pct} davon sind in den Daten',
    'kpi.reportedAll': 'die Meldung zählt alle Länder', 'kpi.noReport': 'keine Meldung',
    'col.land': 'Bundesland', 'col.municipalities': 'Gemeinden', 'col.linked': 'Mit Partnern', 'col.links': 'Verbindungen', 'col.reported': 'Gemeldet',
    'col.year': 'Jahr', 'col.since': 'Seit', 'col.until': 'Bis', 'col.municipality': 'Gemeinde', 'col.partner': 'Partner', 'col.kind': 'Art',
    'col.status': 'Status', 'col.kreis': 'Kreis', 'col.kreisCode': 'Kreisschlüssel', 'col.topCountries': 'Häufigste Partnerländer', 'col.size': 'Einwohner',
    'col.country': 'Land', 'col.countryCode': 'Ländercode', 'col.germanLinked': 'Verbundene deutsche Orte', 'col.places': 'Orte dort',
    'col.ags': 'AGS', 'col.population': 'Einwohner', 'col.place': 'Ort', 'col.score': 'Wert', 'col.topics': 'Themen', 'col.sources': 'Quellen',
    'col.metric': 'Maß', 'col.rank': 'Rang', 'col.network': 'Netzwerk', 'col.role': 'Rolle', 'col.organisation': 'Organisation', 'col.topic': 'Thema',
    'chart.started': 'Begonnene Verbindungen', 'chart.ended': 'Beendete Verbindungen', 'chart.active': 'Laufende Verbindungen',
    'land.title': '{land}: Abdeckung', 'land.lead': 'Wie gut das Land abgedeckt ist, wo die Lücken sind und wie es im Vergleich mit den anderen Ländern steht. Jede Tabelle als CSV für Excel, jedes Diagramm als SVG oder PNG.',
    'land.pick': 'Land', 'land.none': 'Keine Zahlen für dieses Land.', 'land.against': 'Im Vergleich mit den anderen Ländern',
    'land.reportedNote': '„Gemeldet“: Städtepartnerschaften je Land laut RGRE (Deutsche Sektion); „bekannte von gemeldeten“ vergleicht die Verbindungen in den Daten damit.',
    'land.perKreis': 'Je Kreis', 'land.perSize': 'Je Gemeindegröße', 'land.perCountry': 'Je Partnerland', 'land.allCountries': 'Alle {n} Länder',
    'land.perYear': 'Je Jahr', 'land.gaps': 'Lücken: {n} Gemeinden ohne Partner', 'land.gapsNote': 'Die größten zuerst. Ein Klick auf den Namen sucht Partner.',
    'land.showAll': 'Alle {n} zeigen',
    'nav.central': 'Zentrale Orte',
    'central.title': 'Welche Orte sind zentral, welche verbinden?', 'central.lead': 'Orte nach ihrer Brückenfunktion im Netz (Betweenness) und nach der Zahl ihrer Partner (Grad), für den ganzen Graphen oder die Verbindungen eines Landes. Eine Brücke, die nicht zugleich zu den Orten mit den meisten Partnern gehört, verbindet sonst getrennte Teile, ohne ein Knotenpunkt zu sein.',
    'central.scope': 'Verbindungen', 'central.whole': 'Ganzer Graph', 'central.landLinks': 'Verbindungen von {land}', 'central.german': 'nur deutsche Orte', 'central.asOf': 'Stand (Jahr)', 'central.top': 'Zeigen',
    'central.bridges': 'Brücken (Betweenness)', 'central.hubs': 'Meiste Partner (Grad)', 'central.alsoOther': 'Auch in der anderen Liste',
    'central.bridgingOnly': 'Brücke, kein Knoten', 'central.bridgingOnlyNote': 'Nicht unter den Orten mit den meisten Partnern in dieser Liste',
    'central.centralOnly': 'Knoten, keine Brücke', 'central.centralOnlyNote': 'Nicht unter den stärksten Brücken in dieser Liste', 'central.drawing': 'Das Netz gezeichnet, Größe nach Betweenness',
    'broker.title': 'Vermittler: Orte zwischen sonst unverbundenen Partnern', 'broker.by': 'Vermittler nach',
    'broker.by.EFFECTIVE_SIZE': 'effektiver Größe', 'broker.by.CONSTRAINT': 'Constraint (niedrigste zuerst)', 'broker.by.COUNTRIES': 'Streuung über Länder', 'broker.by.COMMUNITIES': 'Streuung über Gemeinschaften',
    'broker.rankAll': 'Rang (alle Orte)', 'broker.partners': 'Partner', 'broker.effectiveSize': 'Effektive Größe', 'broker.constraint': 'Constraint',
    'broker.pCountries': 'Partizipation (Länder)', 'broker.pCommunities': 'Partizipation (Gemeinschaften)',
    'broker.note.EFFECTIVE_SIZE': 'Sortiert nach effektiver Größe, größte zuerst.', 'broker.note.CONSTRAINT': 'Sortiert nach Constraint, niedrigster (am wenigsten eingeengt) zuerst.',
    'broker.note.COUNTRIES': 'Sortiert nach dem Partizipationskoeffizienten über die Länder der Partner, höchster zuerst.', 'broker.note.COMMUNITIES': 'Sortiert nach dem Partizipationskoeffizienten über Louvain-Gemeinschaften, höchster zuerst.',
    'broker.note': 'Effektive Größe (Burt): die Partner, abzüglich wie stark sie untereinander verbunden sind; hoch: viele Partner, die einander nicht kennen. Constraint (Burt): wie sehr die Verbindungen eines Ortes zu untereinander verbundenen Partnern führen; niedrig: ein Vermittler mit vielen Möglichkeiten. Partizipationskoeffizient: 1 − Σ (Anteil der Partner je Land oder Gemeinschaft)²; 0: alle Partner in einem, nahe 1: über viele verteilt.',
    'broker.germanNote': 'Nur deutsche Orte: die {n} deutschen Orte unter den 100 stärksten Vermittlern aller Orte, mit ihrem Rang unter allen Orten.',
    yes: 'ja', no: 'nein',
    'net.title': 'Welche Orte sind zentral, welche verbinden?', 'net.lead': 'Jeder Ausschnitt des Netzwerks, live gezeichnet: Farbe nach Gemeinschaft oder Land, Größe nach einer Zentralität. Klick auf einen Ort zeigt Details, Doppelklick öffnet seine Seite; ziehen (oder ein Finger) verschiebt, scrollen (oder zwei Finger) zoomt; auf der Zeichnung verschieben die Pfeiltasten, + und − zoomen, 0 zeigt alles.',
    'net.aria': 'Netzwerkzeichnung: Pfeiltasten verschieben, + und − zoomen, 0 zeigt alles; das Suchfeld findet einen Ort', 'net.what': 'Zeigen', 'net.countries': 'Netzwerk zwischen Ländern', 'net.countryCodes': 'Ländercodes, durch Komma getrennt',
    'net.city': 'Um einen Ort', 'net.cityPlaceholder': 'Ort', 'net.depth': 'Tiefe', 'net.depthN': '{n} Schritt(e)', 'net.community': 'Gemeinschaft', 'net.communityNo': 'Nummer der Gemeinschaft',
    'net.all': 'Ganzer Graph', 'net.show': 'Zeigen', 'net.colour': 'Farbe nach', 'net.size': 'Größe nach', 'net.by.community': 'Gemeinschaften (Louvain)', 'net.by.country': 'Länder',
    'net.search': 'Finden', 'net.searchPlaceholder': 'Ort in der Zeichnung', 'net.partners': '{n} Partner', 'net.partner': '1 Partner', 'net.open': 'Seite öffnen', 'net.around': 'Umgebung', 'net.zoomTo': 'Heranzoomen', 'net.zoomAll': 'Ganze Zeichnung',
    'net.counts': '{nodes} Orte, {links} Verbindungen', 'net.sizeNote': 'Größe: {metric}, innerhalb dieser Ansicht.', 'net.export': 'Diesen Ausschnitt exportieren',
    'net.exportNote': 'GraphML und GEXF für Gephi oder yEd, GeoJSON für QGIS, CSV für Tabellen.', 'net.communityWhole': 'Eine Gemeinschaft wird ganz gezeichnet: Art und Stichtag gelten nicht.',
    'net.central': 'Die meisten Partner in dieser Ansicht', 'net.bridging': 'Brücken in dieser Ansicht',
    'net.centralNote': 'Grad: Zahl der verschiedenen Partnerorte unter den gezeigten Orten.', 'net.bridgingNote': 'Betweenness: wie viele kürzeste Wege zwischen anderen Orten durch den Ort laufen – Orte, die sonst getrennte Teile verbinden.',
    'metric.DEGREE': 'Partner (Grad)', 'metric.BETWEENNESS': 'Brücke (Betweenness)', 'metric.CLOSENESS': 'Nähe (Closeness)', 'metric.HARMONIC': 'Harmonische Zentralität',
    'metric.PAGERANK': 'PageRank', 'metric.EIGENVECTOR': 'Eigenvektor-Zentralität', 'metric.KCORE': 'k-Kern',
    'city.notFound': 'Kein Ort {id}', 'city.names': 'Auch:', 'city.findPartners': 'Partner finden', 'city.network': 'Netzwerk darum', 'city.land': 'Dashboard {land}',
    'city.partners': 'Partner ({n})', 'city.ranks': 'Zentralitätsränge', 'city.ranksNote': 'Rang unter allen verbundenen Orten des Graphen; 1 ist der höchste.',
    'city.memberships': 'Netzwerke und Organisationen', 'city.noNetworks': 'Keine Netzwerkmitgliedschaften in den Daten.', 'city.candidates': 'Mögliche Partner', 'city.moreCandidates': 'Mehr, mit Filtern',
    'unit.inhabitants': 'Einwohner', 'unit.links': 'Verbindungen',
    'finder.title': 'Welche Städte könnte eine Kommune ansprechen, und warum?', 'finder.lead': 'Kandidaten sind Partner von Partnern, Mitglieder derselben Netzwerke, Orte mit denselben Themen, ähnlicher Größe und Entfernung. Zu jedem Kandidaten stehen die Gründe.',
    'finder.city': 'Kommune', 'finder.cityPlaceholder': 'z. B. Mannheim', 'finder.where': 'Wo', 'finder.anywhere': 'überall', 'finder.groups': 'Regionen', 'finder.countries': 'Länder',
    'finder.topic': 'Thema', 'finder.size': 'Größe', 'finder.distance': 'Entfernung', 'finder.go': 'Kandidaten finden', 'finder.hint': 'Eine Kommune eingeben und „Kandidaten finden“ drücken.',
    'finder.none': 'Keine Kandidaten mit diesen Filtern.', 'finder.results': 'Kandidaten für {city}: {where}', 'finder.reason': 'Warum', 'finder.common': 'Gemeinsame Partner:',
    'finder.networks': 'Gemeinsame Netzwerke:', 'finder.former': 'War schon Partner (die Verbindung ist beendet).', 'finder.unknown': 'Kein Ort namens „{city}“',
    'finder.anyCountry': 'jedes Land', 'finder.topics': 'Themen', 'finder.topicsPlaceholder': 'z. B. climate, youth', 'finder.allTopics': 'alle Themen', 'finder.scope': 'Wo suchen',
    'scope.abroad': 'im Ausland', 'scope.domestic': 'in Deutschland', 'scope.anywhere': 'überall',
    'finder.near': 'Partner eines Nachbarn in der Nähe:', 'finder.nearText': '{neighbour} ({km1} km entfernt) ist Partner von {partner} ({km2} km vom Kandidaten); {n} Nachbar(n) mit Partnern dort',
    'finder.alternative': 'Nächste Alternative, ohne den Filter „{dropped}“:', 'finder.notInGraph': '{city} hat noch keine Verbindungen in den Daten; Kandidaten kommen von den Nachbarn, Größe und Entfernung.',
    'finder.partsLegend': 'Teile der Bewertung:',
    'part.adamicAdar': 'gemeinsame Partner (Adamic–Adar)', 'part.resourceAllocation': 'gemeinsame Partner (Resource Allocation)', 'part.neighbours': 'Partner der Nachbarn', 'part.networks': 'gemeinsame Netzwerke',
    'part.topics': 'gemeinsame Themen', 'part.country': 'Anteil des Landes im Bundesland', 'part.size': 'ähnliche Größe', 'part.distance': 'Entfernung',
    'region.EU': 'Europäische Union', 'region.EEA': 'Europäischer Wirtschaftsraum', 'region.EFTA': 'EFTA', 'region.EAP': 'Östliche Partnerschaft', 'region.WB': 'Westbalkan',
    'region.CANDIDATES': 'EU-Beitrittskandidaten', 'region.V4': 'Visegrád-Gruppe', 'region.BALTIC': 'Baltische Staaten', 'region.NORDIC': 'Nordische Länder', 'region.BENELUX': 'Benelux', 'region.G7': 'G7',
    'size.any': 'beliebig', 'size.small': 'unter 20.000', 'size.medium': '20.000–100.000', 'size.large': 'über 100.000', 'size.similar': 'ähnlich (½- bis 2-fach)',
    'distance.NEAR': 'näher ist besser', 'distance.FAR': 'weiter ist besser', 'distance.ANY': 'egal',
  },
};

/** missing lists the texts asked for that have no translation (tests check it stays empty). */
export const missing = new Set();

function detect() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '').get('lang');
  if (q === 'de' || q === 'en') return q;
  try {
    const s = localStorage.getItem('citygraph.lang');
    if (s === 'de' || s === 'en') return s;
  } catch { /* storage off */ }
  for (const l of navigator.languages || [navigator.language]) {
    if (/^de\b/i.test(l)) return 'de';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

let current = detect();

/** lang is the interface language, "de" or "en". */
export function lang() {
  return current;
}

/** setLang switches the language and remembers it. */
export function setLang(l) {
  current = l === 'de' ? 'de' : 'en';
  try { localStorage.setItem('citygraph.lang', current); } catch { /* storage off */ }
  const u = new URL(location.href);
  const [path, q = ''] = u.hash.split('?');
  const p = new URLSearchParams(q);
  p.set('lang', current);
  history.replaceState(null, '', `${path || '#/map'}?${p}`);
}

/** t returns a text in the interface language with {name} filled in. */
export function t(key, vars = {}, fallback = undefined) {
  let s = texts[current][key];
  if (s === undefined && fallback !== undefined && texts.en[key] === undefined) return fallback;
  if (s === undefined) {
    missing.add(`${current}:${key}`);
    s = texts.en[key] ?? key;
  }
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] === undefined ? '' : String(vars[k])));
}

export const _texts = texts;
