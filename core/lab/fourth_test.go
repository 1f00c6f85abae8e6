package lab

import (
	"encoding/json"
	"fmt"
	"image/color"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/job"
	"hebbplay/core/params"
)

// squares is a minimal fourth lab, written only against the Lab contract:
// its background work computes u² + seed for the units u = 0 … n−1 in
// workers (job kind "test.squares"), its chart plots the results, and its
// summary reports their sum. It gets the frame's services without any
// frame code: the permalink, the native worker pool, the charts and the
// summary in the Session's state.
type squares struct {
	n, seed int
	perUnit bool // one request per unit (more requests than workers: a queue)
	gen     int
	batch   int
	out     bool
	got     []int
	have    []bool
	done    int
}

var squaresTable = params.NewTable(
	params.Param{Name: "n", Label: "Units", Type: params.Int, Min: 1, Max: 50, Default: "5", Group: "Run", Help: "How many units to compute."},
	params.Param{Name: "seed", Label: "Seed", Type: params.Int, Min: 0, Max: 1000, Default: "0", Group: "Run", Help: "Added to every square."},
)

// squaresSpec and squaresUnit are the job's request.
type squaresSpec struct {
	Seed int `json:"seed"`
}
type squaresUnit struct {
	U int `json:"u"`
}

type squaresRunner struct{}

func (squaresRunner) Run(req []byte, env job.Env) (any, error) {
	var spec squaresSpec
	var u squaresUnit
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	return map[string]int{"u": u.U, "v": u.U*u.U + spec.Seed}, nil
}

func init() {
	job.Register("test.squares", func() job.Runner { return squaresRunner{} })
	Register("squares", func() Lab { return &squares{} })
}

func (l *squares) ID() string             { return "squares" }
func (l *squares) Title() string          { return "Squares" }
func (l *squares) About() string          { return "Squares plus a seed, computed in workers." }
func (l *squares) PlaybackShowIf() string { return "n=3" }
func (l *squares) Table() *params.Table   { return squaresTable }
func (l *squares) Actions() []Action      { return nil }
func (l *squares) Configure(v params.Values) error {
	l.n, l.seed = v.Int("n"), v.Int("seed")
	l.gen++
	l.out = false
	l.got, l.have, l.done = make([]int, l.n), make([]bool, l.n), 0
	return nil
}
func (l *squares) Act(string, *params.Values) (bool, error) { return false, nil }
func (l *squares) Step() bool                               { return false }
func (l *squares) Rewind()                                  {}
func (l *squares) Views() []View {
	return []View{{ID: "v", Img: NewImage(nil, 1, 1, color.RGBA{})}}
}
func (l *squares) Click(string, int, int, *params.Values) bool { return false }

func (l *squares) sum() int {
	s := 0
	for _, v := range l.got {
		s += v
	}
	return s
}

func (l *squares) Summary() Summary {
	return Summary{Text: fmt.Sprintf("%d of %d units, sum %d", l.done, l.n, l.sum()),
		Fields: map[string]any{"done": l.done, "sum": l.sum()}}
}

// NextWork hands out one batch: the units dealt to the workers in turn.
func (l *squares) NextWork(workers int) (Work, bool) {
	if l.out || l.done == l.n {
		return Work{}, false
	}
	l.out = true
	l.batch++
	nreq := workers
	if l.perUnit {
		nreq = l.n
	}
	w := Work{ID: l.batch, Gen: l.gen, Requests: make([]string, nreq), Units: make([]int, nreq)}
	units := make([][]squaresUnit, nreq)
	for u := 0; u < l.n; u++ {
		units[u%nreq] = append(units[u%nreq], squaresUnit{U: u})
	}
	for k, us := range units {
		if len(us) == 0 {
			continue
		}
		b, _ := json.Marshal(map[string]any{"kind": "test.squares", "spec": squaresSpec{Seed: l.seed}, "units": us})
		w.Requests[k], w.Units[k] = string(b), len(us)
	}
	return w, true
}

