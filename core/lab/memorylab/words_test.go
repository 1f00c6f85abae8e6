package memorylab

import (
	"math"
	"strings"
	"testing"

	"hebbplay/core/lab"
)

// chartByID returns the lab's chart id, failing the test when it is absent.
// mustChart is the lab's chart id (chartByID), or a fatal error.
func mustChart(t *testing.T, l *Lab, id string) lab.Chart {
	t.Helper()
	c, ok := chartByID(l.Charts(), id)
	if !ok {
		t.Fatalf("no chart %q", id)
	}
	return c
}

// TestProtoTableNeverAtThreshold: at 10×10 with the native command's
// prototype settings (`go run ./scripts/hebb proto -H 10 -M 10 -exp_reps 5`:
// 20 instances 4 units off, test cues 1 off), Willshaw's score stays far
// below 90% at every number of prototypes (0.01 at one prototype, 0 from two
// on), so its row says so and gives the best score measured, instead of
// "prototype capacity 0, score there 1" (the search's score of no
// prototypes, which is no measurement). Hebb's capacity is 5: a number.
func TestProtoTableNeverAtThreshold(t *testing.T) {
	s := open(t, "v=1&screen=experiments&exp=proto&exp_rules=hebb,willshaw&exp_reps=5&exp_pmax=200&H=10&M=10&ninst=20&nflip_train=4&nflip=1")
	l := s.Lab.(*Lab)
	drive(t, l, 2, 0)
	tab := mustChart(t, l, "proto-table").Table
	rows := map[string][]string{}
	for _, r := range tab.Rows {
		rows[r[0]] = r
	}
	w, h := rows["willshaw"], rows["hebb"]
	if w == nil || h == nil {
		t.Fatalf("rows %v", tab.Rows)
	}
	if w[1] != "none: below 90% everywhere" || !strings.HasPrefix(w[2], "best ") || w[2] == "best 1 at 1 prototype" {
		t.Errorf("willshaw row %q: want no capacity and its best measured score", w)
	}
	if h[1] != "5" {
		t.Errorf("hebb row %q: want prototype capacity 5, as the native command measures", h)
	}
	// The best score named is one the curve measured.
	curve := mustChart(t, l, "proto")
	best := -1.0
	for _, s := range curve.Series {
		if s.Label == "willshaw" {
			for _, y := range s.Y {
				best = math.Max(best, y)
			}
		}
	}
	if want := "best " + fmt4(best) + " at "; !strings.HasPrefix(w[2], want) {
		t.Errorf("willshaw score cell %q, want it to start %q (the curve's best)", w[2], want)
	}
}

