package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // substring of the error
	}{
		{[]string{"-format", "xml"}, "format"},
		{[]string{"-hidden", "0"}, "hidden"},
		{[]string{"-k", "200"}, "winners"},
		{[]string{"-eps", "0,2"}, "-eps"},
		{[]string{"-fewshot", "0"}, "-fewshot"},
		{[]string{"-models", "hebbian,svm"}, "svm"},
		{[]string{"-epochs", "-1"}, "-epochs"},
		{[]string{"-readout", "magic"}, "readout"},
		{[]string{"-eta", "2"}, "eta"},
		{[]string{"-train", "-5"}, "-train"},
		{[]string{"-no-such-flag"}, "no-such-flag"},
		{[]string{"stray"}, "stray"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(c.args, &stdout, &stderr)
		if code != 2 {
			t.Errorf("%v: exit code %d, want 2", c.args, code)
		}
		if !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: error %q does not mention %q", c.args, stderr.String(), c.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: printed %q on standard output", c.args, stdout.String())
		}
	}
}

// tiny is a run small enough for a test.
var tiny = []string{"-hidden", "20", "-train", "300", "-test", "100", "-epochs", "1",
	"-fewshot", "1,all", "-fewshot-min", "200", "-eps", "0,0.2", "-robust-n", "50", "-bins", "6"}

func TestFormats(t *testing.T) {
	out := map[string]string{}
	for _, format := range []string{"table", "csv", "json"} {
		var stdout, stderr bytes.Buffer
		if code := run(append(tiny, "-format", format), &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr.String())
		}
		out[format] = stdout.String()
	}
	for _, want := range []string{"test accuracy", "KS distance, lognormal fit", "Dale consistency", "few-shot", "fgsm-transfer", "histogram"} {
		if !strings.Contains(out["table"], want) {
			t.Errorf("table lacks %q", want)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(out["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, r := range recs[1:] {
		sections[r[0]] = true
	}
	for _, s := range []string{"summary", "dale", "fewshot", "robustness", "histogram"} {
		if !sections[s] {
			t.Errorf("CSV lacks section %q", s)
		}
	}
	var res struct {
		Models []struct {
			Model    string   `json:"model"`
			Accuracy *float64 `json:"accuracy"`
		} `json:"models"`
		FewShot    []json.RawMessage `json:"fewshot"`
		Robustness []json.RawMessage `json:"robustness"`
	}
	if err := json.Unmarshal([]byte(out["json"]), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Models) != 2 || res.Models[0].Model != "hebbian" || res.Models[0].Accuracy == nil {
		t.Errorf("JSON models: %+v", res.Models)
	}
	// few-shot: 1 and all for hebbian and backprop, 1 for the pretrained probe.
	if len(res.FewShot) != 5 {
		t.Errorf("JSON has %d few-shot points, want 5", len(res.FewShot))
	}
	// robustness: 2 ε × 3 attacks × 2 models.
	if len(res.Robustness) != 12 {
		t.Errorf("JSON has %d robustness points, want 12", len(res.Robustness))
	}
}

func TestDeterministicOutput(t *testing.T) {
	var a, b, stderr bytes.Buffer
	args := append(tiny, "-format", "csv", "-models", "hebbian", "-fewshot", "")
	if run(args, &a, &stderr) != 0 || run(args, &b, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	if a.String() != b.String() {
		t.Error("two runs with the same seed printed different results")
	}
}
