package memorylab

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

func chartByID(c lab.Charts, id string) (lab.Chart, bool) {
	for _, ch := range c.Charts {
		if ch.ID == id {
			return ch, true
		}
	}
	return lab.Chart{}, false
}

// whyCharts are the why view's charts among the playground's (which also
// show the capacity meter's).
func whyCharts(c lab.Charts) []lab.Chart {
	var out []lab.Chart
	for _, ch := range c.Charts {
		if strings.HasPrefix(ch.ID, "why-") {
			out = append(out, ch)
		}
	}
	return out
}

func seriesByLabel(ch lab.Chart, label string) (lab.Series, bool) {
	for _, s := range ch.Series {
		if s.Label == label {
			return s, true
		}
	}
	return lab.Series{}, false
}

// TestWhyEveryConfiguration opens the why view for every rule, net, mode and
// update, plays the recall to the end and checks the view, the charts and
// the summary at every step: the split adds up, the charts grow by one point
// per step and are well formed, the target's overlap ends at the overlap the
// lab reports, and the energy of a symmetric rule never rises.
func TestWhyEveryConfiguration(t *testing.T) {
	for _, r := range memory.Rules {
		for _, net := range []string{"kind=modular&H=6&M=5", "kind=kofn&N=49&K=5"} {
			for _, mode := range []string{"storage", "prototype&ninst=3&nflip_train=1.5"} {
				for _, upd := range []string{"sync", "async"} {
					h := fmt.Sprintf("v=1&rule=%s&%s&mode=%s&wview=why&unit=7&npat=14&nflip=2&update=%s&autoplay=0", r.ID, net, mode, upd)
					checkWhyRun(t, h, memory.HasEnergy(r.ID))
				}
			}
		}
	}
}

func checkWhyRun(t *testing.T, h string, energy bool) {
	t.Helper()
	s := open(t, h)
	l := s.Lab.(*Lab)
	if n := s.Notices(); len(n) > 0 {
		t.Fatalf("%s: notices %q", h, n)
	}
	var lastVer uint64
	prevE := math.Inf(1)
	var firstLabels []string
	for step := 0; ; step++ {
		vs := s.Lab.Views()
		v := vs[3]
		if !strings.HasPrefix(v.Title, "Why: signal and crosstalk") || v.Img == nil || v.Img.Bounds().Empty() {
			t.Fatalf("%s step %d: fourth view %q", h, step, v.Title)
		}
		sum := s.State().Summary
		sup, sig, xt := sum["whySupport"].(float64), sum["whySignal"].(float64), sum["whyCrosstalk"].(float64)
		if math.Abs(sup-(sig+xt)) > 1e-9*max(1, math.Abs(sup)) {
			t.Fatalf("%s step %d: support %g ≠ signal %g + crosstalk %g", h, step, sup, sig, xt)
		}
		if !strings.Contains(v.Caption[1].Text, "= signal "+fmtNum(sig)+" + crosstalk "+fmtNum(xt)) {
			t.Fatalf("%s step %d: caption %q does not show the summary's split", h, step, v.Caption[1].Text)
		}
		if m := "margin " + fmtNum(sum["whyMargin"].(float64)); !strings.Contains(v.Caption[0].Text, m) {
			t.Fatalf("%s step %d: caption %q does not show the summary's %s", h, step, v.Caption[0].Text, m)
		}
		c := s.Lab.Charts()
		if !c.Active || !c.Stage || len(whyCharts(c)) != 2 {
			t.Fatalf("%s step %d: charts %+v", h, step, c)
		}
		if c.Version == lastVer {
			t.Fatalf("%s step %d: the charts' version did not change", h, step)
		}
		lastVer = c.Version
		for _, ch := range whyCharts(c) {
			if err := ch.Validate(); err != nil {
				t.Fatalf("%s: %v", h, err)
			}
			for _, se := range ch.Series {
				if len(se.Y) != step+1 {
					t.Fatalf("%s step %d: chart %s series %s has %d points", h, step, ch.ID, se.Label, len(se.Y))
				}
			}
		}
		ov, ok := chartByID(c, "why-overlap")
		if !ok {
			t.Fatalf("%s: no overlap chart", h)
		}
		var labels []string
		for _, se := range ov.Series {
			labels = append(labels, se.Label)
		}
		if step == 0 {
			firstLabels = labels
		} else if fmt.Sprint(labels) != fmt.Sprint(firstLabels) {
			t.Fatalf("%s step %d: the overlap lines changed from %q to %q", h, step, firstLabels, labels)
		}
		target, ok := seriesByLabel(ov, fmt.Sprintf("#%d (target)", sum["target"]))
		if !ok {
			t.Fatalf("%s: no target series in %+v", h, ov.Series)
		}
		if step == 0 {
			want := 1 - float64(sum["cueErrors"].(int))/float64(l.shape.K)
			if math.Abs(target.Y[0]-want) > 1e-12 {
				t.Fatalf("%s: overlap of the cue %g, want %g", h, target.Y[0], want)
			}
		}
		en, hasE := chartByID(c, "why-energy")
		_, hasM := chartByID(c, "why-margins")
		if hasE != energy || hasM == energy {
			t.Fatalf("%s: energy chart %v, margin chart %v; the rule has an energy: %v", h, hasE, hasM, energy)
		}
		if energy {
			e := en.Series[0].Y[step]
			if e != sum["whyEnergy"].(float64) {
				t.Fatalf("%s step %d: chart energy %g, summary %v", h, step, e, sum["whyEnergy"])
			}
			// The log rules round supports in float32 (memory doc).
			if e > prevE+1e-3*max(1, math.Abs(prevE)) {
				t.Fatalf("%s step %d: energy rose from %g to %g", h, step, prevE, e)
			}
			prevE = e
		} else if sum["whyEnergy"] != nil {
			t.Fatalf("%s: an asymmetric rule reports an energy %v", h, sum["whyEnergy"])
		}
		if !s.Lab.Step() {
			// The end: the target's line ends at the lab's overlap.
			if got, want := math.Round(target.Y[step]*1000)/1000, sum["overlap"].(float64); got != want || step != sum["steps"].(int) {
				t.Fatalf("%s: the target's overlap ends at %g after %d steps, the lab reports %g after %v", h, got, step, want, sum["steps"])
			}
			return
		}
	}
}

