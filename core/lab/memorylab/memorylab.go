package memorylab

import (
	"fmt"
	"image"
	"math"
	"slices"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
	"hebbplay/core/pattern"
)

// ID is the lab's name in permalinks.
const ID = "memory"

func init() { lab.Register(ID, func() lab.Lab { return New() }) }

// Random streams (with the seed) of the independent parts of a run, so that
// changing one part never changes the draws of another. The stored patterns
// (prototypes and instances) are drawn exactly as core/experiment draws
// repetition 0's (stream 1, repetition 0), so that the capacity meter,
// measured with core/experiment's code, measures the patterns on screen.
const (
	streamPatterns = 1
	patternsRep    = 0 // the repetition of core/experiment whose patterns the playground stores
	streamCue      = 2
	streamAsync    = 3 // asynchronous order and random ties of a recall
)

// Lab is the associative-memory lab. Use [New]; the zero value is unusable.
type Lab struct {
	cfg    params.Values
	hasCfg bool
	// native is NativeCommand(cfg), made when configured: the summary
	// names it, and the bridge reads the summary after every result the
	// workers feed.
	native string

	shape pattern.Shape
	// Storage mode: pats are the stored patterns. Prototype mode: protos are
	// the prototypes, train[p] the stored instances of prototype p.
	gen    *pattern.Generator
	pats   []pattern.Pattern
	protos []pattern.Prototype
	counts *memory.Counts

	weights *memory.Weights
	net     *memory.Net

	targetIdx int
	target    pattern.Pattern // the pattern recall should reach
	cue       pattern.Pattern // the original cue from the configuration
	cueNow    pattern.Pattern // the cue, after any edits by clicking
	edited    bool
	res       memory.Result
	t         int // trajectory position: 0 = cue, res.Iterations = final
	// revealed: the animation of this recall has reached its end, so the
	// outcome may be shown (predict, then watch).
	revealed bool

	support []float32
	views   []lab.View
	ver     uint64
	// Versions of the pattern set and the weights, so that the gallery and
	// the weight matrix are redrawn only when they change.
	patternsVer, weightsVer, matrixVer uint64
	galleryKey                         galleryKey
	baseKey                            baseKey
	galleryBase                        *image.RGBA
	matrixShown                        bool
	dirty                              bool
	gallery                            galleryLayout
	cueGrid                            lab.Grid
	recGrid                            lab.Grid
	nstored                            int
	errorMsg                           string

	exp   experiments // the Experiments screen
	why   why         // the why view and its charts (why.go)
	meter meter       // the playground's capacity meter (capacity.go)
	// playKey is the versions of the meter's and the why view's charts when
	// playVer, the playground charts' version, last changed.
	playKey [2]uint64
	playVer uint64

	pic        pictureState // picture mode (pictures.go)
	picGallery picGallery

	hidden []string // controls a classroom link hides (words.go)
}

// New returns the lab, unconfigured.
func New() *Lab { return &Lab{} }

// ID implements lab.Lab.
func (l *Lab) ID() string { return ID }

// Title implements lab.Lab.
func (l *Lab) Title() string { return "Associative memory" }

// Table implements lab.Lab.
func (l *Lab) Table() *params.Table { return table }

// Actions implements lab.Lab.
func (l *Lab) Actions() []lab.Action {
	return []lab.Action{
		{Name: "store", Label: "Store one more", Help: "Store one more random pattern (or prototype) and recall again: watch recall fail as the memory fills up.", Key: "S", ShowIf: "screen=playground"},
		{Name: "store10", Label: "Store 10 more", Help: "Store ten more patterns (or prototypes); the capacity meter measures the fuller memory.", Key: "T", ShowIf: "screen=playground"},
		{Name: "fill", Label: "Fill to the limit", Help: "Store more and more patterns, measuring after each step, until fewer than 90% of them are recalled exactly. Press again, or change anything, to stop.", Key: "F", ShowIf: "screen=playground"},
		{Name: "newcue", Label: "New cue", Help: "Draw a new distorted cue (the next cue number).", Key: "N", ShowIf: "screen=playground"},
		{Name: "runexp", Label: "Run experiment", Help: "Measure the chosen experiment again from the start, in parallel Web Workers.", Key: "R", ShowIf: "screen=experiments"},
		{Name: "cancelexp", Label: "Cancel", Help: "Stop the running experiment at once: every worker is stopped.", Key: "C", ShowIf: "screen=experiments"},
	}
}