func (l *squares) FeedWork(id, k, i int, result string) error {
	if id != l.batch {
		return nil
	}
	var r struct {
		U, V  int
		Error string
	}
	if err := json.Unmarshal([]byte(result), &r); err != nil || r.Error != "" {
		return fmt.Errorf("squares: bad result %q", result)
	}
	if r.U < 0 || r.U >= l.n || l.have[r.U] {
		return fmt.Errorf("squares: unexpected unit %d", r.U)
	}
	l.got[r.U], l.have[r.U] = r.V, true
	l.done++
	return nil
}

func (l *squares) WorkGen() int { return l.gen }

func (l *squares) Charts() Charts {
	xs, ys := []float64{}, []float64{}
	for u, ok := range l.have {
		if ok {
			xs, ys = append(xs, float64(u)), append(ys, float64(l.got[u]))
		}
	}
	return Charts{Active: true, Charts: []Chart{{ID: "squares", Title: "u² + seed",
		Series: []Series{{Label: "value", Color: "#336699", X: xs, Y: ys}}}},
		Exports: []Export{{Name: "csv", Label: "CSV", Filename: "squares.csv", Mime: "text/csv"}},
		Done:    l.done, Total: l.n, Running: l.done < l.n, Version: uint64(l.gen*1000 + l.done)}
}

func (l *squares) ExportFile(name string) (string, error) {
	if name != "csv" {
		return "", fmt.Errorf("squares: no export %q", name)
	}
	var b strings.Builder
	b.WriteString("u,v\n")
	for u, v := range l.got {
		fmt.Fprintf(&b, "%d,%d\n", u, v)
	}
	return b.String(), nil
}

// TestFourthLabGetsTheFrame: a lab written only against the Lab contract
// and registered here is reachable by permalink, runs its jobs in the
// native worker pool with the same results for 1 and 2 workers (and the
// known answer), and its charts, downloads, help text and summary reach
// the Session's state and schema.
func TestFourthLabGetsTheFrame(t *testing.T) {
	const hash = "v=1&lab=squares&n=7&seed=3"
	// Permalink round trip.
	s, err := Open(hash)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.ID() != "squares" || len(s.Notices()) != 0 {
		t.Fatalf("opened %q, notices %v", s.Lab.ID(), s.Notices())
	}
	again, err := Open(s.Hash())
	if err != nil || !again.Values().Equal(s.Values()) || again.Hash() != s.Hash() {
		t.Fatalf("round trip: %q → %q (%v)", s.Hash(), again.Hash(), err)
	}
	if s.Values().Int("n") != 7 || s.Values().Int("seed") != 3 {
		t.Fatalf("config %v", s.Values().Map())
	}

	// Jobs through the native pool: 1 and 2 workers give the same results,
	// which are the known answer Σ_{u<7} u² + 7·3 = 91 + 21 = 112.
	run := func(workers int) (*Session, int) {
		s, err := Open(hash)
		if err != nil {
			t.Fatal(err)
		}
		if w, _ := s.Lab.NextWork(workers); workers == 2 && (w.Units[0] != 4 || w.Units[1] != 3) {
			t.Fatalf("2 workers: units %v, want [4 3]", w.Units)
		}
		s.Lab.Configure(s.Values()) // abandon that batch: a new generation
		p := &Pool{Workers: workers}
		n, err := p.Run(s.Lab, 0)
		if err != nil {
			t.Fatal(err)
		}
		return s, n
	}
	s1, n1 := run(1)
	s2, n2 := run(2)
	if n1 != 7 || n2 != 7 {
		t.Fatalf("units run: %d with 1 worker, %d with 2", n1, n2)
	}
	st1, st2 := s1.State(), s2.State()
	if st1.Summary["sum"] != 112 || st1.Summary["done"] != 7 || st1.SummaryText != "7 of 7 units, sum 112" {
		t.Errorf("summary %v %q", st1.Summary, st1.SummaryText)
	}
	if !reflect.DeepEqual(st1.Summary, st2.Summary) || st1.SummaryText != st2.SummaryText {
		t.Errorf("1 worker %v, 2 workers %v", st1.Summary, st2.Summary)
	}
	c1, c2 := s1.Lab.Charts(), s2.Lab.Charts()
	if !reflect.DeepEqual(c1, c2) {
		t.Errorf("charts differ:\n%+v\n%+v", c1, c2)
	}
	f1, err1 := s1.Lab.ExportFile("csv")
	f2, err2 := s2.Lab.ExportFile("csv")
	if err1 != nil || err2 != nil || f1 != f2 || !strings.HasPrefix(f1, "u,v\n0,3\n1,4\n2,7\n") {
		t.Errorf("exports %q %q (%v %v)", f1, f2, err1, err2)
	}

	// Charts reported, well formed, and finished.
	if !c1.Active || len(c1.Charts) != 1 || c1.Running || c1.Done != 7 {
		t.Fatalf("charts %+v", c1)
	}
	for _, c := range c1.Charts {
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	}
	if ys := c1.Charts[0].Series[0].Y; len(ys) != 7 || ys[6] != 39 {
		t.Errorf("chart values %v", ys)
	}
	// Nothing left to do: the pool runs no more units.
	if n, err := (&Pool{Workers: 2}).Run(s1.Lab, 0); n != 0 || err != nil {
		t.Errorf("after the run: %d units (%v)", n, err)
	}

	// The schema carries the help text and the playback condition.
	sc := s.Schema()
	if sc.About != "Squares plus a seed, computed in workers." || sc.Actions[0].ShowIf != "n=3" {
		t.Errorf("schema about %q, play shown if %q", sc.About, sc.Actions[0].ShowIf)
	}
	found := false
	for _, in := range sc.LabList {
		found = found || in == Info{ID: "squares", Title: "Squares"}
	}
	if !found {
		t.Errorf("lab list %v", sc.LabList)
	}
}

