package dopaminelab

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
)

// open returns a session of the lab with the given hash (after "lab=dopamine&").
func open(t *testing.T, hash string) (*lab.Session, *Lab) {
	t.Helper()
	s, err := lab.Open("lab=dopamine&" + hash)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notices()) > 0 {
		t.Fatalf("notices opening %q: %v", hash, s.Notices())
	}
	l := s.Lab.(*Lab)
	l.every = 0 // hand out work at once: the tests drive it by hand
	return s, l
}

func TestTableDefaultsMatchCore(t *testing.T) {
	v := Table().Defaults()
	for _, task := range dopamine.Tasks {
		v.SetChoice("task", string(task))
		su, err := setupOf(v)
		if err != nil {
			t.Fatal(err)
		}
		want := dopamine.DefaultConfig(task)
		if su.cfg != want {
			t.Errorf("%s: defaults give %+v, want the core's %+v", task, su.cfg, want)
		}
		if len(su.methods) != 4 || su.seed != 1 {
			t.Errorf("%s: methods %v seed %d", task, su.methods, su.seed)
		}
	}
	// Every parameter named in the code exists (Get panics otherwise).
	for _, name := range []string{"task", "sigma", "K", "beta", "rmax", "baseline_first", "seed", "horizon", "speed", "autoplay"} {
		if !v.Has(name) {
			t.Errorf("no parameter %s", name)
		}
	}
	for name := range restartFree {
		if !v.Has(name) {
			t.Errorf("restartFree names no parameter %s", name)
		}
	}
}

func TestConfigureStepViews(t *testing.T) {
	for _, task := range []string{"xor", "mackey-glass"} {
		t.Run(task, func(t *testing.T) {
			s, l := open(t, "task="+task+"&spf_xor=20&spf_mg=2&autoplay=0")
			if l.Steps() != 0 || s.Playing() {
				t.Fatalf("a fresh run is at step %d, playing %v", l.Steps(), s.Playing())
			}
			before := l.group.Trainers()[0].Loss()
			for i := 0; i < 10; i++ {
				s.Do(lab.ActStep)
				pump(t, l)
			}
			want := 200
			if task == "mackey-glass" {
				want = 20
			}
			if l.Steps() != want {
				t.Fatalf("10 steps of the session made %d updates, want %d", l.Steps(), want)
			}
			for _, tr := range l.group.Trainers() {
				if tr.Steps() != want {
					t.Errorf("%s made %d updates", tr.Method(), tr.Steps())
				}
			}
			if after := l.group.Trainers()[1].Loss(); !(after < before) {
				t.Errorf("Adam's loss went from %g to %g", before, after)
			}
			views := l.Views()
			if task == "xor" {
				if len(views) != 1 || views[0].ID != viewSurface || views[0].Title == "" || views[0].Version == 0 || len(views[0].Legend) == 0 {
					t.Fatalf("views %+v: want the surface", views)
				}
				assertNotBlank(t, views[0])
				ver := views[0].Version
				if l.Views()[0].Version != ver {
					t.Error("surface redrawn without a change")
				}
				s.Do(lab.ActStep)
				pump(t, l)
				if l.Views()[0].Version == ver {
					t.Error("surface not redrawn after a step")
				}
			} else if len(views) != 0 {
				t.Fatalf("Mackey–Glass shows %d pixel views, want none (its forecast is a chart)", len(views))
			}
			c := l.Charts()
			wantIDs := "loss rpe rate"
			if task == "mackey-glass" {
				wantIDs = "loss forecast rpe rate"
			}
			if got := chartIDs(c); got != wantIDs || !c.Active || c.Stage != (task == "xor") {
				t.Fatalf("charts %q (active %v, stage %v), want %q", got, c.Active, c.Stage, wantIDs)
			}
			checkCharts(t, l, c)
			if l.Charts().Version != c.Version {
				t.Error("charts rebuilt without a change")
			}
			s.Do(lab.ActStep)
			pump(t, l)
			if c2 := l.Charts(); c2.Version == c.Version {
				t.Error("charts not rebuilt after a step")
			} else {
				checkCharts(t, l, c2)
			}
			// Reset goes back to the initial weights.
			s.Do(lab.ActReset)
			if l.Steps() != 0 || l.group.Trainers()[0].Loss() != before {
				t.Errorf("reset: step %d, loss %g, want 0, %g", l.Steps(), l.group.Trainers()[0].Loss(), before)
			}
			sum := s.State().Summary
			if sum["step"] != 0 || sum["task"] != task {
				t.Errorf("summary %v", sum)
			}
			if _, ok := sum["dopamine"].(map[string]any); !ok {
				t.Errorf("summary has no dopamine entry: %v", sum)
			}
		})
	}
}

