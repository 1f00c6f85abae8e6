package memorylab

import (
	"context"
	"strings"
	"testing"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Storing more keeps the pattern being watched: with a random target (−1)
// the pattern the cue number picked (at the default link: #0) stays cued,
// instead of jumping to the newest pattern.
func TestStoreMoreKeepsWatchedPattern(t *testing.T) {
	s := open(t, "v=1&npat=12&autoplay=0")
	watched := s.State().Summary["target"].(int)
	if watched == 11 {
		t.Fatalf("the default link picks the last pattern: the test cannot tell the difference")
	}
	for k, act := range []string{"store", "store", "store10"} {
		if err := s.Do(act); err != nil {
			t.Fatal(err)
		}
		if got := s.State().Summary["target"].(int); got != watched {
			t.Fatalf("after %s (%d): pattern #%d is cued, want #%d", act, k+1, got, watched)
		}
	}
	if got := s.Values().Int("npat"); got != 24 {
		t.Fatalf("npat = %d after 1+1+10 more, want 24", got)
	}
}

// measure runs the lab's background work (the meter) as the page's
// workers would, and returns the meter's score at the current P.
func measure(t *testing.T, s *lab.Session, pool *lab.Pool) experiment.Score {
	t.Helper()
	if _, err := pool.Run(s.Lab, 0); err != nil {
		t.Fatal(err)
	}
	l := s.Lab.(*Lab)
	sc, ok := l.meterScore()
	if !ok {
		t.Fatalf("the meter measured nothing: %s", l.meterText())
	}
	return sc
}

// The meter is the storage experiment's fcorr at P = npat for one
// repetition (the native command's number), and it measures the patterns on
// screen: recomputed here from the lab's own stored patterns and weights with
// the experiment's cue draws, the count agrees.
func TestMeterEqualsExperiment(t *testing.T) {
	for _, h := range []string{
		"v=1&npat=60&nflip=3&seed=4&rule=bcpnn",
		"v=1&npat=25&nflip=4&seed=2&rule=willshaw&H=8&M=8",
		"v=1&npat=30&nflip=2&seed=3&rule=hebb&kind=kofn&N=64&K=6&update=async&ties=random",
	} {
		s := open(t, h+"&autoplay=0")
		got := measure(t, s, &lab.Pool{Workers: 2})
		v := s.Values()
		cfg, _, err := meterConfig(v)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Rules = []memory.Rule{memory.Rule(v.Choice("rule"))}
		pts, err := experiment.Curve(context.Background(), cfg, experiment.Storage, []int{v.Int("npat")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != 1 || pts[0].Fraction != got.Fraction() {
			t.Fatalf("%s: meter %d/%d = %v, experiment %+v", h, got.Correct, got.Tests, got.Fraction(), pts)
		}
		if got.Tests != v.Int("npat") {
			t.Fatalf("%s: %d cues for %d stored patterns", h, got.Tests, v.Int("npat"))
		}
		// The same count from the lab's own patterns and network.
		l := s.Lab.(*Lab)
		P := len(l.pats)
		r := pattern.NewRand(cfg.Seed, 2, 0, uint64(P)) // core/experiment's cue stream of (rep 0, P)
		opt := memory.RecallOptions{Niter: cfg.Niter, Async: cfg.Async, Ties: cfg.Ties, Rand: r}
		correct := 0
		var cue pattern.Pattern
		for k, f := range pattern.FlipCounts(r, P, cfg.Nflip) {
			cue = pattern.Distort(cue, r, l.shape, l.pats[k], f)
			res, err := l.net.Recall(cue, opt)
			if err != nil {
				t.Fatal(err)
			}
			if pattern.Equal(res.Final, l.pats[k]) {
				correct++
			}
		}
		if correct != got.Correct {
			t.Fatalf("%s: the lab's own patterns give %d of %d, the meter %d", h, correct, P, got.Correct)
		}
		if got.Correct == 0 || got.Correct == P {
			t.Errorf("%s: %d of %d: choose a configuration between the extremes", h, got.Correct, P)
		}
		if false {
			t.Logf("%s: %d of %d (a less telling configuration)", h, got.Correct, P)
		}
	}
}

// Storing more and measuring again in the same workers (which add only the
// new patterns to their counts) gives what a fresh link measures, and the
// earlier measurement stays on the curve.
func TestMeterIncrementalEqualsFresh(t *testing.T) {
	for _, mode := range []string{"storage", "prototype&ninst=3&nflip_train=1.5"} {
		h := "v=1&npat=40&nflip=3&seed=6&autoplay=0&mode=" + mode
		s := open(t, h)
		pool := &lab.Pool{Workers: 2}
		first := measure(t, s, pool)
		if err := s.Do("store10"); err != nil {
			t.Fatal(err)
		}
		inc := measure(t, s, pool)
		fresh := open(t, s.Hash())
		want := measure(t, fresh, &lab.Pool{Workers: 1})
		if inc != want {
			t.Fatalf("%s: after Store 10 more %+v, a fresh link %+v", mode, inc, want)
		}
		ps, sc := s.Lab.(*Lab).curve(s.Values().Choice("rule"))
		if len(ps) != 2 || ps[0] != 40 || ps[1] != 50 || sc[0] != first {
			t.Fatalf("%s: curve %v %v", mode, ps, sc)
		}
	}
}

// "Fill to the limit" stores more until fewer than 90% are recalled: the
// last point is below 90%, the one before at or above, the watched pattern
// never changes, and any other change stops it.
func TestFillToTheLimit(t *testing.T) {
	s := open(t, "v=1&H=6&M=6&npat=5&nflip=1&rule=willshaw&autoplay=0")
	l := s.Lab.(*Lab)
	watched := s.State().Summary["target"].(int)
	pool := &lab.Pool{Workers: 2}
	if err := s.Do("fill"); err != nil {
		t.Fatal(err)
	}
	for i := 0; l.meter.filling; i++ {
		if i > 1000 {
			t.Fatal("the fill does not end")
		}
		if _, err := pool.Run(l, 0); err != nil {
			t.Fatal(err)
		}
		s.Tick(fillPause)
	}
	ps, sc := l.curve("willshaw")
	n := len(ps)
	if n < 3 || ps[n-1] != s.Values().Int("npat") {
		t.Fatalf("curve %v, npat %d", ps, s.Values().Int("npat"))
	}
	if sc[n-1].Fraction() >= experiment.Threshold || sc[n-2].Fraction() < experiment.Threshold {
		t.Fatalf("the fill stopped at P = %d with %v (before: %v)", ps[n-1], sc[n-1].Fraction(), sc[n-2].Fraction())
	}
	if got := s.State().Summary["target"].(int); got != watched {
		t.Fatalf("the fill moved the watched pattern from #%d to #%d", watched, got)
	}
	if _, ok := crossing(ps, sc); !ok {
		t.Fatal("no P90 marked on a curve that crosses 90%")
	}
	// Any other change stops a fill.
	s.Do("fill")
	if !l.meter.filling {
		t.Fatal("the fill did not start again")
	}
	s.SetConfig(map[string]any{"niter": 10.0})
	if l.meter.filling {
		t.Fatal("a change of niter did not stop the fill")
	}
}

// A measurement abandoned with its workers (the Experiments screen ran
// meanwhile) is handed out again back on the playground, instead of being
// waited for forever.
func TestMeterSurvivesExperimentsScreen(t *testing.T) {
	s := open(t, "v=1&npat=20&autoplay=0")
	l := s.Lab.(*Lab)
	if w, ok := l.NextWork(2); !ok || w.ID < meterIDBase {
		t.Fatalf("no meter batch: %+v", w)
	}
	s.SetConfig(map[string]any{"screen": "experiments", "exp_reps": 1.0, "exp_rules": "hebb"})
	if w, ok := l.NextWork(2); !ok || w.ID >= meterIDBase {
		t.Fatalf("the Experiments screen's work: %+v, %v", w, ok)
	}
	s.SetConfig(map[string]any{"screen": "playground"})
	if !l.Charts().Running {
		t.Fatal("the meter has nothing measured but does not say it runs")
	}
	if _, err := (&lab.Pool{Workers: 2}).Run(l, 0); err != nil {
		t.Fatal(err)
	}
	if sc, ok := l.meterScore(); !ok || sc.Tests != 20 {
		t.Fatalf("back on the playground the meter measured %+v, %v", sc, ok)
	}
}

func TestNiceCeil(t *testing.T) {
	for x, want := range map[float64]float64{10: 10, 13: 15, 29.2: 30, 66: 70, 99: 100, 101: 150, 1953: 2000, 2100: 2500} {
		if got := niceCeil(x); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", x, got, want)
		}
	}
}

// More patterns than the experiment measures (MaxPFactor·N) give a clear
// message instead of a measurement; fewer measure again.
func TestMeterLimit(t *testing.T) {
	s := open(t, "v=1&H=2&M=2&npat=300&nflip=1&autoplay=0")
	l := s.Lab.(*Lab)
	if _, ok := l.NextWork(2); ok {
		t.Fatal("work handed out beyond the limit")
	}
	if txt := l.Charts().Status; !strings.Contains(txt, "at most") || l.Charts().Running {
		t.Fatalf("status %q, running %v", txt, l.Charts().Running)
	}
	s.SetConfig(map[string]any{"npat": 5.0})
	if !l.Charts().Running {
		t.Fatal("after lowering npat the meter does not ask for its workers")
	}
	if sc := measure(t, s, &lab.Pool{Workers: 1}); sc.Tests != 5 {
		t.Fatalf("after lowering npat: %+v", sc)
	}
}

// A fill the meter cannot measure (beyond its limit) stops at once.
func TestFillStopsWhenMeterCannotMeasure(t *testing.T) {
	s := open(t, "v=1&H=2&M=2&npat=300&nflip=1&autoplay=0")
	l := s.Lab.(*Lab)
	l.NextWork(2) // the meter finds the configuration beyond its limit
	s.Do("fill")
	s.Tick(fillPause)
	if l.meter.filling || s.Values().Int("npat") != 300 {
		t.Fatalf("filling %v, npat %d", l.meter.filling, s.Values().Int("npat"))
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		k, n int
		want string
	}{{11, 12, "92%"}, {999, 1000, "99.9%"}, {1000, 1000, "100%"}, {1, 1000, "0.1%"}, {0, 5, "0%"}, {1999, 2000, "99.95%"}, {19999, 20000, "99.995%"}, {1, 3000, "0.03%"}} {
		if got := percent(c.k, c.n); got != c.want {
			t.Errorf("percent(%d, %d) = %q, want %q", c.k, c.n, got, c.want)
		}
	}
}

// With two workers a large measurement is split by its cues, half to each
// worker, and the halves join into exactly the one-worker score (K = 7 and
// 20: float sums of overlaps that depend on their order); a recall that
// draws from the cue stream (async) is not split.
func TestMeterSplitEqualsOneWorker(t *testing.T) {
	for _, tc := range []struct {
		hash  string
		split bool
	}{
		{"v=1&npat=700&nflip=2&seed=3&rule=bcpnn&kind=kofn&N=300&K=7", true},
		{"v=1&npat=650&nflip=3&seed=5&rule=bcpnn&H=20&M=20", true},
		{"v=1&mode=prototype&npat=60&ninst=10&nflip=6&seed=2&rule=hebb&H=20&M=20", true},
		{"v=1&npat=700&nflip=2&seed=3&rule=bcpnn&kind=kofn&N=300&K=7&update=async", false},
	} {
		one := open(t, tc.hash+"&autoplay=0")
		want := measure(t, one, &lab.Pool{Workers: 1})
		two := open(t, tc.hash+"&autoplay=0")
		w, ok := two.Lab.NextWork(2)
		if !ok || w.ID < meterIDBase {
			t.Fatalf("%s: no meter work", tc.hash)
		}
		if split := w.Requests[1] != ""; split != tc.split {
			t.Fatalf("%s: split %v, want %v", tc.hash, split, tc.split)
		}
		two.Lab.(*Lab).meter.batch = 0 // hand it out again to the pool
		got := measure(t, two, &lab.Pool{Workers: 2})
		if got != want || want.Correct == 0 || want.Correct == want.Tests {
			t.Errorf("%s: two workers %+v, one %+v", tc.hash, got, want)
		}
	}
}
