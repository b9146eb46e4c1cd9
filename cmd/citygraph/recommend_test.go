package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func runRecommendJSON(t *testing.T, ta *testApp, args ...string) recommendResult {
	t.Helper()
	code, out, errs := ta.run(append([]string{"recommend", "--json", "--today", "2024"}, args...)...)
	if code != 0 {
		t.Fatalf("recommend %v: exit %d: %s", args, code, errs)
	}
	var res recommendResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("recommend %v: %v\n%s", args, err, out)
	}
	return res
}

func TestRecommendCommand(t *testing.T) {
	ta := newTestApp(t)
	store := coverageStore(t, ta)

	// Heidelberg's one partner, Lublin (topic Klima), is also Mannheim's and
	// Karlsruhe's; Köln and Czernowitz share the topic through their link.
	res := runRecommendJSON(t, ta, "--store", store, "--city", "Heidelberg", "--anywhere")
	if res.City.ID != "DE:08221000" || res.City.Name != "Heidelberg" {
		t.Fatalf("city %+v", res.City)
	}
	var ids []string
	for _, c := range res.Candidates {
		ids = append(ids, c.ID)
	}
	if strings.Join(ids, " ") != "DE:08222000 DE:08212000 UA:chernivtsi DE:05315000" || res.Where != "any" {
		t.Fatalf("candidates %v where %s", ids, res.Where)
	}
	m := res.Candidates[0]
	// Lublin has three partners: Adamic-Adar 1/ln 3, resource allocation 1/3.
	if math.Abs(m.Parts.AdamicAdar-1/math.Log(3)) > 1e-12 || math.Abs(m.Parts.ResourceAllocation-1.0/3) > 1e-12 || m.Parts.Topics != 1 {
		t.Errorf("Mannheim's parts %+v", m.Parts)
	}
	if len(m.CommonPartners) != 1 || m.CommonPartners[0].Name != "Lublin" ||
		!strings.HasPrefix(m.Reason, "partner of your partner Lublin; both work on Klima; similar size (") {
		t.Errorf("Mannheim: %+v", m)
	}
	sum := m.Parts.AdamicAdar + m.Parts.ResourceAllocation + m.Parts.Neighbours + m.Parts.Networks + m.Parts.Topics + m.Parts.Country + m.Parts.Size + m.Parts.Distance
	if math.Abs(sum-m.Score) > 1e-12 || m.DistanceKm == nil || *m.DistanceKm < 10 || *m.DistanceKm > 30 {
		t.Errorf("Mannheim: score %v (parts %v), distance %v", m.Score, sum, m.DistanceKm)
	}

	// Filters, and the city given by its ID.
	ua := runRecommendJSON(t, ta, "--store", store, "--city", "DE:08221000", "--country", "Ukraine")
	// Czernowitz is Chernivtsi of the world gazetteer, with its population
	// and coordinates: size and distance count too.
	if len(ua.Candidates) != 1 || ua.Candidates[0].Name != "Chernivtsi" || ua.Candidates[0].Score <= 1 ||
		!strings.HasPrefix(ua.Candidates[0].Reason, "partner of your neighbour Mannheim (19 km); both work on Klima;") {
		t.Errorf("--country Ukraine: %+v", ua.Candidates)
	}
	topic := runRecommendJSON(t, ta, "--store", store, "--city", "08221000", "--topic", "Klima", "--top", "2", "--anywhere")
	if len(topic.Candidates) != 2 || topic.Candidates[0].Name != "Mannheim" || topic.Candidates[1].Name != "Chernivtsi" {
		t.Errorf("--topic Klima --top 2: %+v", topic.Candidates)
	}

	code, out, errs := ta.run("recommend", "--store", store, "--city", "heidelberg", "--today", "2024")
	if code != 0 || !strings.Contains(out, "candidate partners for Heidelberg (DE:08221000), abroad, 1 found") || !strings.Contains(out, "partner of your neighbour Mannheim") {
		t.Errorf("table: exit %d\n%s%s", code, out, errs)
	}

	// Abroad by default; a region group; an empty answer with the nearest
	// alternative; a place without links by its AGS; one pair.
	abroad := runRecommendJSON(t, ta, "--store", store, "--city", "Heidelberg")
	if abroad.Where != "abroad" || len(abroad.Candidates) != 1 || abroad.Candidates[0].Country == "DE" {
		t.Errorf("abroad: %+v", abroad)
	}
	eap := runRecommendJSON(t, ta, "--store", store, "--city", "Heidelberg", "--region", "Östliche Partnerschaft")
	if len(eap.Candidates) != 1 || eap.Candidates[0].ID != "UA:chernivtsi" || len(eap.Countries) != 6 {
		t.Errorf("--region EAP: %+v", eap)
	}
	wb := runRecommendJSON(t, ta, "--store", store, "--city", "Heidelberg", "--region", "WB")
	if len(wb.Candidates) != 0 || !strings.Contains(wb.Why, "no place abroad, in AL, BA") || wb.Alternative == nil || wb.Alternative.Candidate.ID != "UA:chernivtsi" {
		t.Errorf("--region WB: %+v", wb)
	}
	code, out, _ = ta.run("recommend", "--store", store, "--city", "Heidelberg", "--region", "WB", "--today", "2024")
	if code != 0 || !strings.Contains(out, "why: no place abroad") || !strings.Contains(out, "nearest alternative, without countries AL,BA,ME,MK,RS,XK: Chernivtsi") {
		t.Errorf("--region WB table: exit %d\n%s", code, out)
	}
	nolinks := runRecommendJSON(t, ta, "--store", store, "--city", "08226006") // Bammental, 10 km from Heidelberg, not in the store
	if nolinks.InGraph || nolinks.City.ID != "DE:08226006" || len(nolinks.Candidates) == 0 || nolinks.Candidates[0].Country == "DE" || nolinks.Candidates[0].Near == nil {
		t.Errorf("a place without links: %+v", nolinks)
	}
	pair := runRecommendJSON(t, ta, "--store", store, "--city", "Heidelberg", "--partner", "Lublin")
	if pair.Pair == nil || !pair.Pair.Partner || pair.Pair.ID != "PL:lublin" {
		t.Errorf("--partner Lublin: %+v", pair.Pair)
	}

	code, _, errs = ta.run("recommend", "--store", store, "--city", "Nirgendwo")
	if code != exitError || !strings.Contains(errs, `no place matches "Nirgendwo"`) {
		t.Errorf("unknown city: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{
		{},
		{"--city", "Heidelberg", "--top", "0"},
		{"--city", "Heidelberg", "--distance", "sideways"},
		{"--city", "Heidelberg", "--min-population", "10", "--max-population", "5"},
		{"--city", "Heidelberg", "--country", "Atlantis"},
		{"--city", "Heidelberg", "--today", "yesterday"},
		{"--city", "Heidelberg", "--region", "Atlantis"},
		{"--city", "Heidelberg", "--domestic", "--anywhere"},
	} {
		code, _, errs := ta.run(append([]string{"recommend", "--store", store}, args...)...)
		if code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, errs)
		}
	}
}
