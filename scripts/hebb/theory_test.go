package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestTheoryColumn: storage results carry the analytical prediction beside
// the measurement. With one recall step (-niter 1), the setting of the
// Willshaw formula, the measured P90 lies within 8% of the predicted one;
// rules without a known formula get null (JSON) or an empty cell (CSV); the
// table ends with one footnote per rule naming the source.
func TestTheoryColumn(t *testing.T) {
	args := []string{"storage", "-H", "12", "-M", "12", "-rules", "willshaw,bcpnn", "-niter", "1", "-reps", "20", "-quiet"}
	out, err := runArgs(t, append(args, "-format", "json")...)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 rows, got %q", out)
	}
	var w, b map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &b); err != nil {
		t.Fatal(err)
	}
	pred, ok := w["theory_p90"].(float64)
	if !ok || !strings.Contains(w["theory"].(string), "Willshaw") {
		t.Fatalf("willshaw row without a prediction: %v", w)
	}
	if got := w["p90"].(float64); math.Abs(got-pred) > 0.08*pred {
		t.Errorf("willshaw, one step: measured P90 %g, predicted %g (more than 8%% apart)", got, pred)
	}
	if v, present := b["theory_p90"]; !present || v != nil {
		t.Errorf("bcpnn theory_p90 = %v (present %v), want null", v, present)
	}

	out, err = runArgs(t, append(args, "-format", "csv")...)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, k := range recs[0] {
		if k == "theory_p90" {
			col = i
		}
	}
	if col < 0 || recs[2][col] != "" || recs[1][col] == "" {
		t.Errorf("CSV theory_p90 column %d: %q", col, recs)
	}

	out, err = runArgs(t, append(args, "-format", "table")...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# theory, willshaw: Willshaw finite-size, one step (Willshaw, Buneman & Longuet-Higgins, Nature 1969",
		"# theory, bcpnn: no closed-form prediction known (Knoblauch, Neural Computation"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
