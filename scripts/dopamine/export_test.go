package main

import (
	"bytes"
	"strings"
	"testing"

	_ "hebbplay/core/jobs"
	"hebbplay/core/lab"
	"hebbplay/core/lab/dopaminelab"
)

// finishedLab opens the Dopamine lab at hash and lets its live run train
// for the whole step budget in a native worker, as the page's Web Worker
// does: every step asked for, then one unit with all of them.
func finishedLab(t *testing.T, hash string) (*lab.Session, *dopaminelab.Lab) {
	t.Helper()
	s, err := lab.Open("lab=dopamine&autoplay=0&" + hash)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notices()) > 0 {
		t.Fatalf("notices opening %q: %v", hash, s.Notices())
	}
	l := s.Lab.(*dopaminelab.Lab)
	if len(l.Charts().Exports) != 0 {
		t.Fatal("results offered before the run")
	}
	if _, err := l.ExportFile(dopaminelab.ExportCSV); err == nil {
		t.Fatal("results exported before the run")
	}
	for l.Step() {
	}
	if _, err := (&lab.Pool{Workers: 1}).Run(l, 100); err != nil {
		t.Fatal(err)
	}
	if c := l.Charts(); c.Running || c.Done != c.Total {
		t.Fatalf("run not finished: %d of %d", c.Done, c.Total)
	}
	return s, l
}

// nativeArgs are the arguments of the page's native command line for the
// session's configuration, with -format format.
func nativeArgs(t *testing.T, s *lab.Session, format string) []string {
	t.Helper()
	line := lab.NativeCommand(dopaminelab.ID, s.Values())
	const cmd = "go run ./scripts/dopamine "
	if !strings.HasPrefix(line, cmd) {
		t.Fatalf("native line %q", line)
	}
	return append(strings.Fields(strings.TrimPrefix(line, cmd)), "-format", format)
}

// TestExportEqualsCommand: the lab's results download of a finished run is
// byte for byte the output of its native command line, in CSV and in JSON:
// a run thinned past the trace limit with a stalled optimizer, a
// Mackey–Glass run with its forecast, and a diverged one.
func TestExportEqualsCommand(t *testing.T) {
	for _, tc := range []struct {
		hash string
		want []string // substrings of the CSV, so that the cases cover what they claim
	}{
		{"show_wp=0&show_dopamine=0&seed=38&steps_xor=3000&hidden_xor=4&spf_xor=50", []string{",true\n", "xor,38,adam"}},
		{"task=mackey-glass&show_sgd=0&show_adam=0&steps_mg=300&horizon=30&K=2&seed=5", []string{",30,", "test_nrmse"}},
		{"task=mackey-glass&show_adam=0&show_wp=0&show_dopamine=0&lr_sgd_mg=50&steps_mg=200", []string{"false,,,,true,", ",,test_nrmse"}},
	} {
		s, l := finishedLab(t, tc.hash)
		if c := l.Charts(); len(c.Exports) != 2 || c.Exports[0].Name != dopaminelab.ExportCSV || c.Exports[1].Name != dopaminelab.ExportJSON {
			t.Errorf("%s: exports %+v, want csv and json", tc.hash, c.Exports)
		}
		for _, format := range []string{"csv", "json"} {
			got, err := l.ExportFile("results-" + format)
			if err != nil {
				t.Fatalf("%s: %v", tc.hash, err)
			}
			args := nativeArgs(t, s, format)
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errb.String())
			}
			if got != out.String() {
				t.Errorf("%s: the page's %s differs from %v:\npage:\n%s\ncommand:\n%s", tc.hash, format, args, got, out.String())
			}
			if format == "csv" {
				for _, w := range tc.want {
					if !strings.Contains(got, w) {
						t.Errorf("%s: CSV lacks %q:\n%s", tc.hash, w, got)
					}
				}
			}
		}
	}
}
