package sparselab

import (
	"hebbplay/core/lab"
	"hebbplay/core/params"
	"hebbplay/core/sparse"
)

// The native command of the lab is scripts/sparse: the same two models,
// with the same parameters and seed, trained and measured natively (on all
// of MNIST unless told otherwise, where the page has its 2 000-image
// subset).

// nativeSkip are the parameters scripts/sparse does not read: the page's
// own training length and measurement sizes on its subset (the command has
// -epochs, -train, -test, -robust-n, -fewshot-min), display and playback.
var nativeSkip = []string{"examples", "per_frame", "test_n", "curve_n", "few_presents", "show", "speed", "autoplay"}

// NativeFlags lists the parameters scripts/sparse takes as flags, in table
// order.
func NativeFlags() []string { return table.NamesExcept(nativeSkip...) }

// NativeSpec implements lab.Native: every parameter of the models, also
// those the chosen output-layer optimizer ignores (the models' configuration
// holds them).
func (*Lab) NativeSpec(v params.Values) lab.NativeSpec {
	return lab.NativeSpec{Command: "go run ./scripts/sparse", Params: NativeFlags(), Tail: []string{"-format", "json"}}
}

// ModelConfig is the models' configuration v describes.
func ModelConfig(v params.Values) sparse.Config { return modelConfig(v) }