// TestPoolLabWithoutWork: a lab embedding NoWork runs no units; a pool
// without workers is an error naming the limit; a request naming a file
// the pool lacks is an error naming the file.
func TestPoolLabWithoutWork(t *testing.T) {
	s, _ := openCounter(t, "")
	if n, err := (&Pool{Workers: 2}).Run(s.Lab, 0); n != 0 || err != nil {
		t.Errorf("counter: %d units (%v)", n, err)
	}
	if err := s.Lab.FeedWork(1, 0, 0, "{}"); err == nil {
		t.Error("NoWork accepted a result")
	}
	if _, err := (&Pool{}).Run(s.Lab, 0); err == nil || !strings.Contains(err.Error(), "at least 1 worker") {
		t.Errorf("no workers: %v", err)
	}
	if _, err := s.Lab.ExportFile("x"); err == nil {
		t.Error("NoCharts offered a download")
	}
	if s.Lab.Charts().Active {
		t.Error("NoCharts is active")
	}
	p := &Pool{Workers: 1}
	if _, err := p.answer(&job.Worker{}, `{"kind":"test.squares","assets":["a.bin"],"spec":{},"units":[{"u":0}]}`); err == nil || !strings.Contains(err.Error(), `"a.bin"`) {
		t.Errorf("missing asset: %v", err)
	}
}

// TestPoolQueuesExtraRequests: a batch with more requests than workers
// (one per unit) runs every request, each once, and feeds back the same
// results as one request per worker.
func TestPoolQueuesExtraRequests(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		l := &squares{perUnit: true}
		v := squaresTable.Defaults()
		v.Set("n", 7)
		v.Set("seed", 4)
		if err := l.Configure(v); err != nil {
			t.Fatal(err)
		}
		n, err := (&Pool{Workers: workers}).Run(l, 0)
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		// Σ u² for u = 0…6 is 91, plus the seed 4 seven times.
		if n != 7 || l.done != 7 || l.sum() != 91+7*4 {
			t.Errorf("%d workers: %d units run, %d fed, sum %d; want 7, 7, 119", workers, n, l.done, l.sum())
		}
	}
}
