package sparselab

import (
	"errors"
	"fmt"
	"math"
	"time"

	"hebbplay/core/jobs"
	"hebbplay/core/lab"
	"hebbplay/core/params"
	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// ID is the lab's name in permalinks.
const ID = "sparse"

// AssetURL is the packed MNIST subset the lab loads, relative to the page
// (make build writes it into web/).
const AssetURL = "mnist-subset.bin"

func init() { lab.Register(ID, func() lab.Lab { return New() }) }

// phase is where the lab stands with its data.
type phase int

const (
	phaseLoading  phase = iota // waiting for the asset
	phaseDecoding              // unpacking it, a slice per frame
	phaseReady                 // training and measuring
	phaseFailed                // the asset could not be loaded or read
)

// Lab is the sparse-rule lab. Use [New]; the zero value is unusable.
type Lab struct {
	cfg    params.Values
	hasCfg bool
	hidden []string // controls a classroom link hides (charts.go)
	mcfg   sparse.Config

	phase         phase
	loaded, total int64 // bytes of the asset arrived, and expected
	dec           *decoder
	failMsg       string
	train, test   *mnist.Set

	heb    *sparse.Hebbian
	bp     *sparse.Backprop
	th, tb *sparse.Trainer

	// The last frame tick (work slice), and the longest since the data
	// arrived or the run restarted, of all ticks and of those while the
	// worker trained, for the page's smoothness measurements.
	lastTick, worstTick, worstTrainTick time.Duration
	// The page's time to apply the last snapshot from the worker, and the
	// longest.
	lastApply, worstApply time.Duration

	// The measurements of the worker's last snapshot (work.go).
	acc    accuracy
	stats  weightStats
	curves curves
	cj     *curveJob

	views []lab.View
	keys  [numViews]string // what each view's picture shows, to redraw only on change
	ver   uint64
	chart chartCache // the charts last built (charts.go)

	// The training in the worker (work.go): examples asked for (wanted)
	// and received, whether a unit is out, the work generation, and the
	// receptive fields of the last snapshot.
	wanted, received int
	out              bool
	gen, batchNo     int
	lastBatch        time.Time
	lastStep         time.Time
	every            time.Duration
	workErr          string
	fields           []float64
	fieldsShow       string
	fieldsVer        int
	// report is the final measurements (scripts/sparse's) the worker sent
	// with the snapshot at the end of the budget (export.go).
	report *jobs.SparseReport
}

// New returns the lab, unconfigured and without data.
func New() *Lab { return &Lab{every: SnapshotEvery} }

// ID implements lab.Lab.
func (l *Lab) ID() string { return ID }

// Title implements lab.Lab.
func (l *Lab) Title() string { return "Sparse learning rule on MNIST" }

// Table implements lab.Lab.
func (l *Lab) Table() *params.Table { return table }

// PlaybackShowIf implements lab.Lab: the buttons are always shown.
func (l *Lab) PlaybackShowIf() string { return "" }

// About implements lab.Lab: the help text for the panel.
func (l *Lab) About() string {
	return `This lab is our reading of an abstract (Inoue, Röhrbein and Knoblauch 2026, “Guiding sparse neural networks with neurobiological principles to elicit biologically plausible representations”) and of a companion paper by the same group. The paper's exact equations are not public: every design choice here is ours, and each is a parameter you can change.

The hidden layer learns without labels. For each image the k units whose weights are most similar to it win and fire; the strongest winner moves its weights towards the image (Δw = η·h·(x − w)), so the weights stay non-negative without clipping. Homeostasis nudges every unit's bias until it wins about as often as the target ρ, and a synapse that falls below θ falls silent (w = 0). The 10 output units learn by weight perturbation, which needs no gradient. The baseline is the same-sized network trained end to end by backpropagation.

Watch the receptive fields (each unit's 784 weights as a 28×28 tile, scaled to its largest weight) turn from noise into digit prototypes; backprop's are signed and need not look like digits. The histogram shows the first layer's weights on a log axis with the fitted lognormal and its Kolmogorov–Smirnov distance (smaller fits better; a normal fit's is given for comparison). The gauges compare both models: activity sparseness, silent synapses, Dale's law on the output layer (the share of each hidden unit's output synapses with its majority sign: 0.5 random, 1 one sign) and the lognormal misfit.

“Compute curves” measures, on the models as they are, few-shot learning (fresh models trained on 1 to all images per class; “sparse Hebbian” keeps its unsupervised hidden layer and trains only its readout on the few) and robustness to random ±ε noise (solid) and to the fast gradient sign attack (dashed). The green curve attacks the Hebbian model with backprop's gradient, since its own gradient ignores the switching of winners and could flatter it.

Note what is imposed rather than emergent: k-winners-take-all sets the Hebbian layer's sparsity, and the rule keeps its first layer non-negative. The data are 2 000 training and 1 000 test images of MNIST (LeCun et al. 1998), downloaded (about 480 KB) when the lab opens.`
}

// Actions implements lab.Lab.
func (l *Lab) Actions() []lab.Action {
	return []lab.Action{
		{Name: "curves", Label: "Compute curves",
			Help: "Measure accuracy against the number of training examples per class (few-shot) and against the size of input perturbations (noise and the FGSM attack), for both models. Takes a few seconds in slices; training waits meanwhile. Press again to cancel.", Key: "C"},
	}
}

// Act implements lab.Lab. It never changes the configuration, and reports
// false so the Session does not restart the run: the curves are computed
// beside it.
func (l *Lab) Act(name string, v *params.Values) (bool, error) {
	switch name {
	case "curves":
		if l.phase != phaseReady {
			return false, errors.New("the data has not arrived yet")
		}
		if l.cj != nil {
			l.cancelCurves()
		} else {
			l.startCurves()
		}
		return false, nil
	}
	return false, fmt.Errorf("unknown action %q", name)
}

// Configure implements lab.Lab. Parameters of the models, the data or the
// seed restart training from the first example; the others keep it going.
func (l *Lab) Configure(v params.Values) error {
	mc := modelConfig(v)
	if err := mc.Validate(); err != nil {
		return err
	}
	old, first := l.cfg, !l.hasCfg
	changed := func(names ...string) bool { return first || v.Differs(old, names...) }
	retrain := changed(trainKeys...) || (l.th != nil && v.Int("examples") < l.th.Seen())
	l.cfg, l.hasCfg, l.mcfg = v.Clone(), true, mc
	if l.phase == phaseReady {
		if retrain {
			if err := l.build(); err != nil {
				return err
			}
		} else {
			if changed("test_n") {
				l.acc.valid = false
			}
			if changed("show") {
				l.stats.valid = false
			}
		}
	}
	return nil
}

// build makes both models and their trainers from the configuration, at the
// first example, and forgets every measurement of the previous models.
func (l *Lab) build() error {
	heb, err := sparse.NewHebbian(l.mcfg)
	if err != nil {
		return err
	}
	bp, err := sparse.NewBackprop(l.mcfg)
	if err != nil {
		return err
	}
	l.heb, l.bp = heb, bp
	l.th, l.tb = sparse.NewTrainer(heb, l.train), sparse.NewTrainer(bp, l.train)
	l.restart()
	l.curves = curves{}
	return nil
}

// restart sends both models back to their initial weights (the seed's) and
// the first example, and drops the measurements of the current run. Curves
// already computed stay, labelled with the examples they were computed
// after; a curve job in progress is abandoned.
func (l *Lab) restart() {
	seed := uint64(l.cfg.Int("seed"))
	l.th.Init(seed)
	l.tb.Init(seed)
	l.acc, l.stats = accuracy{}, weightStats{}
	l.worstTick, l.worstTrainTick = 0, 0
	l.abandon()
	l.wanted, l.received, l.workErr = 0, 0, ""
	l.fields, l.fieldsShow = nil, ""
	l.report = nil
	l.fieldsVer++
	l.cancelCurves()
}

// seen is the number of training examples each model has learnt (in the
// worker, as far as its snapshots tell).
func (l *Lab) seen() int { return l.received }

// Step implements lab.Lab: ask the worker to train both models on the next
// "per_frame" examples. While the data is loading or the curves are
// computed, a step waits (it asks for nothing but keeps the run going); at
// the last example it returns false.
func (l *Lab) Step() bool {
	switch {
	case l.phase == phaseFailed:
		return false
	case l.phase != phaseReady || l.cj != nil:
		return true
	}
	total := l.cfg.Int("examples")
	if l.wanted >= total {
		return false
	}
	l.wanted = min(l.wanted+l.cfg.Int("per_frame"), total)
	l.lastStep = time.Now()
	l.ver++
	return true
}

// Rewind implements lab.Lab: training starts again from the first example.
func (l *Lab) Rewind() {
	if l.phase == phaseReady && (l.received > 0 || l.wanted > 0) {
		l.restart()
	}
}

// Click implements lab.Lab; the views are not clickable.
func (l *Lab) Click(view string, x, y int, v *params.Values) bool { return false }

// NeedsAssets implements lab.AssetUser.
func (l *Lab) NeedsAssets() []string {
	if l.phase == phaseLoading {
		return []string{AssetURL}
	}
	return nil
}

// AssetProgress implements lab.AssetUser.
func (l *Lab) AssetProgress(url string, loaded, total int64) {
	if url == AssetURL && l.phase == phaseLoading {
		l.loaded, l.total = loaded, total
	}
}

// SetAsset implements lab.AssetUser: the subset is unpacked in slices by
// WorkSlice.
func (l *Lab) SetAsset(url string, data []byte, err error) {
	if url != AssetURL || l.phase != phaseLoading {
		return
	}
	if err == nil {
		l.dec, err = newDecoder(data)
	}
	if err != nil {
		l.fail(err)
		return
	}
	l.loaded = int64(len(data))
	l.total = l.loaded
	l.phase = phaseDecoding
}

func (l *Lab) fail(err error) {
	l.phase, l.failMsg, l.dec = phaseFailed, err.Error(), nil
}

// WorkSlice implements lab.AssetUser: it unpacks the data in slices of
// the budget. Training, its measurements and the curves run in workers
// (work.go).
func (l *Lab) WorkSlice(budget time.Duration) bool {
	start := time.Now()
	defer func(wasReady bool) {
		l.lastTick = time.Since(start)
		if wasReady {
			l.worstTick = max(l.worstTick, l.lastTick)
			if l.wanted > l.received {
				l.worstTrainTick = max(l.worstTrainTick, l.lastTick)
			}
		}
	}(l.phase == phaseReady)
	deadline := start.Add(budget)
	switch l.phase {
	case phaseDecoding:
		if err := l.decodeSlice(deadline); err != nil {
			l.fail(err)
		}
		return true
	case phaseReady:
	default:
		return false
	}
	return false
}

// decodeSlice unpacks the asset until the deadline; once it is complete,
// it reads the sets, and on a later tick builds the models.
func (l *Lab) decodeSlice(deadline time.Time) error {
	if l.train != nil {
		l.dec = nil
		l.phase = phaseReady
		return l.build()
	}
	done, err := l.dec.slice(deadline)
	if err != nil || !done {
		return err
	}
	train, test, err := mnist.DecodeBytes(l.dec.payload())
	if err != nil {
		return err
	}
	if train.Len() == 0 || test.Len() == 0 {
		return errors.New("the subset holds no training or no test images")
	}
	l.train, l.test = train, test
	return nil
}

// evalEvery is how many examples pass between accuracy measurements while
// training.
func (l *Lab) evalEvery() int { return max(500, l.cfg.Int("examples")/20) }

// Summary implements lab.Lab. Fields: phase ("loading", "decoding",
// "ready", "failed"), loadedPct, step and steps (examples learnt and to
// learn), tickMs, worstTickMs and worstTrainTickMs (frame-tick timings),
// applyMs and worstApplyMs (applying the worker's snapshots), accHebbian and accBackprop (test accuracy, −1 before the first
// measurement) with accAt (the examples learnt when measured) and
// accExact, sparsity (population sparseness of the Hebbian hidden layer),
// dead (share of the Hebbian hidden units that won none of the test images),
// silent (fraction of silent first-layer synapses), dale (mean sign
// consistency of the Hebbian output layer's presynaptic units), ksLogNormal
// and ksNormal (of the Hebbian first layer), curves ("none", "running",
// "done"), curvesPct, statsAt, working (the worker has training or
// measuring left to do).
func (l *Lab) Summary() lab.Summary {
	f := map[string]any{
		"phase":     l.phaseName(),
		"loadedPct": l.loadedPct(),
		"step":      l.seen(),
		"steps":     l.cfg.Int("examples"),
		// Milliseconds of the last frame tick, and of the longest since the
		// data arrived or the run restarted (of all, of those that trained).
		"tickMs":           ms(l.lastTick),
		"worstTickMs":      ms(l.worstTick),
		"worstTrainTickMs": ms(l.worstTrainTick),
		// Milliseconds to apply a snapshot from the worker (the last, the
		// longest): the page's whole share of the training.
		"applyMs":      ms(l.lastApply),
		"worstApplyMs": ms(l.worstApply),
	}
	if l.phase != phaseReady {
		text := fmt.Sprintf("Loading the MNIST subset… %d %%", l.loadedPct())
		switch l.phase {
		case phaseDecoding:
			text = fmt.Sprintf("Unpacking the MNIST subset… %d %%", l.decodedPct())
		case phaseFailed:
			text = "Could not load the MNIST subset: " + l.failMsg
		}
		return lab.Summary{Text: text, Fields: f}
	}
	num := func(x float64) float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return -1
		}
		return math.Round(x*1e4) / 1e4
	}
	f["accHebbian"], f["accBackprop"], f["accAt"], f["accExact"] = -1.0, -1.0, -1, false
	if l.acc.valid {
		f["accHebbian"], f["accBackprop"] = num(l.acc.hebb), num(l.acc.bp)
		f["accAt"], f["accExact"] = l.acc.at, l.acc.exact
		f["sparsity"] = num(l.acc.spars[0].Population)
		f["dead"] = num(l.acc.dead)
	}
	if l.stats.valid {
		f["statsAt"] = l.stats.at
		f["silent"] = num(l.stats.silent[0])
		f["dale"] = num(l.stats.dale[0].Mean)
		f["ksLogNormal"] = num(l.stats.w[0].LogNormal.KS)
		f["ksNormal"] = num(l.stats.w[0].Normal.KS)
	}
	// working: the worker still has to train or measure (a unit is out, or
	// examples asked for are not learnt yet, or the measurements are not
	// those of the models as they are).
	f["working"] = l.out || l.running()
	f["curves"] = "none"
	switch {
	case l.cj != nil:
		f["curves"] = "running"
		f["curvesPct"] = int(100 * l.cj.progress())
	case l.curves.done:
		f["curves"] = "done"
	}
	text := fmt.Sprintf("%s of %s examples", thousands(l.seen()), thousands(l.cfg.Int("examples")))
	if l.acc.valid {
		text += fmt.Sprintf(" · test accuracy: Hebbian %.0f %%, backprop %.0f %%", 100*l.acc.hebb, 100*l.acc.bp)
		if l.acc.at != l.seen() || !l.acc.exact {
			text += fmt.Sprintf(" (at %s)", thousands(l.acc.at))
		}
	}
	if l.acc.valid && !math.IsNaN(l.acc.dead) {
		text += fmt.Sprintf(" · dead hidden units %.0f %%", 100*l.acc.dead)
	}
	if l.stats.valid {
		text += fmt.Sprintf(" · silent synapses %.0f %%", 100*l.stats.silent[0])
	}
	if l.cj != nil {
		text += fmt.Sprintf(" · computing the curves… %d %%", int(100*l.cj.progress()))
	}
	if l.workErr != "" {
		text = l.workErr + " " + text
		f["error"] = l.workErr
	}
	return lab.Summary{Text: text, Fields: f}
}

func (l *Lab) phaseName() string {
	return [...]string{"loading", "decoding", "ready", "failed"}[l.phase]
}

// loadedPct is the share of the asset downloaded, in percent.
func (l *Lab) loadedPct() int {
	switch {
	case l.phase != phaseLoading:
		return 100
	case l.total <= 0:
		return 0
	}
	return min(99, int(100*l.loaded/l.total))
}

// decodedPct is the share of the asset unpacked, in percent.
func (l *Lab) decodedPct() int {
	if l.dec == nil {
		return 100
	}
	return int(100 * l.dec.fraction())
}

// ms converts a duration to milliseconds, rounded to 0.1.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e5) / 10 }

// thousands writes n with thin spaces between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 10000 && n > -10000 {
		return s
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, "\u2009"...)
		}
		out = append(out, s[i])
	}
	return string(out)
}