// TestExperimentWords: the status counts measurements (not "units", which
// here are neurons), the axes are words with the symbol in brackets, every
// experiment's main chart has a how-to-read paragraph, and the storage
// chart's legend has the P90 triangle.
func TestExperimentWords(t *testing.T) {
	for _, tc := range []struct{ exp, chart string }{{"storage", "storage"}, {"proto", "proto"}, {"corr", "corr-storage"}} {
		s := open(t, "v=1&screen=experiments&exp="+tc.exp+"&exp_rules=hebb&exp_reps=2&exp_pmax=5&H=6&M=6&ninst=2&nflip_train=1&nflip=1")
		l := s.Lab.(*Lab)
		drive(t, l, 1, 0)
		c := l.Charts()
		if !strings.HasPrefix(c.Status, "Finished: ") || !strings.Contains(c.Status, " measurements in ") || strings.Contains(c.Status, "unit") {
			t.Errorf("%s: status %q", tc.exp, c.Status)
		}
		ch := mustChart(t, l, tc.chart)
		if !strings.HasPrefix(ch.Guide, "How to read this: ") {
			t.Errorf("%s: guide %q", tc.exp, ch.Guide)
		}
		if !strings.Contains(ch.YLabel, " (") || !strings.HasSuffix(ch.YLabel, ")") {
			t.Errorf("%s: y axis %q is not words with the symbol in brackets", tc.exp, ch.YLabel)
		}
		if tc.exp == "storage" {
			if ch.YLabel != "patterns recalled exactly (fcorr)" || ch.XLabel != "stored patterns (P)" {
				t.Errorf("storage axes %q, %q", ch.XLabel, ch.YLabel)
			}
			key := false
			for _, s := range ch.Series {
				if s.Markers && s.Point == "triangle" && !s.Hidden && strings.Contains(s.Label, "P90") {
					key = true
				}
			}
			if !key {
				t.Error("storage chart: no P90 triangle in the legend")
			}
			if !strings.Contains(ch.Guide, "p_ij = x_i·x_j = p_i·p_j") {
				t.Error("storage guide does not say why covariance fails with one pattern")
			}
		}
		if err := ch.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// TestHiddenValuesStayOff: with the rule hidden by a classroom link the
// weight matrix's title does not name it (it did: "Weight matrix W
// (willshaw, 100×100)"); with the network's size hidden the gallery's title
// does not give it; with any control hidden the charts' notes carry no
// native command and the PNG parameter line leaves the hidden values out.
func TestHiddenValuesStayOff(t *testing.T) {
	s := open(t, "v=1&rule=willshaw&wview=weights&H=7&rule_hide=1&H_hide=1")
	title := func(id string) string {
		for _, v := range s.Lab.Views() {
			if v.ID == id {
				return v.Title
			}
		}
		t.Fatalf("no view %q", id)
		return ""
	}
	if w := title("weights"); strings.Contains(w, "willshaw") || !strings.HasPrefix(w, "Weight matrix W") {
		t.Errorf("weight view title %q", w)
	}
	if g := title("memories"); strings.Contains(g, "7×10") || strings.Contains(g, "modular") {
		t.Errorf("gallery title %q gives the hidden size", g)
	}
	// Shown again: the same session names them.
	s.SetHidden(nil)
	if w := title("weights"); !strings.Contains(w, "willshaw") {
		t.Errorf("weight view title %q without hidden controls: want the rule", w)
	}
	if g := title("memories"); !strings.Contains(g, "7×10") {
		t.Errorf("gallery title %q without hidden controls: want the size", g)
	}

	s = open(t, "v=1&screen=experiments&exp_rules=hebb&exp_reps=3&H=6&M=6&seed=77&seed_hide=1&exp_reps_hide=1")
	l := s.Lab.(*Lab)
	drive(t, l, 1, 0)
	for _, c := range l.Charts().Charts {
		for _, txt := range []string{c.Note, c.Params, c.Title} {
			if strings.Contains(txt, "Native:") || strings.Contains(txt, "seed") || strings.Contains(txt, "77") || strings.Contains(txt, "3 repetitions") {
				t.Errorf("chart %s gives a hidden value: %q", c.ID, txt)
			}
		}
	}
	if n := s.State().Native; n != "" {
		t.Errorf("native command %q shown with hidden controls", n)
	}
	if p := mustChart(t, l, "storage").Params; !strings.Contains(p, "H = 6") {
		t.Errorf("PNG parameters %q lost the values that are not hidden", p)
	}
}

// TestTheoryNoteUnnamesHidden: the theory table's note names the cue noise
// and the net ("cue noise nflip = 2 in this 6×6 modular net") unless a
// classroom link hides them.
func TestTheoryNoteUnnamesHidden(t *testing.T) {
	const run = "v=1&screen=experiments&exp_rules=willshaw&exp_reps=2&H=6&M=6&nflip=2"
	for _, tc := range []struct {
		hide string
		want []string
		not  []string
	}{
		{"", []string{"nflip = 2", "6×6 modular"}, nil},
		{"&nflip_hide=1&M_hide=1", []string{"the cue noise of this run", "this run's net"}, []string{"nflip = 2", "6×6"}},
	} {
		l := open(t, run+tc.hide).Lab.(*Lab)
		drive(t, l, 1, 0)
		note := mustChart(t, l, "storage-theory").Note
		for _, w := range tc.want {
			if !strings.Contains(note, w) {
				t.Errorf("%q: note lacks %q: %s", tc.hide, w, note)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(note, w) {
				t.Errorf("%q: note gives the hidden %q: %s", tc.hide, w, note)
			}
		}
	}
}
