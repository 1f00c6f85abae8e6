package dopaminelab

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/dopamine"
	"hebbplay/core/job"
	_ "hebbplay/core/jobs"
	"hebbplay/core/lab"
)

// pumpPool hands out and answers the lab's batches on p until it has none
// left, as the page's worker pool does (web/workers.js, web/worker.js).
func pumpPool(t testing.TB, l *Lab, p *lab.Pool) {
	t.Helper()
	if _, err := p.Run(l, 0); err != nil {
		t.Fatal(err)
	}
}

// pump runs the lab's pending work on one native worker.
func pump(t testing.TB, l *Lab) { pumpPool(t, l, &lab.Pool{Workers: 1}) }

// step asks for one lab step and runs its work, as playing does.
func step(t testing.TB, l *Lab) bool {
	ok := l.Step()
	pump(t, l)
	return ok
}

func baselineOf(t *dopamine.Trainer) float64 {
	if o, ok := t.Optimizer().(interface{ Baseline() float64 }); ok {
		return o.Baseline()
	}
	return math.NaN()
}

// TestTrainingRunsInAWorker: a step of the lab trains nothing on the
// page's thread; it hands out one unit of "dopamine.train" for the first
// worker, at most one at a time and at most one per SnapshotEvery.
func TestTrainingRunsInAWorker(t *testing.T) {
	s, l := open(t, "spf_xor=40&autoplay=0")
	l.every = SnapshotEvery
	s.Do(lab.ActStep)
	if l.Steps() != 0 || l.group.Trainers()[0].Steps() != 0 {
		t.Fatalf("a step trained on the lab's thread: %d", l.Steps())
	}
	if c := l.Charts(); !c.Running || c.Total != l.steps() {
		t.Fatalf("charts %+v: the frame would not hand out the work", c)
	}
	w, ok := l.NextWork(2)
	if !ok || w.Requests[1] != "" || w.Units[0] != 1 {
		t.Fatalf("work %+v", w)
	}
	var req struct {
		Kind  string
		Units []struct{ From, To int }
	}
	if err := json.Unmarshal([]byte(w.Requests[0]), &req); err != nil || req.Kind != "dopamine.train" || len(req.Units) != 1 || req.Units[0].From != 0 || req.Units[0].To != 40 {
		t.Fatalf("request %s (%v)", w.Requests[0], err)
	}
	s.Do(lab.ActStep)
	if _, ok := l.NextWork(2); ok {
		t.Fatal("a second unit went out while the first was out")
	}
	var jw job.Worker
	parts, _ := job.Split([]byte(w.Requests[0]))
	if err := l.FeedWork(w.ID, 0, 0, string(jw.Handle(parts[0]))); err != nil {
		t.Fatal(err)
	}
	if l.Steps() != 40 || l.group.Trainers()[2].Last().Step != 40 {
		t.Fatalf("after the snapshot: step %d", l.Steps())
	}
	if _, ok := l.NextWork(2); ok {
		t.Fatal("a unit went out sooner than SnapshotEvery after the last")
	}
	// A new configuration abandons the run: a new generation, and the old
	// unit's result is ignored.
	l.every = 0
	w, _ = l.NextWork(1)
	gen := l.WorkGen()
	s.SetConfig(map[string]any{"sigma": 0.02})
	if l.WorkGen() == gen || l.Charts().Running {
		t.Fatalf("a new configuration kept the work: generation %d → %d", gen, l.WorkGen())
	}
	parts, _ = job.Split([]byte(w.Requests[0]))
	if err := l.FeedWork(w.ID, 0, 0, string(jw.Handle(parts[0]))); err != nil || l.Steps() != 0 {
		t.Fatalf("a stale result was applied: step %d, %v", l.Steps(), err)
	}
	// A worker's error stops the run with the reason.
	s.Do(lab.ActStep)
	w, _ = l.NextWork(1)
	if err := l.FeedWork(w.ID, 0, 0, `{"error":"jobs: no memory"}`); err == nil || !strings.Contains(s.State().SummaryText, "jobs: no memory") {
		t.Errorf("error %v, summary %q", err, s.State().SummaryText)
	}
}