// TestWhyOnlyInWhyView: the playground shows no why charts with another
// fourth view (only the capacity meter's), and the Experiments screen keeps
// its own.
func TestWhyOnlyInWhyView(t *testing.T) {
	s := open(t, "v=1&wview=support")
	if c := s.Lab.Charts(); len(whyCharts(c)) != 0 || len(c.Charts) != 1 {
		t.Fatalf("support view shows charts: %+v", c)
	}
	if _, ok := s.State().Summary["whyEnergy"]; ok {
		t.Fatal("support view reports why fields")
	}
	before := s.Lab.Charts().Version
	s.SetConfig(map[string]any{"wview": "why"})
	c := s.Lab.Charts()
	if !c.Active || c.Version == before || len(whyCharts(c)) != 2 {
		t.Fatalf("why view: charts %+v (version before %d)", c, before)
	}
	s.SetConfig(map[string]any{"wview": "weights"})
	if c2 := s.Lab.Charts(); len(whyCharts(c2)) != 0 || c2.Version == c.Version {
		t.Fatalf("back to weights: charts %+v", c2)
	}
}

// TestWhyClickInspects: in the why view, a click on the recall view chooses
// the inspected unit, whose split the caption and the summary then show.
func TestWhyClickInspects(t *testing.T) {
	s := open(t, "v=1&wview=why&unit=0&autoplay=0")
	l := s.Lab.(*Lab)
	l.Views()
	r := l.recGrid.CellRect(37)
	if !s.Click(viewRecall, r.Min.X+1, r.Min.Y+1) {
		t.Fatal("click on the recall view not taken")
	}
	if got := s.Values().Int("unit"); got != 37 {
		t.Fatalf("unit = %d after clicking unit 37", got)
	}
	if u := s.State().Summary["whyUnit"]; u != 37 {
		t.Fatalf("summary inspects %v", u)
	}
	if cap := s.Lab.Views()[3].Caption[1].Text; !strings.HasPrefix(cap, "Unit 37 (row 3): ") {
		t.Fatalf("caption %q", cap)
	}
}

