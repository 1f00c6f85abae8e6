package sparselab

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	_ "hebbplay/core/jobs"
	"hebbplay/core/lab"
	"hebbplay/core/params"
	"hebbplay/core/sparse/mnist"
)

// synthetic returns a packed subset of easy digits (mnist.Synthetic).
func synthetic(t testing.TB, ntrain, ntest int) []byte {
	t.Helper()
	b, err := mnist.SyntheticPacked(ntrain, ntest, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// small is a configuration that runs in a blink on the synthetic data.
const small = "v=1&lab=sparse&H=16&k=2&examples=1500&per_frame=50&test_n=100&curve_n=50&few_presents=200&autoplay=0"

// open makes a lab from a link and hands it the data.
func open(t testing.TB, hash string, data []byte) *Lab {
	t.Helper()
	l := New()
	link := table.Decode(hash, lab.KeyLab)
	for _, n := range link.Notices {
		if !strings.Contains(n, "appears twice") { // later keys override small's
			t.Fatalf("notices for %q: %v", hash, link.Notices)
		}
	}
	if err := l.Configure(link.Values); err != nil {
		t.Fatal(err)
	}
	l.every = 0 // hand out work at once: the tests drive it by hand
	if data != nil {
		feed(t, l, data)
	}
	return l
}

// labData is the data each lab was fed (its workers fetch it too).
var labData = map[*Lab][]byte{}

// labWorkers are the native workers of each lab, as the page's pool keeps
// them (fresh ones for each work generation), with the data.
var labWorkers = map[*Lab]*lab.Pool{}

// pump runs the lab's pending work on a native worker, as the page's pool
// does (web/workers.js, web/worker.js).
func pump(t testing.TB, l *Lab, data []byte) { pumpN(t, l, data, 1) }

// pumpN runs the lab's pending work on n native workers.
func pumpN(t testing.TB, l *Lab, data []byte, n int) {
	t.Helper()
	p := labWorkers[l]
	if p == nil || p.Workers != n {
		p = &lab.Pool{Workers: n, Assets: map[string][]byte{AssetURL: data}}
		labWorkers[l] = p
	}
	if _, err := p.Run(l, 0); err != nil {
		t.Fatal(err)
	}
}

// feed hands the asset over and unpacks it.
func feed(t testing.TB, l *Lab, data []byte) {
	t.Helper()
	if got := l.NeedsAssets(); !slices.Equal(got, []string{AssetURL}) {
		t.Fatalf("NeedsAssets = %v", got)
	}
	l.SetAsset(AssetURL, data, nil)
	labData[l] = data
	for i := 0; l.phase == phaseDecoding; i++ {
		l.WorkSlice(lab.SliceBudget)
		if i > 10000 {
			t.Fatal("decoding never ends")
		}
	}
	if l.phase != phaseReady {
		t.Fatalf("phase %s: %s", l.phaseName(), l.failMsg)
	}
	if len(l.NeedsAssets()) != 0 {
		t.Fatal("still needs the asset")
	}
}

// train runs the lab as a frame does (steps, then a work slice) until the
// last example has been learnt and the measurements are up to date.
func train(t testing.TB, l *Lab) {
	t.Helper()
	// The lab tells training from a pause by the time since the last step
	// (100 ms), so the limit is in time, not in ticks.
	for start := time.Now(); ; {
		stepped := l.Step()
		l.WorkSlice(lab.SliceBudget)
		pump(t, l, labData[l])
		if !stepped && l.acc.valid && l.acc.exact && l.acc.at == l.seen() && l.stats.valid && l.stats.at == l.seen() {
			return
		}
		if time.Since(start) > time.Minute {
			t.Fatal("training never ends")
		}
	}
}

func TestTable(t *testing.T) {
	tb := Table()
	def := tb.Defaults()
	for _, p := range tb.Params() {
		if p.Help == "" || p.Label == "" || p.Group == "" {
			t.Errorf("%s lacks a label, help or group", p.Name)
		}
	}
	if err := modelConfig(def).Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	// Every parameter survives a permalink round trip at a non-default value.
	v := def.Clone()
	for _, p := range tb.Params() {
		switch p.Type {
		case params.Int, params.Float:
			x := p.Min + (p.Max-p.Min)/3
			if p.Name == "k" || p.Name == "learners" {
				x = 3
			}
			if _, err := v.Set(p.Name, x); err != nil {
				t.Fatal(err)
			}
		case params.Bool:
			v.Set(p.Name, 1-v.Get(p.Name))
		case params.Choice:
			v.Set(p.Name, float64(len(p.Choices)-1))
		}
	}
	hash := tb.Encode(v, []string{"seed"}, params.KV{Key: lab.KeyLab, Value: ID})
	link := tb.Decode(hash, lab.KeyLab)
	if len(link.Notices) > 0 {
		t.Fatalf("notices: %v", link.Notices)
	}
	if !link.Values.Equal(v) {
		t.Errorf("round trip changed the values:\n%s\n%s", hash, tb.Encode(link.Values, nil))
	}
	if !slices.Equal(link.Hidden, []string{"seed"}) || link.Extra[lab.KeyLab] != ID {
		t.Errorf("hidden %v, extra %v", link.Hidden, link.Extra)
	}
	// k ≤ H and learners ≤ k are enforced with a notice.
	link = tb.Decode("v=1&H=8&k=20&learners=30", lab.KeyLab)
	if link.Values.Int("k") != 8 || link.Values.Int("learners") != 8 || len(link.Notices) == 0 {
		t.Errorf("k %d learners %d notices %v", link.Values.Int("k"), link.Values.Int("learners"), link.Notices)
	}
}

func TestPermalinkThroughSession(t *testing.T) {
	s, err := lab.Open("v=1&lab=sparse&H=36&k=3&rho=0.3&readout=dopamine&show=backprop&autoplay=0&eligible=0")
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.ID() != ID || len(s.Notices()) > 0 {
		t.Fatalf("lab %s, notices %v", s.Lab.ID(), s.Notices())
	}
	h := s.Hash()
	if !strings.HasPrefix(h, "v=1&lab=sparse&H=36&k=3&") || !strings.Contains(h, "&readout=dopamine&") {
		t.Errorf("hash %s", h)
	}
	s2, err := lab.Open(h)
	if err != nil {
		t.Fatal(err)
	}
	if !s2.Values().Equal(s.Values()) || s2.Hash() != h {
		t.Errorf("reopened %s, want %s", s2.Hash(), h)
	}
	if got := s.NeedsAssets(); !slices.Equal(got, []string{AssetURL}) {
		t.Errorf("session needs %v", got)
	}
}

func TestLoadingAndFailure(t *testing.T) {
	l := open(t, small, nil)
	vs := l.Views()
	if len(vs) != numViews {
		t.Fatalf("%d views", len(vs))
	}
	v0 := vs[0].Version
	if !l.Step() {
		t.Error("a step while loading should wait, not end the run")
	}
	l.AssetProgress(AssetURL, 50, 200)
	if l.loadedPct() != 25 || !strings.Contains(l.Summary().Text, "25 %") {
		t.Errorf("progress %d, summary %q", l.loadedPct(), l.Summary().Text)
	}
	vs = l.Views()
	if vs[0].Version == v0 {
		t.Error("the loading view did not change with the progress")
	}
	assertInk(t, vs[0], "loading view")
	l.SetAsset(AssetURL, nil, errors.New("HTTP status 404"))
	if l.phase != phaseFailed || len(l.NeedsAssets()) != 0 || l.Step() {
		t.Errorf("after a failure: phase %s, needs %v", l.phaseName(), l.NeedsAssets())
	}
	if !strings.Contains(l.Summary().Text, "404") {
		t.Errorf("summary %q", l.Summary().Text)
	}
	// A corrupt asset fails too, without a panic.
	l = open(t, small, nil)
	l.SetAsset(AssetURL, []byte{0x1f, 0x8b, 1, 2, 3}, nil)
	for i := 0; i < 10 && l.phase == phaseDecoding; i++ {
		l.WorkSlice(lab.SliceBudget)
	}
	if l.phase != phaseFailed {
		t.Errorf("corrupt asset: phase %s", l.phaseName())
	}
}

// chartByID returns the chart with the id, or nil.
func chartByID(c lab.Charts, id string) *lab.Chart {
	for i := range c.Charts {
		if c.Charts[i].ID == id {
			return &c.Charts[i]
		}
	}
	return nil
}

// checkCharts checks that every chart validates and names the seed in its
// parameters, that the histogram holds the measured counts between their
// edges, and the gauges the measured values.
func checkCharts(t *testing.T, l *Lab, c lab.Charts) {
	t.Helper()
	for _, ch := range c.Charts {
		if err := ch.Validate(); err != nil {
			t.Error(err)
		}
		if !strings.Contains(ch.Params, "Seed = ") {
			t.Errorf("chart %s: params %q lack the seed", ch.ID, ch.Params)
		}
	}
	if h := chartByID(c, chartHistogram); h != nil && l.stats.valid {
		hist := l.stats.hist
		bars := h.Series[0]
		if !bars.Histogram || len(bars.Y) != len(hist.Counts) || math.Abs(bars.X[0]-math.Pow(10, hist.Lo)) > 1e-12 ||
			math.Abs(bars.X[len(bars.X)-1]/math.Pow(10, hist.Hi)-1) > 1e-12 {
			t.Fatalf("histogram %+v, measured %+v", bars, hist)
		}
		for b, n := range hist.Counts {
			if bars.Y[b] != float64(n) {
				t.Errorf("bin %d: %g, measured %d", b, bars.Y[b], n)
			}
		}
	}
	if g := chartByID(c, chartGauges); g != nil && l.acc.valid {
		if g.Series[0].Y[0] != l.acc.hebb || g.Series[1].Y[0] != l.acc.bp || g.Series[0].Y[2] != l.stats.silent[0] {
			t.Errorf("gauges %v %v: accuracy %v %v, silent %v", g.Series[0].Y, g.Series[1].Y, l.acc.hebb, l.acc.bp, l.stats.silent[0])
		}
	}
}

// assertInk fails unless the view's picture holds several colours.
func assertInk(t *testing.T, v lab.View, what string) {
	t.Helper()
	if v.Img == nil {
		t.Fatalf("%s: no picture", what)
	}
	seen := map[[4]uint8]int{}
	p := v.Img.Pix
	for i := 0; i < len(p); i += 4 {
		seen[[4]uint8{p[i], p[i+1], p[i+2], p[i+3]}]++
	}
	if len(seen) < 4 {
		t.Errorf("%s: only %d colours", what, len(seen))
	}
	if v.Title == "" {
		t.Errorf("%s: no title", what)
	}
}

func TestTrainViewsAndSummary(t *testing.T) {
	data := synthetic(t, 400, 100)
	l := open(t, small, data)
	before := slices.Clone(l.Views()[0].Img.Pix)
	train(t, l)
	if l.seen() != 1500 {
		t.Fatalf("seen %d", l.seen())
	}
	vs := l.Views()
	for _, v := range vs {
		assertInk(t, v, v.ID)
	}
	if bytes.Equal(before, vs[0].Img.Pix) {
		t.Error("the receptive fields did not change while training")
	}
	f := l.Summary().Fields
	for _, k := range []string{"accHebbian", "accBackprop"} {
		if a := f[k].(float64); a < 0.8 {
			t.Errorf("%s = %v on easy synthetic digits", k, a)
		}
	}
	if f["phase"] != "ready" || f["step"] != 1500 || f["steps"] != 1500 || f["accExact"] != true {
		t.Errorf("summary %v", f)
	}
	// The Hebbian first layer is non-negative; with θ > 0 some synapses fall
	// silent; the output layer's Dale measure is a share in [0.5, 1].
	if len(l.fields) != 16*784 || l.fieldsShow != "hebbian" {
		t.Fatalf("%d receptive-field weights of %q", len(l.fields), l.fieldsShow)
	}
	for _, w := range l.fields {
		if w < 0 || math.IsNaN(w) {
			t.Fatalf("hidden weight %v", w)
		}
	}
	if s := f["silent"].(float64); !(s > 0 && s < 1) {
		t.Errorf("silent fraction %v", s)
	}
	if d := f["dale"].(float64); !(d >= 0.5 && d <= 1) {
		t.Errorf("dale %v", d)
	}
	c := l.Charts()
	if !c.Active || !c.Stage || len(c.Charts) != 2 {
		t.Fatalf("charts: active %v, stage %v, %d charts, want the histogram and the gauges", c.Active, c.Stage, len(c.Charts))
	}
	checkCharts(t, l, c)
	if l.Charts().Version != c.Version {
		t.Error("charts rebuilt without a change")
	}
	// The dead units the worker measured (core/jobs checks them against the
	// core's count on the same images) reach the summary and the gauges.
	gs := chartByID(c, chartGauges)
	if d, ok := f["dead"].(float64); !ok || d != l.acc.dead || d < 0 || d > 1 ||
		gs == nil || gs.Categories[5] != "Dead hidden units" || gs.Series[0].Y[5] != l.acc.dead {
		t.Errorf("dead = %v, measured %v", f["dead"], l.acc.dead)
	}
	if !strings.Contains(l.Summary().Text, "dead hidden units") {
		t.Errorf("summary text %q does not report the dead units", l.Summary().Text)
	}
	// Views are redrawn only when something changed.
	ver := vs[0].Version
	if l.Views()[0].Version != ver {
		t.Error("an idle redraw changed the version")
	}
	// Reset goes back to the first example, with the initial weights.
	l.Rewind()
	if l.seen() != 0 || l.acc.valid {
		t.Errorf("after Rewind: seen %d", l.seen())
	}
	if !bytes.Equal(before, l.Views()[0].Img.Pix) {
		t.Error("after Rewind the receptive fields differ from the initial ones")
	}
	dump(t, l, "trained")
}

func TestDeterminism(t *testing.T) {
	data := synthetic(t, 300, 100)
	a := open(t, small+"&examples=700&per_frame=13", data)
	b := open(t, small+"&examples=700&per_frame=50&speed=10&test_n=200", data)
	train(t, a)
	train(t, b)
	if !slices.Equal(a.fields, b.fields) || len(a.fields) == 0 {
		t.Error("Hebbian weights depend on the slicing")
	}
	if !slices.Equal(a.Views()[0].Img.Pix, b.Views()[0].Img.Pix) {
		t.Error("receptive-field pictures differ")
	}
	hebb := slices.Clone(a.fields)
	for _, l := range []*Lab{a, b} {
		v := l.cfg.Clone()
		v.Set("show", 1)
		if err := l.Configure(v); err != nil {
			t.Fatal(err)
		}
		train(t, l)
	}
	if !slices.Equal(a.fields, b.fields) || slices.Equal(a.fields, hebb) {
		t.Error("backprop weights depend on the slicing, or were not sent")
	}
	// The worker's models are the ones trained here (what the curves use).
	a.tb.Step(700)
	if w := a.bp.ReceptiveFields(); len(w) != len(a.fields) || float32(w[5]) != float32(a.fields[5]) || float32(w[len(w)-1]) != float32(a.fields[len(w)-1]) {
		t.Error("the worker's backprop weights differ from native training")
	}
	// Another seed gives another run.
	c := open(t, small+"&examples=700&seed=2", data)
	train(t, c)
	if slices.Equal(hebb, c.fields) {
		t.Error("the seed changes nothing")
	}
}

func TestConfigureKeepsOrRestarts(t *testing.T) {
	data := synthetic(t, 300, 100)
	l := open(t, small, data)
	for i := 0; i < 5; i++ {
		l.Step()
		l.WorkSlice(lab.SliceBudget)
		pump(t, l, data)
	}
	n := l.seen()
	if n == 0 {
		t.Fatal("nothing learnt")
	}
	v := l.cfg.Clone()
	v.Set("per_frame", 7)
	v.Set("show", 1)
	if err := l.Configure(v); err != nil {
		t.Fatal(err)
	}
	if l.seen() != n {
		t.Errorf("a display change restarted training (%d → %d)", n, l.seen())
	}
	assertInk(t, l.Views()[0], "backprop fields")
	v.Set("eta", 0.1)
	if err := l.Configure(v); err != nil {
		t.Fatal(err)
	}
	if l.seen() != 0 {
		t.Errorf("a model change kept %d examples", l.seen())
	}
	// A valid extreme is accepted. An invalid combination (more winners
	// than hidden units) never reaches the lab: the table's constraints
	// bring k down to H, which the lab accepts.
	v.Set("k", 1)
	v.Set("rho", 0.95)
	v.Set("H", 4)
	if err := l.Configure(v); err != nil {
		t.Errorf("valid extreme refused: %v", err)
	}
	v.Set("k", 5)
	if k := v.Int("k"); k != 4 {
		t.Errorf("5 winners of 4 hidden units: k = %d, want 4", k)
	}
	if err := l.Configure(v); err != nil {
		t.Errorf("k = H = 4 refused: %v", err)
	}
}

func TestCurves(t *testing.T) {
	data := synthetic(t, 400, 100)
	l := open(t, small+"&examples=800", data)
	train(t, l)
	if _, err := l.Act("curves", nil); err != nil {
		t.Fatal(err)
	}
	if l.cj == nil || !l.Step() {
		t.Fatal("no curve job, or a step during it ended the run")
	}
	seen := l.seen()
	// The units are spread over the workers.
	w, ok := l.NextWork(3)
	if !ok || w.Units[0] == 0 || w.Units[1] == 0 || w.Units[2] == 0 {
		t.Fatalf("curve work %v", w.Units)
	}
	l.cj.split = nil // hand them out again, through the pool
	pumpN(t, l, data, 3)
	if l.cj != nil {
		t.Fatal("the curves never finish")
	}
	if l.seen() != seen {
		t.Error("training went on during the curves")
	}
	// One or two workers measure the same points.
	for n := 1; n <= 2; n++ {
		if _, err := l.Act("curves", nil); err != nil {
			t.Fatal(err)
		}
		pumpN(t, l, data, n)
		if !l.curves.done {
			t.Fatalf("%d workers: curves not done", n)
		}
	}
	first := l.curves
	l2 := open(t, small+"&examples=800", data)
	train(t, l2)
	if _, err := l2.Act("curves", nil); err != nil {
		t.Fatal(err)
	}
	pumpN(t, l2, data, 2)
	if !reflect.DeepEqual(first.few, l2.curves.few) || !reflect.DeepEqual(first.rob, l2.curves.rob) {
		t.Errorf("curves differ between 1 and 2 workers:\n%v %v\n%v %v", first.few, first.rob, l2.curves.few, l2.curves.rob)
	}
	if !l.curves.done || l.Summary().Fields["curves"] != "done" {
		t.Fatal("curves not done")
	}
	for id, ys := range l.curves.few {
		for i, y := range ys {
			if !(y >= 0 && y <= 1) {
				t.Errorf("few-shot %s[%d] = %v", id, i, y)
			}
		}
	}
	for id, ys := range l.curves.rob {
		for i, y := range ys {
			if !(y >= 0 && y <= 1) {
				t.Errorf("robustness %s[%d] = %v", id, i, y)
			}
		}
	}
	// Noise of size 0 changes nothing: the first point is the accuracy.
	if n, f := l.curves.rob[serHebbNoise][0], l.curves.rob[serHebbFGSM][0]; n != f {
		t.Errorf("at ε = 0 noise %v and FGSM %v differ", n, f)
	}
	if ys := l.curves.few[serHebbPre]; ys[len(ys)-1] < 0.5 {
		t.Errorf("few-shot with every image: %v", l.curves.few[serHebbPre])
	}
	c := l.Charts()
	checkCharts(t, l, c)
	few, rob := chartByID(c, chartFewShot), chartByID(c, chartRobustness)
	if few == nil || rob == nil {
		t.Fatalf("charts %v: no curves", c.Charts)
	}
	if !slices.Equal(few.Series[0].Y, l.curves.few[serHebbPre]) || !slices.Equal(few.Series[2].Y, l.curves.few[serBPFew]) ||
		!slices.Equal(rob.Series[0].X, l.curves.eps) || !slices.Equal(rob.Series[4].Y, l.curves.rob[serHebbXfer]) {
		t.Errorf("curve charts differ from the curves: %v %v", few.Series, rob.Series)
	}
	dump(t, l, "curves")
	// Pressing again while running cancels.
	for range 2 {
		if _, err := l.Act("curves", nil); err != nil {
			t.Fatal(err)
		}
	}
	if l.cj != nil || !l.curves.cancelled {
		t.Error("the second press did not cancel")
	}
}

// TestRealSubset trains briefly on the packed MNIST subset when make build
// has written it, checks that learning is under way and reports the time of
// the frame ticks (training slice plus work slice, as the Session runs
// them). Under Node (GOOS=js GOARCH=wasm) it measures the WebAssembly
// build.
func TestRealSubset(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "web", AssetURL))
	if err != nil {
		t.Skip("web/mnist-subset.bin not built")
	}
	l := open(t, "v=1&lab=sparse&examples=3000&autoplay=0", data)
	l.Views() // the first drawing rasterises the fonts
	var ticks []time.Duration
	for l.Step() {
		l.WorkSlice(lab.SliceBudget)
		pump(t, l, data)
		ticks = append(ticks, l.lastTick)
		if len(ticks)%10 == 0 {
			l.Views()
		}
	}
	train(t, l)
	slices.Sort(ticks)
	q := func(p float64) time.Duration { return ticks[min(len(ticks)-1, int(p*float64(len(ticks))))] }
	f := l.Summary().Fields
	t.Logf("%s", l.Summary().Text)
	t.Logf("%d training ticks of %d examples: median %v, p90 %v, p99 %v, worst %v", len(ticks), l.cfg.Int("per_frame"), q(0.5), q(0.9), q(0.99), ticks[len(ticks)-1])
	if f["accBackprop"].(float64) < 0.6 || f["accHebbian"].(float64) < 0.2 {
		t.Errorf("accuracies %v %v", f["accHebbian"], f["accBackprop"])
	}
	dump(t, l, "mnist")
}

// dump writes the views as PNG files into $SPARSELAB_DUMP, for looking at.
func dump(t testing.TB, l *Lab, name string) {
	t.Helper()
	dir := os.Getenv("SPARSELAB_DUMP")
	if dir == "" {
		return
	}
	for _, v := range l.Views() {
		f, err := os.Create(filepath.Join(dir, name+"-"+v.ID+".png"))
		if err != nil {
			t.Fatal(err)
		}
		err = png.Encode(f, v.Img)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
	}
}

// BenchmarkCurves measures computing the curves after a short training run,
// their units answered by one native worker (the page spreads them over
// its Web Workers).
func BenchmarkCurves(b *testing.B) {
	data := synthetic(b, 400, 100)
	l := open(b, small+"&examples=800", data)
	train(b, l)
	for b.Loop() {
		if _, err := l.Act("curves", nil); err != nil {
			b.Fatal(err)
		}
		pump(b, l, data)
		if l.cj != nil {
			b.Fatal("the curves did not finish")
		}
	}
}