// About implements lab.Lab: the introduction (about.go).
func (l *Lab) About() string { return aboutText }

// PlaybackShowIf implements lab.Lab: the recall animation
// belongs to the playground screen.
func (l *Lab) PlaybackShowIf() string { return "screen=playground" }

// Act implements lab.Lab.
func (l *Lab) Act(name string, v *params.Values) (bool, error) {
	if name != "fill" {
		l.stopFill()
	}
	switch name {
	case "store":
		return l.storeMore(1, v)
	case "store10":
		return l.storeMore(10, v)
	case "fill":
		return l.startFill(v), nil
	case "newcue":
		v.Set("cue", float64(v.Int("cue")+1))
	case "runexp":
		if v.Choice("screen") != "experiments" {
			v.SetText("screen", "experiments")
			return true, nil // Configure starts the run
		}
		l.startRun(*v)
	case "cancelexp":
		if !l.exp.running() {
			return false, nil
		}
		l.stopRun("Cancelled.")
	default:
		return false, fmt.Errorf("unknown action %q", name)
	}
	return true, nil
}

// Configure implements lab.Lab: it recomputes only what depends on the
// changed parameters (patterns and counts, weights, cue, recall, views).
func (l *Lab) Configure(v params.Values) error {
	old := l.cfg
	first := !l.hasCfg
	changed := func(names ...string) bool { return first || v.Differs(old, names...) }
	shape, err := configShape(v)
	if err != nil {
		return err
	}
	patternsChanged := changed("kind", "H", "M", "N", "K", "seed", "mode", "ninst", "nflip_train", "pset") || l.pic.dirty ||
		(v.Choice("mode") == "prototype" && changed("nflip")) // the prototypes' test instances
	if patternsChanged || changed("npat") {
		if err := l.makePatterns(shape, v, patternsChanged); err != nil {
			return err
		}
		l.patternsVer++
	}
	weightsChanged := patternsChanged || changed("npat", "rule", "eps") ||
		(changed("nflip") && isBayes(v.Choice("rule")))
	if weightsChanged {
		r, err := memory.ParseRule(v.Choice("rule"))
		if err != nil {
			return err
		}
		eps, err := memory.ParseEpsMode(v.Choice("eps"))
		if err != nil {
			return err
		}
		l.weights, err = memory.Derive(l.weights, l.counts, shape, r, memory.Options{Nflip: float64(v.Int("nflip")), Eps: eps})
		if err != nil {
			return err
		}
		l.net, err = memory.NewNet(shape, l.weights)
		if err != nil {
			return err
		}
		l.weightsVer++
	}
	l.cfg, l.hasCfg, l.shape = v.Clone(), true, shape
	l.native = NativeCommand(l.cfg)
	if patternsChanged || changed("npat", "target", "cue", "nflip") {
		l.makeCue()
	}
	if weightsChanged || changed("npat", "target", "cue", "nflip", "niter", "update") {
		l.recall()
	}
	l.t = 0
	l.dirty = true
	l.configureExperiments(v)
	l.configureMeter(old, v, first)
	return nil
}

func isBayes(r string) bool { return r == string(memory.Bayes) || r == string(memory.BayesSym) }

// makePatterns draws the stored set. Patterns are drawn one after another
// from one generator, so the first P do not depend on how many follow: when
// only npat grew ("store one more"), the new ones are drawn and added to the
// counts; when it shrank, everything is drawn again.
func (l *Lab) makePatterns(shape pattern.Shape, v params.Values, fresh bool) error {
	if picturesOn(v) {
		return l.makePictures(v)
	}
	n := v.Int("npat")
	proto := v.Choice("mode") == "prototype"
	// Shrinking regenerates from scratch: the generator has moved on, and
	// growing again must draw the same patterns a fresh link would.
	if fresh || l.counts == nil || n < len(l.pats) || n < len(l.protos) {
		g, err := pattern.NewGenerator(shape, pattern.NewRand(uint64(v.Int("seed")), streamPatterns, patternsRep), pattern.Correlation{})
		if err != nil {
			return err
		}
		c, err := memory.NewCounts(shape.N)
		if err != nil {
			return err
		}
		l.gen, l.counts, l.pats, l.protos = g, c, nil, nil
	}
	if proto {
		for len(l.protos) < n {
			// The test instances (distorted by nflip) are drawn as
			// core/experiment draws them, so the generator stays in step
			// with its prototypes; the capacity meter recalls them.
			pr := pattern.NextPrototype(l.gen, v.Int("ninst"), v.Float("nflip_train"), float64(v.Int("nflip")))
			for _, p := range pr.Train {
				l.counts.Add(p)
			}
			l.protos = append(l.protos, pr)
		}
		l.nstored = n * v.Int("ninst")
		return nil
	}
	for len(l.pats) < n {
		p := l.gen.Next(nil)
		l.counts.Add(p)
		l.pats = append(l.pats, p)
	}
	l.nstored = n
	return nil
}