// chartIDs lists the charts' ids.
func chartIDs(c lab.Charts) string {
	var ids []string
	for _, ch := range c.Charts {
		ids = append(ids, ch.ID)
	}
	return strings.Join(ids, " ")
}

// checkCharts checks that every chart validates and carries the main
// parameters, and that the loss chart holds each trainer's trace exactly.
func checkCharts(t *testing.T, l *Lab, c lab.Charts) {
	t.Helper()
	for _, ch := range c.Charts {
		if err := ch.Validate(); err != nil {
			t.Error(err)
		}
		if !strings.Contains(ch.Params, "Seed = ") {
			t.Errorf("chart %s: params %q lack the seed", ch.ID, ch.Params)
		}
		if ch.ID != chartLoss {
			continue
		}
		ts := l.group.Trainers()
		if len(ch.Series) != len(ts) || len(ch.Refs) != 1 || ch.Refs[0].Value != l.setup.cfg.Target {
			t.Fatalf("loss chart: %d series for %d trainers, refs %v", len(ch.Series), len(ts), ch.Refs)
		}
		for i, tr := range ts {
			s, pts := ch.Series[i], tr.Trace()
			if s.Label != methodNames[tr.Method()] || s.Color != lab.Palette["method/"+string(tr.Method())] || len(s.Y) != len(pts) {
				t.Fatalf("loss series %d: %q %s, %d points, want %s with %d", i, s.Label, s.Color, len(s.Y), tr.Method(), len(pts))
			}
			for k, p := range pts {
				if s.X[k] != float64(p.Step) || s.Y[k] != p.Loss {
					t.Fatalf("loss series %s point %d: (%g, %g), want (%d, %g)", s.Label, k, s.X[k], s.Y[k], p.Step, p.Loss)
				}
			}
			if last := pts[len(pts)-1]; last.Step != l.Steps() || last.Loss != tr.Loss() {
				t.Errorf("loss series %s ends at step %d loss %g, the trainer at %d, %g", s.Label, last.Step, last.Loss, l.Steps(), tr.Loss())
			}
		}
	}
}

// assertNotBlank checks that a view's picture has a fair share of drawn
// pixels in several colours.
func assertNotBlank(t *testing.T, v lab.View) {
	t.Helper()
	b := v.Img.Bounds()
	colours := map[[3]uint8]bool{}
	drawn := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := v.Img.RGBAAt(x, y)
			colours[[3]uint8{c.R, c.G, c.B}] = true
			if c != lab.ColBackground {
				drawn++
			}
		}
	}
	if len(colours) < 8 || drawn < b.Dx()*b.Dy()/50 {
		t.Errorf("view %s looks blank: %d colours, %d drawn pixels", v.ID, len(colours), drawn)
	}
}

func TestViewsChoice(t *testing.T) {
	s, l := open(t, "autoplay=0")
	s.Do(lab.ActStep)
	pump(t, l)
	for _, tc := range []struct{ show, ids string }{
		{"loss", "loss"}, {"loss_task", "loss | surface"}, {"rpe_rate", "rpe rate"}, {"all", "loss rpe rate | surface"},
	} {
		s.SetConfig(map[string]any{"views": tc.show})
		if l.Steps() == 0 {
			t.Fatal("choosing the views restarted the run")
		}
		ids := []string{chartIDs(l.Charts())}
		for _, v := range l.Views() {
			ids = append(ids, v.ID)
			assertNotBlank(t, v)
		}
		if strings.Join(ids, " | ") != tc.ids {
			t.Errorf("views=%s shows %v", tc.show, ids)
		}
	}
}

