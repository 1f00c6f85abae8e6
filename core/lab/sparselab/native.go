package sparselab

import (
	"strconv"

	"hebbplay/core/lab"
	"hebbplay/core/params"
	"hebbplay/core/sparse"
)

// The native command of the lab is scripts/sparse: the same two models,
// with the same parameters and seed, trained and measured natively. The
// page's line reproduces the page's run: the models' parameters and the
// seed as flags, and in its tail the data (-data, the packed subset make
// build writes to web/), the training budget (-examples) and the test
// images measured (-test, the first test_n of the subset), without the
// few-shot and robustness curves; its output (-format csv or json) is the
// lab's results download (ExportFile).

// DataFile is where make build writes the packed subset the page loads
// (AssetURL), relative to the repository: the native line's -data.
const DataFile = "web/" + AssetURL

// nativeSkip are the parameters scripts/sparse does not take under their
// table names: the training budget and test images (the line's tail gives
// them as -examples and -test), the curves' sizes (the page's curves are
// not part of its results), display and playback.
var nativeSkip = []string{"examples", "per_frame", "test_n", "curve_n", "few_presents", "show", "speed", "autoplay"}

// NativeFlags lists the parameters scripts/sparse takes as flags, in table
// order.
func NativeFlags() []string { return table.NamesExcept(nativeSkip...) }

// NativeSpec implements lab.Native: every parameter of the models, also
// those the chosen output-layer optimizer ignores (the models' configuration
// holds them), then the page's data, budget and test images.
func (*Lab) NativeSpec(v params.Values) lab.NativeSpec {
	return lab.NativeSpec{Command: "go run ./scripts/sparse", Params: NativeFlags(), Tail: []string{
		"-data", DataFile, "-examples", strconv.Itoa(v.Int("examples")), "-test", strconv.Itoa(v.Int("test_n")),
		"-fewshot=", "-eps=", "-format", "json"}}
}

// ModelConfig is the models' configuration v describes.
func ModelConfig(v params.Values) sparse.Config { return modelConfig(v) }