// count is the number of stored patterns (storage) or prototypes.
func (l *Lab) count() int {
	if l.cfg.Choice("mode") == "prototype" {
		return len(l.protos)
	}
	return len(l.pats)
}

// targetPattern is pattern i of the set recall should reach.
func (l *Lab) targetPattern(i int) pattern.Pattern {
	if l.cfg.Choice("mode") == "prototype" {
		return l.protos[i].Proto
	}
	return l.pats[i]
}

// makeCue chooses the target and distorts it into the cue, from the cue's
// own random stream.
func (l *Lab) makeCue() {
	r := pattern.NewRand(uint64(l.cfg.Int("seed")), streamCue, uint64(l.cfg.Int("cue")))
	n := l.count()
	l.targetIdx = l.cfg.Int("target")
	if l.targetIdx < 0 || l.targetIdx >= n {
		l.targetIdx = r.IntN(n)
	}
	l.target = l.targetPattern(l.targetIdx)
	nflip := min(l.cfg.Int("nflip"), l.shape.MaxFlip())
	l.cue = pattern.Distort(l.cue, r, l.shape, l.target, nflip)
	l.cueNow = append(l.cueNow[:0], l.cue...)
	l.edited = false
}

// recall runs the dynamics from the current cue, keeping the trajectory.
func (l *Lab) recall() {
	opt := memory.RecallOptions{Niter: l.cfg.Int("niter"), Trajectory: true}
	if l.cfg.Choice("update") == "async" {
		opt.Async = true
	}
	if l.cfg.Choice("ties") == "random" {
		opt.Ties = memory.TiesRandom
	}
	if opt.Async || opt.Ties == memory.TiesRandom {
		opt.Rand = pattern.NewRand(uint64(l.cfg.Int("seed")), streamAsync, uint64(l.cfg.Int("cue")))
	}
	res, err := l.net.Recall(l.cueNow, opt)
	l.errorMsg = ""
	if err != nil {
		l.errorMsg = err.Error()
		res = memory.Result{Final: l.cueNow.Clone()}
	}
	l.res = res
	l.revealed = res.Iterations == 0 // nothing to animate
	if l.t > l.res.Iterations {
		l.t = l.res.Iterations
	}
}

// stateAt is the network state after t iterations (t = 0: the cue).
func (l *Lab) stateAt(t int) pattern.Pattern {
	if t <= 0 || len(l.res.Steps) == 0 {
		return l.cueNow
	}
	if t > len(l.res.Steps) {
		t = len(l.res.Steps)
	}
	return l.res.Steps[t-1].State
}

// Step implements lab.Lab.
func (l *Lab) Step() bool {
	if l.t >= l.res.Iterations {
		return false
	}
	l.t++
	if l.t >= l.res.Iterations {
		l.revealed = true
	}
	l.dirty = true
	return true
}

// Rewind implements lab.Lab.
func (l *Lab) Rewind() {
	if l.t != 0 {
		l.t = 0
		l.dirty = true
	}
}