func TestRunEndsAtBudget(t *testing.T) {
	s, l := open(t, "steps_xor=100&spf_xor=30&autoplay=0")
	n := 0
	for step(t, l) {
		n++
	}
	if l.Steps() != 100 || n != 4 {
		t.Fatalf("run ended at step %d after %d slices, want 100 after 4", l.Steps(), n)
	}
	// Raising the budget continues the run instead of restarting it.
	s.SetConfig(map[string]any{"steps_xor": 200.0, "spf_xor": 50.0})
	if l.Steps() != 100 {
		t.Fatalf("raising the budget restarted the run (step %d)", l.Steps())
	}
	s.Do(lab.ActStep)
	pump(t, l)
	if l.Steps() != 150 {
		t.Fatalf("after one more slice: step %d, want 150", l.Steps())
	}
	// A change of the science restarts it.
	s.SetConfig(map[string]any{"sigma": 0.02})
	if l.Steps() != 0 {
		t.Fatalf("a new sigma kept the run (step %d)", l.Steps())
	}
}

// TestDeterminism: the same seed gives the same traces (also when the
// slices are cut differently); another seed gives others.
func TestDeterminism(t *testing.T) {
	run := func(hash string, slices int) *Lab {
		_, l := open(t, hash)
		for i := 0; i < slices; i++ {
			step(t, l)
		}
		return l
	}
	a := run("seed=7&spf_xor=30&autoplay=0", 10)
	b := run("seed=7&spf_xor=50&autoplay=0", 6)
	c := run("seed=8&spf_xor=30&autoplay=0", 10)
	for i, ta := range a.group.Trainers() {
		tb, tc := b.group.Trainers()[i], c.group.Trainers()[i]
		pa, pb := ta.Trace(), tb.Trace()
		if len(pa) != len(pb) || len(pa) != 301 {
			t.Fatalf("%s: trace lengths %d, %d", ta.Method(), len(pa), len(pb))
		}
		for k := range pa {
			if pa[k] != pb[k] {
				t.Fatalf("%s: traces differ at %d: %+v vs %+v", ta.Method(), k, pa[k], pb[k])
			}
		}
		if ta.Loss() == tc.Loss() {
			t.Errorf("%s: seeds 7 and 8 end at the same loss %g", ta.Method(), ta.Loss())
		}
	}
	if len(a.base) != len(b.base) || len(a.base) != 300 {
		t.Fatalf("baseline records %d, %d", len(a.base), len(b.base))
	}
	for k := range a.base {
		if a.base[k] != b.base[k] {
			t.Fatalf("baselines differ at %d", k)
		}
	}
}

// TestBaselineRecord: the recorded baseline follows the trace's thinning and
// matches Dopamine's own baseline at the last step.
func TestBaselineRecord(t *testing.T) {
	_, l := open(t, "spf_xor=500&steps_xor=5000&autoplay=0")
	for step(t, l) {
	}
	var dop *dopamine.Trainer
	for _, tr := range l.group.Trainers() {
		if tr.Method() == dopamine.Dopamine {
			dop = tr
		}
	}
	st := dop.Stride()
	if st < 4 || len(dop.Trace()) > TraceLimit {
		t.Fatalf("stride %d, %d trace points", st, len(dop.Trace()))
	}
	for _, b := range l.base {
		if b.step%st != 0 {
			t.Fatalf("baseline kept at step %d, stride %d", b.step, st)
		}
	}
	last := l.base[len(l.base)-1]
	if last.step != 5000/st*st || !(last.v > 0) {
		t.Errorf("last baseline %+v (stride %d)", last, st)
	}
	// Recorded as it was: one more step moves the baseline on.
	_, l2 := open(t, "spf_xor=1&autoplay=0")
	step(t, l2)
	g, _ := dopamine.NewGroup(l2.setup.cfg, l2.setup.methods)
	g.Init(l2.setup.seed)
	g.Step(1)
	if b := l2.base[len(l2.base)-1]; b.step != 1 || b.v != baselineOf(g.Trainers()[3]) {
		t.Errorf("baseline after one step %+v, optimizer's %g", b, baselineOf(g.Trainers()[3]))
	}
	if len(l.base) != len(dop.Trace())-1 {
		t.Errorf("%d baselines for %d trace points", len(l.base), len(dop.Trace()))
	}
}

