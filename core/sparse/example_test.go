package sparse_test

import (
	"fmt"
	"os"

	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// A browser lab loads the packed subset, builds both models from one
// configuration and seed, trains them a slice per frame, and redraws its
// views from the receptive fields, the weight histogram and the measurements.
// (Not run as a test: it needs the asset that scripts/mnistpack writes.)
func Example() {
	asset, err := os.ReadFile("web/mnist-subset.bin") // fetched by the page in the browser
	if err != nil {
		panic(err)
	}
	train, test, err := mnist.DecodeBytes(asset)
	if err != nil {
		panic(err)
	}
	cfg := sparse.DefaultConfig(100)
	heb, err := sparse.NewHebbian(cfg)
	if err != nil {
		panic(err)
	}
	bp, err := sparse.NewBackprop(cfg)
	if err != nil {
		panic(err)
	}
	trainers := []*sparse.Trainer{sparse.NewTrainer(heb, train), sparse.NewTrainer(bp, train)}
	for _, t := range trainers {
		t.Init(1)
	}
	var hist sparse.Histogram
	for frame := 0; frame < 100; frame++ {
		for _, t := range trainers {
			t.Step(50) // images per frame
		}
		fields := heb.ReceptiveFields() // Hidden rows of 28×28 weights in [0, 1]
		sparse.LogHistogram(&hist, fields, 40)
		_ = hist.Counts // bars on a log10 |w| axis from hist.Lo to hist.Hi, hist.Fit the lognormal
	}
	for _, m := range []sparse.Model{heb, bp} {
		r := sparse.Evaluate(m, test, 500)
		fmt.Println(m.Name(), r.Accuracy, r.Sparsity.Population, r.Weights.SilentFraction, r.Dale[1].Mean)
	}
}