// Click implements lab.Lab: a click on the cue edits it, a click on the
// gallery chooses the cued pattern, a click on the recall view chooses the
// unit whose incoming weights are shown.
func (l *Lab) Click(view string, x, y int, v *params.Values) bool {
	l.Views() // the layouts of the pictures map pixels to units
	l.pic.painting = false
	switch view {
	case "cue":
		u := l.unitAt(l.cueGrid, x, y)
		if picturesOn(l.cfg) {
			u = l.cueUnitAt(x, y)
		}
		if u < 0 {
			return false
		}
		l.editCue(u)
		return true
	case "memories":
		if picturesOn(l.cfg) {
			return l.clickPictureGallery(x, y, v)
		}
		i := l.gallery.itemAt(x, y)
		if i < 0 {
			return false
		}
		v.Set("target", float64(i))
		return true
	case "recall":
		u := l.unitAt(l.recGrid, x, y)
		if picturesOn(l.cfg) && u >= 0 {
			u = 2*u + 1 // a pixel's "on" unit
		}
		if u < 0 || !inspects(v.Choice("wview")) {
			return false
		}
		v.Set("unit", float64(u))
		return true
	}
	return false
}

// EditCue applies the click rule to unit u: in a modular net the active unit
// of u's hypercolumn moves to u; in a K-of-N net u toggles. The recall is
// run again from the edited cue.
func (l *Lab) editCue(u int) {
	l.stopFill()
	if l.shape.Kind == pattern.Modular {
		h := u / l.shape.M
		l.cueNow[h] = int32(u)
	} else {
		if i, found := slices.BinarySearch(l.cueNow, int32(u)); found {
			l.cueNow = slices.Delete(l.cueNow, i, i+1)
		} else {
			l.cueNow = slices.Insert(l.cueNow, i, int32(u))
		}
	}
	l.edited = !pattern.Equal(l.cueNow, l.cue)
	l.recall()
	l.t = 0
	l.dirty = true
}

// unitAt maps a pixel of a unit-grid view to the unit index (or -1).
func (l *Lab) unitAt(g lab.Grid, x, y int) int {
	return g.UnitAt(pt(x, y), l.shape.N)
}

// Summary implements lab.Lab. Fields: correct, overlap (fraction of the
// target's active units active in the final state), iterations, converged,
// step and steps (animation position), target, cueErrors (units of the cue
// not in the target), stored, cue (active units of the cue, edits
// included), state (active units at the current step); with the why view
// also whyEnergy (energy or Lyapunov value at the step, null for asymmetric
// rules), whyMargin (smallest winner margin), whyUnit and its whySupport =
// whySignal + whyCrosstalk, and whyMethod (share or leave-out).
func (l *Lab) Summary() lab.Summary {
	if l.experimentsOn() {
		return l.expSummary()
	}
	if l.net == nil {
		return lab.Summary{Text: "not configured", Fields: map[string]any{}}
	}
	correct := pattern.Equal(l.res.Final, l.target)
	ov := l.overlap(l.res.Final)
	f := map[string]any{
		"correct":    correct,
		"overlap":    ov,
		"iterations": l.res.Iterations,
		"converged":  l.res.Converged,
		"step":       l.t,
		"steps":      l.res.Iterations,
		"target":     l.targetIdx,
		"cueErrors":  l.shape.K - pattern.Overlap(l.cueNow, l.target),
		"cueEdited":  l.edited,
		"stored":     l.nstored,
		"cue":        ints(l.cueNow),
		"state":      ints(l.stateAt(l.t)),
		"shape":      l.shape.String(),
		"revealed":   l.revealed,
	}
	l.whyFields(f)
	what := "pattern"
	if l.cfg.Choice("mode") == "prototype" {
		what = "prototype"
	}
	verdict := "incorrect"
	if correct {
		verdict = "correct"
	}
	text := fmt.Sprintf("Recall of %s #%d: %s · overlap %.2f · %d iteration%s", what, l.targetIdx, verdict, ov, l.res.Iterations, plural(l.res.Iterations))
	if !l.res.Converged {
		text += " (no fixed point)"
	}
	if !l.revealed {
		text = l.unrevealedText(what)
	}
	if l.errorMsg != "" {
		text = "Recall failed: " + l.errorMsg
	}
	return lab.Summary{Text: text, Fields: f}
}

// overlap is the fraction of the target's active units active in x.
func (l *Lab) overlap(x pattern.Pattern) float64 {
	if len(l.target) == 0 {
		return 0
	}
	return math.Round(float64(pattern.Overlap(x, l.target))/float64(len(l.target))*1000) / 1000
}

func ints(p pattern.Pattern) []any {
	out := make([]any, len(p))
	for i, u := range p {
		out[i] = int(u)
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