func TestTargetReached(t *testing.T) {
	s, l := open(t, "spf_xor=500&autoplay=0")
	for step(t, l) {
	}
	sum := s.State().Summary
	adam := sum["adam"].(map[string]any)
	if adam["reached"] != true || adam["stepsToTarget"].(int) <= 0 || adam["backwardToTarget"].(int) <= 0 {
		t.Errorf("Adam did not reach the XOR target: %v", adam)
	}
	if wp := sum["wp"].(map[string]any); wp["backward"] != 0 || wp["memory"].(int) <= 0 {
		t.Errorf("WP counted backward passes or no memory: %v", wp)
	}
	if !strings.Contains(s.State().SummaryText, "target at step") {
		t.Errorf("summary text %q", s.State().SummaryText)
	}
}

func TestParamsRoundTrip(t *testing.T) {
	hash := "task=mackey-glass&hidden_mg=6&target_mg=0.002&show_sgd=0&lr_adam_mg=0.02&sigma=0.005&K=3&lr_wp_mg=0.03&eta0_mg=0.03&beta=0.8&rmax=3.5&baseline_first=1&seed=42&steps_mg=2000&spf_mg=3&horizon=120&speed=30&autoplay=0"
	s, l := open(t, hash)
	got := s.Hash()
	if !strings.HasPrefix(got, "v=1&lab=dopamine&") {
		t.Fatalf("hash %q", got)
	}
	for _, kv := range strings.Split(hash, "&") {
		if !strings.Contains("&"+got+"&", "&"+kv+"&") {
			t.Errorf("hash %q lost %q", got, kv)
		}
	}
	s2, l2 := open(t, strings.TrimPrefix(got, "v=1&lab=dopamine&"))
	if !s2.Values().Equal(s.Values()) || s2.Hash() != got {
		t.Fatalf("reopening %q gave %q", got, s2.Hash())
	}
	if l.setup.cfg != l2.setup.cfg || l2.setup.cfg.Hidden != 6 || l2.setup.cfg.Perturbations != 3 || !l2.setup.cfg.BaselineFirst || l2.setup.cfg.Eta0 != 0.03 {
		t.Errorf("config %+v", l2.setup.cfg)
	}
	if len(l2.setup.methods) != 3 || l2.setup.methods[0] != dopamine.Adam {
		t.Errorf("methods %v", l2.setup.methods)
	}
	// Switching the task keeps each task's own settings.
	s2.SetConfig(map[string]any{"task": "xor"})
	if c := s2.Lab.(*Lab).setup.cfg; c.Hidden != 4 || c.SGDRate != 10 {
		t.Errorf("XOR after switching: %+v", c)
	}
	s2.SetConfig(map[string]any{"task": "mackey-glass"})
	if c := s2.Lab.(*Lab).setup.cfg; c.Hidden != 6 {
		t.Errorf("Mackey–Glass after switching back: %+v", c)
	}
}