// TestWhyTwoCycleOnScreen plays the synchronous 2-cycle of memory's
// TestSyncTwoCycle in the lab: it cannot be made from a link, so the test
// stores the two patterns by hand. The Lyapunov line stays flat at −0.5 once
// in the cycle, and every state of the cycle ({0,2}, {1,3}) is half of
// each memory: a mixture, never a stored pattern.
func TestWhyTwoCycleOnScreen(t *testing.T) {
	s := open(t, "v=1&rule=hebb&H=2&M=2&npat=2&nflip=0&target=0&niter=6&wview=why&autoplay=0")
	l := s.Lab.(*Lab)
	// Replace the random patterns by {0,3} and {1,2} and cue {0,2}.
	l.counts.Reset()
	l.pats = l.pats[:0]
	for _, p := range [][]int32{{0, 3}, {1, 2}} {
		l.counts.Add(p)
		l.pats = append(l.pats, p)
	}
	w, err := memory.Derive(l.weights, l.counts, l.shape, memory.Hebb, memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.weights = w
	l.weightsVer++
	l.target = l.pats[0]
	l.cueNow = []int32{0, 2}
	l.recall()
	for l.Step() {
	}
	c := l.Charts()
	en, _ := chartByID(c, "why-energy")
	ys := en.Series[0].Y
	if len(ys) != 7 || ys[0] != 0 {
		t.Fatalf("V trace %v: want E(cue) = 0 then 6 iterations", ys)
	}
	for _, y := range ys[1:] {
		if y != -0.5 {
			t.Fatalf("V trace %v: want −0.5 on the cycle", ys)
		}
	}
	ov, _ := chartByID(c, "why-overlap")
	a := ov.Series[0].Y
	b := ov.Series[1].Y
	if fmt.Sprint(a) != "[0.5 0.5 0.5 0.5 0.5 0.5 0.5]" || fmt.Sprint(b) != fmt.Sprint(a) || l.res.Converged {
		t.Fatalf("overlaps %v and %v, converged %v: want ½ with both memories throughout, no fixed point", a, b, l.res.Converged)
	}
}

// TestWhyRandomConfigurations opens the why view for random configurations
// (every rule, both nets at their edges, both modes, many stored patterns,
// edited cues of any size in K-of-N nets, including an empty one that recall
// refuses) and plays each recall: nothing panics, the charts stay well
// formed, and the split of the inspected unit always adds up.
func TestWhyRandomConfigurations(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	nets := []string{"kind=modular&H=1&M=2", "kind=modular&H=7&M=3", "kind=modular&H=12&M=20", "kind=kofn&N=5&K=4", "kind=kofn&N=30&K=1", "kind=kofn&N=64&K=8", "pset=letters", "pset=drawn"}
	for k := range 150 {
		rule := memory.Rules[r.IntN(len(memory.Rules))].ID
		net := nets[r.IntN(len(nets))]
		mode := "storage"
		if r.IntN(3) == 0 {
			mode = fmt.Sprintf("prototype&ninst=%d&nflip_train=%d", 1+r.IntN(6), r.IntN(2))
		}
		upd := []string{"sync", "async"}[r.IntN(2)]
		ties := []string{"lowest", "random"}[r.IntN(2)]
		h := fmt.Sprintf("v=1&rule=%s&%s&mode=%s&npat=%d&nflip=%d&update=%s&ties=%s&seed=%d&unit=%d&wview=why&autoplay=0",
			rule, net, mode, 1+r.IntN(80), r.IntN(4), upd, ties, k, r.IntN(400))
		s := open(t, h)
		l := s.Lab.(*Lab)
		if l.shape.Kind == pattern.KofN {
			for range r.IntN(12) {
				l.editCue(r.IntN(l.shape.N))
			}
			if r.IntN(4) == 0 {
				for _, u := range slices.Clone(l.cueNow) {
					l.editCue(int(u))
				}
			}
		}
		for {
			s.Lab.Views()
			sum := s.State().Summary
			if sp, sg, xt := sum["whySupport"].(float64), sum["whySignal"].(float64), sum["whyCrosstalk"].(float64); math.Abs(sp-(sg+xt)) > 1e-9*max(1, math.Abs(sp)) {
				t.Fatalf("%s: support %g ≠ %g + %g", h, sp, sg, xt)
			}
			for _, ch := range s.Lab.Charts().Charts {
				if err := ch.Validate(); err != nil {
					t.Fatalf("%s: %v", h, err)
				}
			}
			if !s.Lab.Step() {
				break
			}
		}
	}
}
