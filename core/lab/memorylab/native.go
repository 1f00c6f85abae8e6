package memorylab

import (
	"hebbplay/core/experiment"
	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// The native command of the lab is scripts/hebb: the Experiments screen's
// configuration, the experiment as its first argument and the table's
// network, cue, recall and experiment settings as flags.

// nativeSkip are the parameters scripts/hebb does not read: the screen, the
// experiment (its first argument), the playground's own settings, display
// and playback.
var nativeSkip = []string{"screen", "exp", "rule", "mode", "pset", "npat", "target", "cue", "wview", "unit", "speed", "autoplay"}

// NativeFlags lists the parameters scripts/hebb takes as flags, in table
// order.
func NativeFlags() []string { return table.NamesExcept(nativeSkip...) }

// NativeSpec implements lab.Native: the experiment v's Experiments screen
// would run (also while the playground is shown), with the settings it
// shows.
func (*Lab) NativeSpec(v params.Values) lab.NativeSpec {
	e := v.Clone()
	e.SetChoice("screen", "experiments")
	return lab.NativeSpec{Command: "go run ./scripts/hebb", Args: []string{v.Choice("exp")},
		Params: lab.ShownParams(e, nativeSkip...), Tail: []string{"-format", "json"}}
}

// ExperimentConfig is the experiment configuration v describes, with the
// numbers of stored prototypes (proto) and the knob values (corr) its
// curve is measured at: the same the Experiments screen runs.
func ExperimentConfig(v params.Values) (experiment.Config, []int, []float64, error) {
	return expConfig(v)
}
