package dopaminelab

import (
	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// The native command of the lab is scripts/dopamine: the same training of
// every optimizer shown, from the same weights, for the step budget.

// nativeSkip are the parameters scripts/dopamine does not read: display
// and playback.
var nativeSkip = []string{"views", "speed", "autoplay", "spf" + sufXOR, "spf" + sufMG}

// NativeFlags lists the parameters scripts/dopamine takes as flags, in
// table order.
func NativeFlags() []string { return table.NamesExcept(nativeSkip...) }

// NativeSpec implements lab.Native: the parameters of the task chosen.
func (*Lab) NativeSpec(v params.Values) lab.NativeSpec {
	return lab.NativeSpec{Command: "go run ./scripts/dopamine", Params: lab.ShownParams(v, nativeSkip...), Tail: []string{"-format", "json"}}
}

// Setup is what configuration v trains: the core's configuration of the
// chosen task, the optimizers shown (in display order), the seed and the
// step budget.
func Setup(v params.Values) (dopamine.Config, []dopamine.Method, uint64, int, error) {
	s, err := setupOf(v)
	if err != nil {
		return dopamine.Config{}, nil, 0, 0, err
	}
	return s.cfg, s.methods, s.seed, v.Int("steps" + suffix(v.Choice("task"))), nil
}
