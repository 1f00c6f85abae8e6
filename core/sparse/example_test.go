package sparse_test

import (
	"fmt"

	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// blocks is a stand-in for the MNIST subset (which scripts/mnistpack
// writes and the page fetches): n images of the ten digits, digit d being
// a 7×7 square of ink at a place of its own, shifted by a pixel from image
// to image.
func blocks(n int) *mnist.Set {
	s := &mnist.Set{Pixels: make([]byte, n*mnist.Pixels), Labels: make([]byte, n)}
	for e := range n {
		d := e % mnist.Classes
		s.Labels[e] = byte(d)
		img := s.Pixels[e*mnist.Pixels : (e+1)*mnist.Pixels]
		r0, c0 := 2+(d/5)*12+(e/10)%3, 1+(d%5)*5+(e/30)%2
		for y := r0; y < r0+7; y++ {
			for x := c0; x < c0+7; x++ {
				img[y*mnist.Cols+x] = 200
			}
		}
	}
	return s
}

// A browser lab builds both models from one configuration and seed, trains
// them a slice per frame, and redraws its views from the receptive fields,
// the weight histogram and the measurements. Here on ten blocks of ink
// instead of the digits, which both models tell apart.
func Example() {
	train, test := blocks(600), blocks(100)
	cfg := sparse.DefaultConfig(40)
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
	for frame := 0; frame < 30; frame++ {
		for _, t := range trainers {
			t.Step(50) // images per frame
		}
		fields := heb.ReceptiveFields() // Hidden rows of 28×28 weights
		sparse.LogHistogram(&hist, fields, 40)
	}
	fmt.Println("images seen:", trainers[0].Seen(), trainers[1].Seen())
	fmt.Println("histogram bins:", len(hist.Counts))
	for _, m := range []sparse.Model{heb, bp} {
		r := sparse.Evaluate(m, test, 0)
		fmt.Printf("%s: accuracy %.2f, population sparseness %.2f, dead units %.2f, %d layers\n", m.Name(), r.Accuracy, r.Sparsity.Population, r.Dead, len(r.Dale))
	}
	// Output:
	// images seen: 1500 1500
	// histogram bins: 40
	// hebbian: accuracy 0.90, population sparseness 0.97, dead units 0.07, 2 layers
	// backprop: accuracy 1.00, population sparseness 0.05, dead units 0.00, 2 layers
}
