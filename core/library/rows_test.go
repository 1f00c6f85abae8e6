package library

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"hebbplay/core/experiment"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestStorageRowsOldAndNew: results saved before the spread and the two
// bits-per-synapse counts were reported (one bits_per_synapse field) still
// import unchanged, and so do today's rows, per-repetition P90s included.
func TestStorageRowsOldAndNew(t *testing.T) {
	shape, _ := pattern.NewModular(6, 6)
	run, err := experiment.NewRun(experiment.ExpStorage, experiment.Config{Shape: shape, Nflip: 1, Reps: 3, Seed: 1,
		Rules: []memory.Rule{memory.Hebb, memory.Bayes}}, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Execute(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(run.Rows())
	var fresh []any
	json.Unmarshal(b, &fresh)
	old := []any{map[string]any{"rule": "hebb", "p90": 12, "fcorr": 0.93, "limited": false,
		"bits_per_synapse": 0.1547, "bits_per_synapse_naive": 0.1952, "bits_normalisation": "P90·H·log2 M / (N²−H·M²)/2", "probes": 13}}
	for name, rows := range map[string][]any{"old": old, "new": fresh} {
		doc := sample()
		res(doc, 0)["rows"] = rows
		f, err := Import(encode(t, doc))
		if err != nil {
			t.Fatalf("%s rows: %v", name, err)
		}
		var want []map[string]any
		json.Unmarshal(encode(t, rows), &want)
		if !reflect.DeepEqual(f.Results[0].Rows, want) {
			t.Fatalf("%s rows changed on import:\n%v\n%v", name, f.Results[0].Rows, want)
		}
	}
	if _, ok := fresh[0].(map[string]any)["p90_per_rep"].(string); !ok {
		t.Fatalf("today's rows lack p90_per_rep: %v", fresh[0])
	}
}
