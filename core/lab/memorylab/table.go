// Package memorylab is the associative-memory lab: store binary patterns in
// a recurrent network with one of the Hebbian learning rules, distort one of
// them into a cue, and watch the winner-take-all dynamics fall into (or miss)
// the stored memory, iteration by iteration.
//
// Its views are the stored patterns (or, in prototype mode, the prototypes
// and their training instances), the cue with its changed units, the recall
// trajectory with a verdict, and the weights or the support of each unit,
// or "why": each winner's support split into the signal from the cued
// memory and the crosstalk from the others, with its margin, beside two
// charts that follow the recall (the overlap with every stored memory, and
// the energy or, for asymmetric rules, the margins; why.go).
// All state follows from the configuration and seed, so a permalink
// reproduces the run exactly; a cue edited by clicking is written into the
// permalink too (cueedit.go), and dropped by any change that draws another
// cue.
//
// With the pattern set "letters" or "drawn" the patterns are 5×7 pictures
// (pictures.go): the gallery shows the cued one big, and clicking or
// dragging over its pixels draws; the drawn set is written into the
// permalink beside the parameters ("pats", lab.LinkState).
//
// The science lives in core/pattern and core/memory; this package only
// drives them and draws.
package memorylab

import (
	"fmt"
	"strings"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
)

// Limits of the playground (smaller than the core's: a browser tab holds the
// counts and the weights, 2·N² 32-bit words, and redraws them).
const (
	maxSide  = 64   // H, M ≤ 64 → N ≤ 4096
	maxN     = 4096 // K-of-N units
	maxPat   = 2000 // stored patterns or prototypes
	maxInst  = 20   // training instances per prototype
	maxTrain = maxPat * 4
)

func ruleChoices() (ids, labels []string) {
	for _, r := range memory.Rules {
		ids = append(ids, string(r.ID))
		labels = append(labels, r.Name)
	}
	return ids, labels
}

