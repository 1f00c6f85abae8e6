package dopamine_test

import (
	"fmt"

	"hebbplay/core/dopamine"
)

// A browser lab trains all chosen optimizers side by side, a few steps per
// frame, and redraws from the traces and views.
func ExampleGroup() {
	cfg := dopamine.DefaultConfig(dopamine.XOR)
	g, err := dopamine.NewGroup(cfg, dopamine.Methods)
	if err != nil {
		panic(err)
	}
	g.Init(1)
	var surface []float64
	for frame := 0; frame < 10; frame++ {
		g.Step(20) // steps per frame
		for _, t := range g.Trainers() {
			_ = t.Trace() // loss, RPE and η_t curves
		}
		surface, _ = g.Trainers()[3].Surface(surface, 64, -0.5, 1.5) // Dopamine's decision surface
	}
	for _, t := range g.Trainers() {
		fmt.Println(t.Method(), t.Steps(), len(t.Trace()))
	}
	fmt.Println(len(surface))
	// Output:
	// sgd 200 201
	// adam 200 201
	// wp 200 201
	// dopamine 200 201
	// 4096
}

// The native command's helper: train until the target loss or the budget.
func ExampleTrainer_Run() {
	cfg := dopamine.DefaultConfig(dopamine.XOR)
	t, err := dopamine.NewTrainer(cfg, dopamine.Adam)
	if err != nil {
		panic(err)
	}
	t.Init(1)
	r := t.Run(cfg.Target, 5000, true)
	fmt.Println(r.Reached, r.Forward == r.StepsToTarget, r.Backward == r.Forward)
	// Output: true true true
}