func TestConstraintsAndActions(t *testing.T) {
	s, l := open(t, "autoplay=0")
	notes := s.SetConfig(map[string]any{"show_sgd": false, "show_adam": false, "show_wp": false, "show_dopamine": false})
	if len(l.setup.methods) != 1 || l.setup.methods[0] != dopamine.Dopamine || len(notes) == 0 {
		t.Errorf("hiding every optimizer: methods %v, notes %v", l.setup.methods, notes)
	}
	if err := s.Do("equalrates"); err != nil {
		t.Fatal(err)
	}
	if v := s.Values(); v.Float("eta0_xor") != v.Float("lr_wp_xor") {
		t.Errorf("equal rates: η₀ %g, WP η %g", v.Float("eta0_xor"), v.Float("lr_wp_xor"))
	}
	seed := s.Values().Int("seed")
	s.Do("newseed")
	if s.Values().Int("seed") != seed+1 {
		t.Error("new seed")
	}
	if err := s.Do("nope"); err == nil {
		t.Error("unknown action accepted")
	}
	// Views still draw with one optimizer (the RPE view of Dopamine alone).
	s.Do(lab.ActStep)
	pump(t, l)
	for _, v := range l.Views() {
		assertNotBlank(t, v)
	}
	// Without Dopamine, the RPE and rate charts explain themselves.
	s.SetConfig(map[string]any{"show_sgd": true, "show_dopamine": false})
	s.Do(lab.ActStep)
	pump(t, l)
	for _, ch := range l.Charts().Charts {
		if (ch.ID == chartRPE || ch.ID == chartRate) && (len(ch.Series) != 0 || !strings.HasPrefix(ch.Note, "Show ")) {
			t.Errorf("chart %s of SGD alone: %d series, note %q", ch.ID, len(ch.Series), ch.Note)
		}
	}
}

func TestAboutAndSchema(t *testing.T) {
	s, _ := open(t, "")
	sc := s.Schema()
	if !strings.Contains(sc.About, "our reading of the abstract") {
		t.Errorf("help text %q", sc.About)
	}
	found := false
	for _, in := range sc.LabList {
		found = found || in.ID == ID && in.Title != ""
	}
	if !found {
		t.Errorf("lab list %v", sc.LabList)
	}
	for _, p := range sc.Params {
		if p.Help == "" || p.Label == "" {
			t.Errorf("parameter %s lacks a label or help", p.Name)
		}
	}
}

func TestUnknownValues(t *testing.T) {
	s, err := lab.Open("lab=dopamine&task=sudoku&hidden_xor=9999&sigma=-1")
	if err != nil {
		t.Fatal(err)
	}
	v := s.Values()
	if v.Choice("task") != "xor" || v.Int("hidden_xor") != maxHidden || v.Float("sigma") != 0.0001 || len(s.Notices()) < 3 {
		t.Errorf("values %v, notices %v", v.Map(), s.Notices())
	}
}

// TestPictures writes the views as PNG files when DOPAMINE_PNG names a
// directory (to look at them).
func TestPictures(t *testing.T) {
	dir := os.Getenv("DOPAMINE_PNG")
	if dir == "" {
		t.Skip("set DOPAMINE_PNG=<dir> to write the pictures")
	}
	for _, task := range []string{"xor", "mackey-glass"} {
		_, l := open(t, "task="+task+"&spf_xor=30&spf_mg=10&autoplay=0")
		for i := 0; i < 40; i++ {
			step(t, l)
		}
		for _, v := range l.Views() {
			f, err := os.Create(filepath.Join(dir, task+"-"+v.ID+".png"))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, v.Img)
			f.Close()
		}
	}
}

func BenchmarkViews(b *testing.B) {
	for _, task := range []string{"xor", "mackey-glass"} {
		b.Run(task, func(b *testing.B) {
			s, err := lab.Open("lab=dopamine&autoplay=0&task=" + task)
			if err != nil {
				b.Fatal(err)
			}
			l := s.Lab.(*Lab)
			l.every = 0
			for i := 0; i < 100; i++ {
				step(b, l)
			}
			for b.Loop() {
				l.dirty = true
				l.Views()
			}
		})
	}
}

// BenchmarkCharts measures building the charts after a change (what the
// frame's tick pays at most every 200 ms while the lab trains).
func BenchmarkCharts(b *testing.B) {
	for _, task := range []string{"xor", "mackey-glass"} {
		b.Run(task, func(b *testing.B) {
			s, err := lab.Open("lab=dopamine&autoplay=0&task=" + task)
			if err != nil {
				b.Fatal(err)
			}
			l := s.Lab.(*Lab)
			for i := 0; i < 100; i++ {
				step(b, l)
			}
			for b.Loop() {
				l.draw.chartVer = 0 // force a rebuild
				l.Charts()
			}
		})
	}
}