// table is the lab's parameter table; every line is one control.
var table = func() *params.Table {
	rules, ruleLabels := ruleChoices()
	ps := []params.Param{
		{Name: "screen", Label: "Screen", Type: params.Choice, Choices: []string{"playground", "experiments"}, ChoiceLabels: []string{"playground: one network, one cue", "experiments: capacity curves"}, Default: "playground", Group: "Screen", Hideable: true,
			Help: "Playground: store patterns and watch one recall. Experiments: measure storage capacity, prototype extraction or sensitivity to correlations for several rules at once, in parallel Web Workers."},
		{Name: "exp", Label: "Experiment", Type: params.Choice, Choices: []string{"storage", "proto", "corr"}, ChoiceLabels: []string{"storage capacity P90", "prototype extraction", "correlation sweep"}, Default: "storage", Group: "Experiment", Hideable: true, ShowIf: "screen=experiments",
			Help: "Storage: fcorr (fraction of cues recalled exactly) against the number of stored patterns, and the P90 where it falls to 90%. Prototype: score against the number of prototypes. Correlation: P90 and prototype capacity against a correlation knob."},
		{Name: "exp_rules", Label: "Rules compared", Type: params.Multi, Choices: rules, ChoiceLabels: ruleLabels, Default: benchmarkRules(), Group: "Experiment", Hideable: true, ShowIf: "screen=experiments",
			Help: "The learning rules measured side by side, on the very same patterns and cues."},
		{Name: "exp_reps", Label: "Repetitions", Type: params.Int, Min: 1, Max: 100, Default: "5", Group: "Experiment", Hideable: true, ShowIf: "screen=experiments",
			Help: "Independent repetitions averaged for every point (the benchmark uses 10). More is smoother and slower."},
		{Name: "exp_pmax", Label: "Most prototypes", Type: params.Int, Min: 1, Max: maxPat, Default: "200", Group: "Experiment", Hideable: true, ShowIf: "screen=experiments&exp=proto",
			Help: "The prototype curve is measured at 1, 2, 5, 10, 20, 50, … prototypes up to this number."},
		{Name: "exp_corr", Label: "Correlated sets", Type: params.Choice, Choices: []string{"hierarchical", "zipf"}, ChoiceLabels: []string{"hierarchical (parents)", "Zipf-skewed unit usage"}, Default: "hierarchical", Group: "Experiment", Hideable: true, ShowIf: "screen=experiments&exp=corr",
			Help: "Hierarchical: every pattern is one of a few parents with dparent units moved; the knob is dparent (small = strongly correlated). Zipf: the unit of popularity rank k in a hypercolumn (ranks drawn at random per repetition) is used ∝ (k+1)^−s; the knob is s (0 = uncorrelated)."},
		{Name: "exp_parents", Label: "Parents", Type: params.Int, Min: 1, Max: 100, Default: "5", Group: "Experiment", Hideable: true, ShowIf: "screen=experiments&exp=corr&exp_corr=hierarchical",
			Help: "Number of parent patterns of a hierarchical set."},
		{Name: "rule", Label: "Learning rule", Type: params.Choice, Choices: rules, ChoiceLabels: ruleLabels, Default: "bcpnn", Group: "Learning", Hideable: true, ShowIf: "screen=playground",
			Help: "How the weights are derived from co-activation counts. Changing the rule needs no re-training: every rule reads the same counts."},
		{Name: "eps", Label: "BCPNN regularisation", Type: params.Choice, Choices: []string{"faithful", "pseudocount"}, ChoiceLabels: []string{"faithful (authors' ε)", "pseudo-count"}, Default: "faithful", Group: "Learning", Hideable: true, ShowIf: "screen=playground&rule=bcpnn;screen=experiments",
			Help: "faithful: ε = 1/(P+1) as in the authors' code (unseen units get strongly negative weights); pseudo-count: add one chance observation, so unseen units get weights near 0."},
		{Name: "kind", Label: "Network", Type: params.Choice, Choices: []string{"modular", "kofn"}, ChoiceLabels: []string{"modular H×M", "K-of-N"}, Default: "modular", Group: "Network", Hideable: true, ShowIf: unlessPictures(""),
			Help: "Modular: H hypercolumns of M units, exactly one active per hypercolumn. K-of-N: any K of N units active."},
		{Name: "H", Label: "Hypercolumns H", Type: params.Int, Min: 1, Max: maxSide, Default: "10", Group: "Network", Hideable: true, ShowIf: unlessPictures("kind=modular"),
			Help: "Number of hypercolumns (modules); each pattern has one active unit in each, so H units are on. Drawn as rows."},
		{Name: "M", Label: "Units per hypercolumn M", Type: params.Int, Min: 2, Max: maxSide, Default: "10", Group: "Network", Hideable: true, ShowIf: unlessPictures("kind=modular"),
			Help: "Minicolumns per hypercolumn; the activity is 1/M. Drawn as columns."},
		{Name: "N", Label: "Units N", Type: params.Int, Min: 4, Max: maxN, Default: "100", Group: "Network", Hideable: true, ShowIf: unlessPictures("kind=kofn"),
			Help: "Number of units of the K-of-N network."},
		{Name: "K", Label: "Active units K", Type: params.Int, Min: 1, Max: maxN - 1, Default: "10", Group: "Network", Hideable: true, ShowIf: unlessPictures("kind=kofn"),
			Help: "Active units per pattern (must be below N). Recall keeps the K strongest units."},
		{Name: "mode", Label: "Mode", Type: params.Choice, Choices: []string{"storage", "prototype"}, ChoiceLabels: []string{"storage: recall stored patterns", "prototype extraction"}, Default: "storage", Group: "Patterns", Hideable: true, ShowIf: "screen=playground",
			Help: "Storage: store the patterns themselves and cue one of them. Prototype: store only distorted instances of each prototype and see whether recall finds the prototype, which was never stored."},
		{Name: "pset", Label: "Pattern set", Type: params.Choice, Choices: []string{"random", "letters", "drawn"}, ChoiceLabels: []string{"random patterns", "letters and digits (pictures)", "drawn by hand (pictures)"}, Default: "random", Group: "Patterns", Hideable: true, ShowIf: "screen=playground",
			Help: "Random: patterns drawn at random for the network above. Letters: A–Z and 0–9 as 5×7 pictures, one hypercolumn of two units (off, on) per pixel; the cue is a noisy letter with nflip pixels flipped (in prototype mode only noisy copies of the letters are stored). Drawn: your own pictures; click the pixels of the big picture in the gallery to draw (they go into the permalink)."},
		{Name: "npat", Label: "Stored patterns (prototypes)", Type: params.Int, Min: 1, Max: maxPat, Default: "12", Group: "Patterns", Hideable: true, ShowIf: "screen=playground",
			Help: "How many random patterns are stored (in prototype mode: how many prototypes). Past the capacity, recall fails."},
		{Name: "ninst", Label: "Instances per prototype", Type: params.Int, Min: 1, Max: maxInst, Default: "5", Group: "Patterns", Hideable: true, ShowIf: "screen=playground&mode=prototype;screen=experiments&exp=proto|corr",
			Help: "Training instances stored per prototype, each distorted independently."},
		{Name: "nflip_train", Label: "Training distortion", Type: params.Float, Min: 0, Max: maxSide, Step: 0.5, Default: "2", Unit: "units", Group: "Patterns", Hideable: true, ShowIf: "screen=playground&mode=prototype;screen=experiments&exp=proto|corr",
			Help: "How many hypercolumns (K-of-N: unit swaps) each training instance differs from its prototype. Fractions are spread so the mean is exact."},
		{Name: "nflip", Label: "Cue distortion nflip", Type: params.Int, Min: 0, Max: maxSide, Default: "3", Unit: "units", Group: "Cue", Hideable: true,
			Help: "How many hypercolumns of the cue have their active unit moved (K-of-N: how many active units are swapped for inactive ones). The capacity meter cues every stored pattern this way; in prototype mode the test instances are drawn with it, so a new value draws new prototypes."},
		{Name: "target", Label: "Cued pattern", Type: params.Int, Min: -1, Max: maxPat - 1, Default: "-1", Group: "Cue", Hideable: true, ShowIf: "screen=playground",
			Help: "Which stored pattern (or prototype) the cue is made from, counting from 0; “random” picks one at random for each cue number (−1 in links). Clicking a pattern in the gallery sets it."},
		{Name: "cue", Label: "Cue number", Type: params.Int, Min: 0, Max: 1_000_000_000, Default: "0", Group: "Cue", Hideable: true, ShowIf: "screen=playground",
			Help: "Numbers the random draws of the cue; “New cue” increases it. The same number gives the same cue."},
		{Name: "niter", Label: "Max iterations niter", Type: params.Int, Min: 1, Max: 100, Default: "15", Group: "Recall", Hideable: true,
			Help: "Largest number of recall iterations; recall stops earlier when the state no longer changes."},
		{Name: "update", Label: "Update", Type: params.Choice, Choices: []string{"sync", "async"}, ChoiceLabels: []string{"synchronous", "asynchronous"}, Default: "sync", Group: "Recall", Hideable: true,
			Help: "Synchronous: all hypercolumns choose their winner from the same state. Asynchronous: one hypercolumn at a time, in a seeded random order, each seeing the previous ones."},
		{Name: "ties", Label: "Ties", Type: params.Choice, Choices: []string{"lowest", "random"}, ChoiceLabels: []string{"lowest index", "random (seeded)"}, Default: "lowest", Group: "Recall", Hideable: true,
			Help: "Which unit wins when several have exactly the same support: the lowest index (as in the benchmark's reference code) or one drawn at random from the seed."},
		{Name: "seed", Label: "Seed", Type: params.Int, Min: 0, Max: 1<<31 - 1, Default: "1", Group: "Run", Hideable: true,
			Help: "Seeds every random draw: the same settings and seed give the same patterns, cue and recall on any machine."},
		{Name: "wview", Label: "Fourth view", Type: params.Choice, Choices: []string{"support", "weights", "unit", "why"}, ChoiceLabels: []string{"support of each unit", "weight matrix", "weights into a unit", "why: signal and crosstalk"}, Default: "support", Group: "Display", Hideable: true, ShowIf: "screen=playground",
			Help: "Support: what each unit receives from the current state (the winners are outlined). Weight matrix: all learned weights W_ij. Weights into a unit: the weights from every unit onto the unit you click in the recall view. Why: each winner's support split into the signal from the cued memory and the crosstalk from the others, with its margin over the best rival, and charts of the overlap with every memory and of the energy during recall (the presynaptic and Bayesian rules have asymmetric weights and no energy: their winners' margins are drawn instead)."},
		{Name: "unit", Label: "Inspected unit", Type: params.Int, Min: 0, Max: maxN - 1, Default: "0", Group: "Display", Hideable: true, ShowIf: "screen=playground&wview=unit|why",
			Help: "The unit whose incoming weights (or, in the why view, whose signal and crosstalk) are shown; click a unit in the recall view to choose it."},
	}
	ps = append(ps, lab.PlaybackParams()...)
	t := params.NewTable(ps...)
	t.Constrain = constrain
	return t
}()