// TestAnyWorkersAnyCuts: the run's replica is the same for 1, 2 or 3
// workers and for any cut of the run into units (random steps per frame),
// and equal to a group trained natively.
func TestAnyWorkersAnyCuts(t *testing.T) {
	const end = 700
	native, _ := dopamine.NewGroup(dopamine.DefaultConfig(dopamine.XOR), dopamine.Methods)
	for _, tr := range native.Trainers() {
		tr.SetTraceLimit(TraceLimit)
	}
	native.Init(5)
	native.Step(end)
	r := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 3; n++ {
		s, l := open(t, "seed=5&steps_xor=700&autoplay=0")
		p := &lab.Pool{Workers: n}
		for l.Steps() < end {
			s.SetConfig(map[string]any{"spf_xor": float64(1 + r.IntN(150))})
			for i := r.IntN(3); i >= 0; i-- {
				l.Step()
			}
			pumpPool(t, l, p)
		}
		for i, tr := range l.group.Trainers() {
			nt := native.Trainers()[i]
			if !reflect.DeepEqual(tr.Trace(), nt.Trace()) || tr.Last() != nt.Last() || !reflect.DeepEqual(tr.Params(), nt.Params()) {
				t.Fatalf("%d workers: %s differs from native training", n, tr.Method())
			}
		}
		if b := l.base[len(l.base)-1]; b.step != end || b.v != baselineOf(native.Trainers()[3]) {
			t.Errorf("%d workers: last baseline %+v, native %g", n, b, baselineOf(native.Trainers()[3]))
		}
	}
}

// TestCompareSeeds: "Compare seeds" runs optimizers × seeds as parallel
// units; 1, 2 or 3 workers give the same summary, equal to training each
// pair natively, and the live run waits meanwhile.
func TestCompareSeeds(t *testing.T) {
	var want map[string]any
	for n := 1; n <= 3; n++ {
		s, l := open(t, "seed=3&steps_xor=600&autoplay=0&show_sgd=0")
		if err := s.Do("compare"); err != nil {
			t.Fatal(err)
		}
		if !l.cmp.comparing() || !l.Charts().Running {
			t.Fatal("no comparison running")
		}
		w, ok := l.NextWork(n)
		if !ok {
			t.Fatal("no comparison work")
		}
		busy := 0
		for k := range w.Requests {
			if w.Units[k] > 0 {
				busy++
			}
		}
		if busy != n {
			t.Errorf("%d workers: %d of them got units", n, busy)
		}
		l.cmp.split = nil // hand the batch out again, through the pool
		l.Step()
		pumpPool(t, l, &lab.Pool{Workers: n})
		if l.Steps() != 0 {
			t.Errorf("the live run moved during the comparison (step %d)", l.Steps())
		}
		f := s.State().Summary["compare"].(map[string]any)
		if f["done"] != 3*CompareSeeds {
			t.Fatalf("%d workers: %v", n, f)
		}
		delete(f, "seconds")
		if want == nil {
			want = f
		} else if !reflect.DeepEqual(f, want) {
			t.Fatalf("%d workers: %v, 1 worker: %v", n, f, want)
		}
		if !strings.Contains(s.State().SummaryText, "Seeds 3–12 reaching the target: Adam") {
			t.Errorf("summary %q", s.State().SummaryText)
		}
	}
	// Native: Adam from seeds 3..12.
	reached := 0
	for seed := uint64(3); seed < 3+CompareSeeds; seed++ {
		tr, _ := dopamine.NewTrainer(dopamine.DefaultConfig(dopamine.XOR), dopamine.Adam)
		tr.Init(seed)
		if tr.Run(dopamine.DefaultConfig(dopamine.XOR).Target, 600, false).Reached {
			reached++
		}
	}
	if got := want["adam"].(map[string]any)["reached"]; got != reached {
		t.Errorf("Adam reached on %v seeds, natively %d", got, reached)
	}
}
