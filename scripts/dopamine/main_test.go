package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-task", "mnist"}, `task: "mnist" is not one of xor, mackey-glass`},
		{[]string{"-opt", "sgd,rmsprop"}, "unknown optimizer"},
		{[]string{"-opt", ""}, "no optimizer"},
		{[]string{"-format", "xml"}, "unknown format"},
		{[]string{"-hidden", "0"}, "hidden_xor=0 is out of range: want a whole number from 1 to 64"},
		{[]string{"-sigma", "-1"}, "sigma"},
		{[]string{"-beta", "1"}, "beta"},
		{[]string{"-k", "0"}, "perturbations"},
		{[]string{"-task", "mackey-glass", "-steps", "50"}, "steps_mg=50 is out of range: want a whole number from 100 to 100000 in steps of 100"},
		{[]string{"-seeds", "0"}, "-seeds"},
		{[]string{"-task", "mackey-glass", "-washout", "600"}, "washout"},
		{[]string{"-steps", "ten"}, `steps_xor: "ten" is not a number`},
		{[]string{"-nosuchflag"}, "not defined"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, &out, &errb)
		if code == 0 {
			t.Errorf("%v: exit 0, want non-zero", tc.args)
		}
		if !strings.Contains(errb.String(), tc.msg) {
			t.Errorf("%v: stderr %q does not mention %q", tc.args, errb.String(), tc.msg)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote %q to stdout", tc.args, out.String())
		}
	}
}

func TestJSONLines(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-task", "xor", "-steps", "300", "-seeds", "2", "-format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d lines, want 8 (2 seeds × 4 optimizers)", len(lines))
	}
	for i, l := range lines {
		var r row
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if r.Steps != 300 || r.Task != "xor" || r.Params != 17 {
			t.Errorf("line %d: %+v", i, r)
		}
		if r.Reached != (r.StepsToTarget != nil) {
			t.Errorf("line %d: reached %v but steps_to_target %v", i, r.Reached, r.StepsToTarget)
		}
	}
	// Same command, same output.
	var again bytes.Buffer
	run([]string{"-task", "xor", "-steps", "300", "-seeds", "2", "-format", "json"}, &again, &errb)
	if again.String() != out.String() {
		t.Errorf("output differs between two identical runs")
	}
}

func TestTableNotReached(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-task", "mackey-glass", "-opt", "wp", "-steps", "100", "-train", "60", "-test", "20", "-washout", "5"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"not reached", "one-step test nrmse", "free-running nrmse (20 steps)", "persistence", "wp"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

// Adam on XOR at seed 38 sticks at loss 0.125 (see
// dopamine.TestStallAtXORDefaults): the table says "stalled" where it
// would say "not reached", and the CSV's last column is true for Adam only.
func TestStalledColumn(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-opt", "sgd,adam", "-seed", "38", "-steps", "3000"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "stalled") {
		t.Errorf("table does not report the stall:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"-opt", "sgd,adam", "-seed", "38", "-steps", "3000", "-format", "csv"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], ",stalled") || !strings.HasSuffix(lines[1], ",false") || !strings.HasSuffix(lines[2], ",true") {
		t.Errorf("csv:\n%s", out.String())
	}
}

func TestCSV(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-opt", "adam,dopamine", "-steps", "100", "-format", "csv"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want a header and 2 rows", len(lines))
	}
	cols := len(strings.Split(lines[0], ","))
	for _, l := range lines[1:] {
		if n := len(strings.Split(l, ",")); n != cols {
			t.Errorf("row has %d fields, header %d: %s", n, cols, l)
		}
	}
}

func TestJSONDiverged(t *testing.T) {
	// A diverged run's infinite loss must still give valid JSON (null).
	var out, errb bytes.Buffer
	code := run([]string{"-task", "mackey-glass", "-opt", "sgd", "-lr-sgd", "50", "-steps", "200",
		"-train", "100", "-test", "30", "-horizon", "20", "-format", "json"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"final_loss":null`) || !strings.Contains(out.String(), `"forecast_nrmse":null`) {
		t.Errorf("no null loss in %s", out.String())
	}
	var r row
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Diverged || r.Reached || r.Horizon != 20 || !math.IsNaN(float64(r.FinalLoss)) {
		t.Errorf("diverged row %+v", r)
	}
}