// constrain enforces the rules between parameters: K < N, flips within what
// the shape allows, the target and inspected unit within range.
func constrain(v *params.Values) []string {
	var notes []string
	set := func(name string, x int, why string) {
		if v.Int(name) != x {
			v.Set(name, float64(x))
			notes = append(notes, fmt.Sprintf("%s %s; using %d.", name, why, x))
		}
	}
	notes = append(notes, constrainPictures(v)...)
	var n, maxFlip int
	if picturesOn(*v) {
		n, maxFlip = picShape.N, picShape.MaxFlip()
	} else if v.Choice("kind") == "modular" {
		n = v.Int("H") * v.Int("M")
		maxFlip = v.Int("H")
	} else {
		if v.Int("K") >= v.Int("N") {
			set("K", v.Int("N")-1, "must be below N")
		}
		n = v.Int("N")
		maxFlip = min(v.Int("K"), v.Int("N")-v.Int("K"))
	}
	if v.Int("nflip") > maxFlip {
		set("nflip", maxFlip, "cannot exceed what the network allows")
	}
	if v.Float("nflip_train") > float64(maxFlip) {
		v.Set("nflip_train", float64(maxFlip))
		notes = append(notes, fmt.Sprintf("nflip_train cannot exceed %d; using %d.", maxFlip, maxFlip))
	}
	if v.Int("target") >= v.Int("npat") {
		set("target", v.Int("npat")-1, "must name a stored pattern")
	}
	if v.Int("unit") >= n {
		set("unit", n-1, "must name a unit of the network")
	}
	if v.Choice("mode") == "prototype" && v.Int("npat")*v.Int("ninst") > maxTrain {
		set("ninst", maxTrain/v.Int("npat"), "times the number of prototypes is too many instances")
	}
	return notes
}

// benchmarkRules is the default set of rules an experiment compares: the
// benchmark's seven.
func benchmarkRules() string {
	var ids []string
	for _, r := range memory.BenchmarkRules() {
		ids = append(ids, string(r))
	}
	return strings.Join(ids, ",")
}

// Table returns the lab's parameter table (for tests and tools).
func Table() *params.Table { return table }
