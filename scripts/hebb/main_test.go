package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func runArgs(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), err
}

// TestBadInput: impossible sizes and bad flags are usage errors (exit 2)
// whose message names the limit.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "name an experiment"},
		{[]string{"fly"}, "unknown experiment"},
		{[]string{"storage", "-M", "1"}, "M=1 is out of range: want a whole number from 2 to 64"},
		{[]string{"storage", "-net", "kofn", "-N", "50", "-K", "50"}, "K must be below N (nearest allowed: 49)"},
		{[]string{"storage", "-nflip", "21"}, "nflip cannot exceed what the network allows (nearest allowed: 20)"},
		{[]string{"storage", "-H", "100", "-M", "10"}, "H=100 is out of range: want a whole number from 1 to 64"},
		{[]string{"storage", "-exp_reps", "101"}, "exp_reps=101 is out of range: want a whole number from 1 to 100"},
		{[]string{"storage", "-rules", "hebb,oja"}, `"oja" is not one of hebb,`},
		{[]string{"storage", "-format", "xml"}, "want table, csv, json or markdown"},
		{[]string{"recall", "-P", "10,x"}, "not a whole number"},
		{[]string{"corr", "-corr", "none"}, `exp_corr: "none" is not one of hierarchical, zipf`},
		{[]string{"proto", "-ninst", "0"}, "ninst"},
		{[]string{"storage", "-reps", "0"}, "reps"},
		{[]string{"storage", "-ties", "first"}, `ties: "first" is not one of lowest, random`},
	} {
		_, err := runArgs(t, tc.args...)
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

// TestJSONFields checks the fields the playground and scripts rely on.
func TestJSONFields(t *testing.T) {
	out, err := runArgs(t, "recall", "-H", "8", "-M", "8", "-P", "5,10", "-rules", "hebb,bcpnn", "-reps", "2", "-format", "json", "-quiet")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 2 rules × 2 P:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"experiment", "rule", "net", "N", "H", "M", "K", "nflip", "niter", "reps", "seed", "P", "fcorr"} {
			if _, ok := m[k]; !ok {
				t.Errorf("missing %q in %s", k, l)
			}
		}
	}
	out, err = runArgs(t, "storage", "-H", "8", "-M", "8", "-rules", "bcpnn", "-reps", "2", "-format", "json", "-quiet")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"p90":`, `"bits_per_synapse_all":`, `"bits_per_synapse_independent":`, `"bits_per_synapse_naive":`,
		`"p90_per_rep":`, `"p90_ci95_lo":`, `"p90_ci95_hi":`, `"p90_ci_wide":`} {
		if !strings.Contains(out, k) {
			t.Errorf("storage output lacks %s: %s", k, out)
		}
	}
}

// TestSpreadReported: a storage run reports each repetition's P90 and the
// interval in every format, and warns on stderr when it is wider than ±5%.
func TestSpreadReported(t *testing.T) {
	args := []string{"storage", "-H", "8", "-M", "8", "-rules", "hebb", "-reps", "3", "-seed", "2", "-quiet"}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append(args, "-format", "json"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	reps := strings.Fields(m["p90_per_rep"].(string))
	lo, hi, mean := m["p90_ci95_lo"].(float64), m["p90_ci95_hi"].(float64), m["p90_mean"].(float64)
	if len(reps) != 3 || !(lo < mean && mean < hi) {
		t.Fatalf("per-repetition P90s %v, interval %g–%g around %g", reps, lo, hi, mean)
	}
	wide := m["p90_ci_wide"].(bool)
	if warned := strings.Contains(errOut.String(), "hebb: warning: rule hebb: P90 ="); warned != wide || (hi-lo)/2 > 0.05*mean != wide {
		t.Errorf("interval %g–%g, wide %v; stderr %q", lo, hi, wide, errOut.String())
	}
	for _, f := range []string{"csv", "table"} {
		s, err := runArgs(t, append(args, "-format", f)...)
		if err != nil || !strings.Contains(s, "p90_per_rep") || !strings.Contains(s, m["p90_per_rep"].(string)) {
			t.Errorf("%s output lacks the per-repetition P90s %q:\n%s", f, m["p90_per_rep"], s)
		}
	}
}

// TestWorkersDoNotChangeOutput runs the same experiment with 1 and 3 workers.
func TestWorkersDoNotChangeOutput(t *testing.T) {
	args := []string{"storage", "-H", "10", "-M", "10", "-reps", "4", "-seed", "3", "-format", "csv", "-quiet"}
	a, err := runArgs(t, append(args, "-workers", "1")...)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := runArgs(t, append(args, "-workers", "3")...)
	if a != b || !strings.Contains(a, "bcpnn") {
		t.Fatalf("outputs differ or are empty:\n%s\n%s", a, b)
	}
}

func TestCorrAndProto(t *testing.T) {
	out, err := runArgs(t, "corr", "-H", "10", "-M", "10", "-reps", "2", "-rules", "hebb", "-corr", "zipf", "-knobs", "0,1", "-ninst", "0", "-format", "csv", "-quiet")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\n"); n != 3 || !strings.Contains(out, "knob") {
		t.Fatalf("corr csv:\n%s", out)
	}
	out, err = runArgs(t, "proto", "-H", "10", "-M", "10", "-reps", "2", "-rules", "hebb", "-P", "1,3", "-ninst", "5", "-nflip-train", "1", "-nflip-test", "1", "-quiet")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "prototype_capacity") || !strings.Contains(out, "score") {
		t.Fatalf("proto table:\n%s", out)
	}
}

// TestTiesFlag checks that -ties random is recorded in the output, gives the
// same numbers twice from one seed, and other numbers than lowest-index ties
// where ties are common (Willshaw's integer supports).
func TestTiesFlag(t *testing.T) {
	args := []string{"recall", "-H", "8", "-M", "8", "-P", "20,40", "-rules", "willshaw", "-reps", "4", "-format", "csv", "-quiet"}
	lowest, err := runArgs(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	random, err := runArgs(t, append(args, "-ties", "random")...)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := runArgs(t, append(args, "-ties", "random")...)
	if random != again {
		t.Fatalf("-ties random is not reproducible:\n%s\n%s", random, again)
	}
	if !strings.Contains(lowest, ",lowest,") || !strings.Contains(random, ",random,") {
		t.Fatalf("the tie rule is not recorded:\n%s\n%s", lowest, random)
	}
	strip := func(s string) string { return strings.ReplaceAll(s, ",random,", ",lowest,") }
	if strip(random) == lowest {
		t.Fatalf("random ties gave exactly the lowest-index numbers:\n%s", lowest)
	}
}

// TestTargetCI: -target-ci reruns each rule with the repetitions its
// pilot's spread calls for, until the interval is within the target, and
// -format markdown prints the key columns.
func TestTargetCI(t *testing.T) {
	args := []string{"storage", "-H", "8", "-M", "8", "-rules", "hebb,bayes", "-reps", "3", "-seed", "1", "-quiet", "-target-ci", "0.05"}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append(args, "-format", "json"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d rows:\n%s", len(lines), out.String())
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		reps, rel := m["reps"].(float64), m["p90_ci95_rel"].(float64)
		if reps <= 3 || rel > 0.05 || m["p90_ci_wide"].(bool) || len(strings.Fields(m["p90_per_rep"].(string))) != int(reps) {
			t.Errorf("%s: %g repetitions, interval ±%g", m["rule"], reps, rel)
		}
	}
	if !strings.Contains(errOut.String(), "rerunning with") || strings.Contains(errOut.String(), "warning") {
		t.Errorf("stderr: %s", errOut.String())
	}
	md, err := runArgs(t, append(args, "-format", "markdown")...)
	if err != nil || !strings.HasPrefix(md, "| rule | P90 | per-repetition P90: mean (95% interval) | ± | R |") || strings.Count(md, "\n") != 4 {
		t.Errorf("markdown:\n%s", md)
	}
	if _, err := runArgs(t, "proto", "-target-ci", "0.03"); err == nil || !strings.Contains(err.Error(), "target-ci") {
		t.Errorf("target-ci with proto: %v", err)
	}
}
